/**
 * "Whose turn, what next, by when" (turn.ts): what the case page asks of each person at a stage
 * the agencies work, at the consultation step and once the case is closed, under policies
 * shaped like the seeds. The chair's stage: turn-chair.test.ts. Each test names the rule it holds.
 */
import { describe, expect, it } from 'vitest';
import { preset } from '../../policies/testing.js';
import type { Policy } from '../policy/schema.js';
import type { Actor } from './context.js';
import {
  bothAgreed,
  type CaseHarness,
  consultFirstPolicy,
  fiveStagePolicy,
  workersHold as holders,
  people,
  plannedPolicy,
  raised as raisedBy,
  t0,
} from './testing.js';
import { whoseTurn } from './turn.js';

const { worker, manager, socialWorker, chair } = people;
const schoolColleague: Actor = { personId: 'p-teacher-2', role: 'frontline', agencyId: 'a-school' };
const police: Actor = { personId: 'p-police', role: 'manager', agencyId: 'a-police' };
const team: Actor = { personId: 'p-team', role: 'partnership-team', agencyId: null };

/** A case raised under `policy`, its first stage held by the two workers. */
const raised = (policy: Policy = fiveStagePolicy, over = {}): CaseHarness =>
  raisedBy(policy, over, holders);

const turn = (c: CaseHarness, actor: Actor) => whoseTurn(c.current, c.policy, actor);

describe('whose turn at a stage the agencies work (002-like: five stages)', () => {
  it('the raising holder talks to the agency it is with, then escalates to the next stage by its due time', () => {
    expect(turn(raised(), worker)).toEqual({
      yours: true,
      side: 'raising',
      withSides: ['raising', 'other'],
      ask: 'Talk to your counterpart at the agency it is with, by phone or face to face, and record the discussion. If you agree, record the resolution; if not, escalate it to stage 2 (Manager to manager) by 5pm on Tuesday 24 March 2026.',
    });
  });

  it('the other side’s holder talks to the agency that raised it', () => {
    expect(turn(raised(), socialWorker)).toMatchObject({
      yours: true,
      side: 'other',
      ask: expect.stringMatching(/^Talk to your counterpart at the agency that raised it,/),
    });
  });

  it('at the stage before the chair’s, the holder refers it to the chair instead', () => {
    const c = raised();
    for (let n = 2; n < 5; n++) c.must({ type: 'escalate', reason: 'Not resolved' }, worker, t0);
    expect(c.current.stage.number).toBe(4);
    expect(turn(c, manager).ask).toMatch(/; if not, refer it to the chair by 5pm on /);
  });

  it('someone on a side who does not hold the stage is told they will hear of each escalation', () => {
    expect(turn(raised(), schoolColleague)).toEqual({
      yours: false,
      side: 'raising',
      withSides: ['raising', 'other'],
      ask: 'Nothing is asked of you now: the people named below hold it by 5pm on Tuesday 24 March 2026. You will be told of each escalation and the outcome.',
    });
  });

  it('someone on neither side is told who holds it; the chair is on the partnership’s side', () => {
    expect(turn(raised(), police)).toEqual({
      yours: false,
      side: null,
      withSides: ['raising', 'other'],
      ask: 'It is held by the people named below by 5pm on Tuesday 24 March 2026.',
    });
    expect(turn(raised(), chair)).toMatchObject({ yours: false, side: 'partnership' });
    expect(turn(raised(), team)).toMatchObject({ yours: false, side: 'partnership' });
  });

  it('003: a stage with no timescale is due within a timescale that protects the child', () => {
    const c = raised(consultFirstPolicy);
    c.must(
      {
        type: 'record-consultation',
        with: { personId: 'p-manager', role: 'manager' },
        answers: { problem: 'p', aims: 'a' },
        summary: 'Talked it through',
      },
      worker,
      t0,
      holders,
    );
    expect(turn(c, worker).ask).toBe(
      'Talk to your counterpart at the agency it is with, by phone or face to face, and record the discussion. If you agree, record the resolution; if not, escalate it to stage 2 (Manager to manager) within a timescale that protects the child.',
    );
  });
});

describe('the agreed action plan does not take the place of the turn while the case is open', () => {
  it('the owning agency’s holder is asked to work the stage, not to mark its actions done', () => {
    const c = raised(plannedPolicy);
    c.must(
      { type: 'add-plan-action', description: 'x', ownerAgencyId: 'a-csc', dueOn: '2026-04-09' },
      worker,
      t0,
    );
    expect(turn(c, socialWorker).ask).toMatch(
      /^Talk to your counterpart at the agency that raised it/,
    );
  });
});

describe('whose turn at the consultation step (stage 0)', () => {
  it('003: the raiser consults their supervisor and records it; the other side waits for stage 1', () => {
    const c = raised(consultFirstPolicy);
    expect(turn(c, worker)).toEqual({
      yours: true,
      side: 'raising',
      withSides: ['raising'],
      ask: 'Consult your supervisor, then record it: the case moves to stage 1 when it is recorded.',
    });
    expect(turn(c, socialWorker)).toEqual({
      yours: false,
      side: 'other',
      withSides: ['raising'],
      ask: 'The agency that raised it is at "Consult your supervisor" first. You will be told when it reaches stage 1.',
    });
  });

  it('004: the pre-escalation discussion is between the two sides’ workers', () => {
    const c = raised(preset('bscb-partnership'));
    expect(c.current.stage.number).toBe(0);
    expect(turn(c, worker)).toEqual({
      yours: true,
      side: 'raising',
      withSides: ['raising', 'other'],
      ask: "Pre-escalation: professional discussion: talk it through with the other agency's worker, record the discussion, then resolve it or escalate it to stage 1.",
    });
    expect(turn(c, socialWorker)).toEqual({
      yours: true,
      side: 'other',
      withSides: ['raising', 'other'],
      ask: 'Pre-escalation: professional discussion: the worker who raised it will contact you to talk it through. Try to resolve it together before it is escalated.',
    });
    expect(turn(c, police)).toEqual({
      yours: false,
      side: null,
      withSides: ['raising', 'other'],
      ask: 'The workers are at "Pre-escalation: professional discussion" first. You will be told if it reaches stage 1.',
    });
  });

  it('004: from stage 1 the stage is worked as any other, not as the discussion', () => {
    const c = raised(preset('bscb-partnership'), { immediateRisk: true });
    expect(turn(c, worker).ask).toMatch(/^Talk to your counterpart at the agency it is with/);
  });
});

describe('whose turn once the case is closed', () => {
  it('a resolved case asks only that the outcome is recorded on the child’s file', () => {
    const c = raised();
    c.must({ type: 'resolve', outcome: 'Agreed', actions: [], agreedBy: bothAgreed }, worker, t0);
    expect(turn(c, worker)).toEqual({
      yours: false,
      side: 'raising',
      withSides: ['raising', 'other'],
      ask: "Record the outcome on the child's file. Nothing more is due unless the case is reopened.",
    });
  });

  it('the agreed action plan: the agency with actions still to do is asked, soonest due first, counting only those not done', () => {
    const c = raised(plannedPolicy);
    const add = (actionId: string, dueOn: string) =>
      c.must(
        { type: 'add-plan-action', description: actionId, ownerAgencyId: 'a-csc', dueOn },
        worker,
        t0,
      );
    add('later', '2026-04-14');
    add('sooner', '2026-04-09');
    add('done', '2026-04-01');
    c.must(
      { type: 'mark-action-done', actionId: 'action-3', doneOn: '2026-03-23' },
      socialWorker,
      t0,
    );
    c.must({ type: 'resolve', outcome: 'Agreed', actions: [], agreedBy: bothAgreed }, worker, t0);
    expect(turn(c, socialWorker)).toEqual({
      yours: true,
      side: 'other',
      withSides: ['raising', 'other'],
      ask: "Your agency has 2 actions of the agreed plan still to do, the first due by 5pm on Thursday 9 April 2026: mark each done on the case when it is carried out. Record the outcome on the child's file.",
    });
    expect(turn(c, worker).yours).toBe(false);
  });

  it('a withdrawn case asks for no action of its plan', () => {
    const c = raised(plannedPolicy);
    c.must(
      { type: 'add-plan-action', description: 'x', ownerAgencyId: 'a-csc', dueOn: '2026-04-09' },
      worker,
      t0,
    );
    c.must({ type: 'withdraw', reason: 'Agreed after all' }, worker, t0);
    expect(turn(c, socialWorker)).toMatchObject({ yours: false, ask: /^Record the outcome/ });
  });
});
