/**
 * "Whose turn, what next, by when" (turn.ts): what the case page asks of each person, at each
 * point of the procedure, under policies shaped like the seeds. Each test names the rule it holds.
 */
import { describe, expect, it } from 'vitest';
import { preset } from '../../policies/testing.js';
import { calendarFor } from '../calendar/index.js';
import { Policy, type PolicyInput } from '../policy/schema.js';
import type { Actor } from './context.js';
import type { Holders } from './events.js';
import {
  bothAgreed,
  CaseHarness,
  consultFirstPolicy,
  fiveStagePolicy,
  people,
  plannedPolicy,
  preEscalationPolicy,
  raiseInput,
} from './testing.js';
import { whoseTurn } from './turn.js';

const calendar = calendarFor('england-and-wales');
const { worker, manager, socialWorker, chair } = people;
/** Monday 23 March 2026, 10am */
const t0 = '2026-03-23T10:00:00Z';
const holders: Holders = { raising: ['p-worker'], other: ['p-social-worker'] };
const chairHolders: Holders = { raising: [], other: [], partnership: ['p-chair', 'p-team'] };
const schoolColleague: Actor = { personId: 'p-teacher-2', role: 'frontline', agencyId: 'a-school' };
const police: Actor = { personId: 'p-police', role: 'manager', agencyId: 'a-police' };
const team: Actor = { personId: 'p-team', role: 'partnership-team', agencyId: null };
const member = (personId: string, agencyId: string): Actor => ({
  personId,
  role: 'director',
  agencyId,
});
const head = member('p-head', 'a-school');
const cscDirector = member('p-csc-director', 'a-csc');
const healthDirector = member('p-health-director', 'a-health');

function variant(policy: Policy, change: Partial<PolicyInput>): Policy {
  return Policy.parse({ ...policy, ...change });
}

function raised(policy: Policy = fiveStagePolicy, over = {}): CaseHarness {
  const c = new CaseHarness(policy, calendar);
  c.must(raiseInput(over), worker, t0, holders);
  return c;
}

/** At the chair's stage of a five-stage policy, held by the chair and the partnership team. */
function atChair(policy: Policy = fiveStagePolicy): CaseHarness {
  const c = raised(policy);
  for (let n = 2; n < 5; n++) c.must({ type: 'escalate', reason: 'Not resolved' }, worker, t0);
  c.must({ type: 'refer-to-chair', details: 'Over to the chair' }, worker, t0, chairHolders);
  return c;
}

function withPanel(): CaseHarness {
  const c = atChair();
  const members = [head, cscDirector, healthDirector].map((m) => ({
    personId: m.personId,
    agencyId: m.agencyId ?? '',
    boardMember: true,
  }));
  c.must({ type: 'convene-panel', members }, chair, t0);
  return c;
}

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

describe('whose turn at the chair’s stage', () => {
  const chairDue = 'by 5pm on Thursday 26 March 2026';

  it('002: the chair may resolve directly or convene a Resolution Panel; the partnership holds the stage, not a side', () => {
    expect(turn(atChair(), chair)).toEqual({
      yours: true,
      side: 'partnership',
      withSides: ['partnership'],
      ask: `Resolve it directly with the senior managers and directors, or convene a Resolution Panel, and record your decision ${chairDue}.`,
    });
  });

  it('a chair who may resolve directly (004) is asked to resolve it and record the decision', () => {
    const c = new CaseHarness(preEscalationPolicy, calendar);
    c.must(raiseInput({ immediateRisk: true }), worker, t0, holders);
    for (let n = 2; n < 4; n++) c.must({ type: 'escalate', reason: 'No' }, worker, t0);
    c.must({ type: 'refer-to-chair', details: 'Over' }, worker, t0, chairHolders);
    expect(turn(c, chair).ask).toBe(
      'Resolve it and record your decision within a timescale that protects the child.',
    );
  });

  it('a chair who must convene a panel to decide is asked to convene one', () => {
    const policy = variant(fiveStagePolicy, {
      finalRoute: { ...fiveStagePolicy.finalRoute, chairMayResolveDirectly: false },
    });
    expect(turn(atChair(policy), chair).ask).toBe(
      `Convene a Resolution Panel and record its decision ${chairDue}.`,
    );
  });

  it('002 2.17: once the panel is convened, the chair records the decision it reaches', () => {
    expect(turn(withPanel(), chair).ask).toBe(
      `The Resolution Panel you convened decides: record the decision it reaches, which each member then agrees ${chairDue}.`,
    );
  });

  it('002 2.17: each member of the panel considers the representations and decides with the others', () => {
    expect(turn(withPanel(), healthDirector)).toEqual({
      yours: true,
      side: 'partnership',
      withSides: ['partnership'],
      ask: `As a member of the Resolution Panel, consider the representations and decide together; the decision is put to every member to agree ${chairDue}.`,
    });
  });

  it('002 2.18: a proposed decision asks each member who has not agreed it, and tells the chair how many have', () => {
    const c = withPanel();
    c.must({ type: 'record-decision', decision: 'A strategy discussion' }, healthDirector, t0);
    expect(turn(c, chair).ask).toBe(
      `A decision has been put to the Resolution Panel and 1 of 3 members have agreed it: record the agreements members gave at the panel's meeting, or put a different decision to them ${chairDue}.`,
    );
    expect(turn(c, healthDirector)).toMatchObject({
      yours: false,
      ask: `You have agreed the decision put to the panel. It counts once every member has agreed it ${chairDue}.`,
    });
    expect(turn(c, cscDirector)).toMatchObject({
      yours: true,
      ask: `A decision has been put to the Resolution Panel: read it and record that you agree it, or tell the chair you do not ${chairDue}.`,
    });
  });

  it('the partnership team puts the case before the chair and records representations', () => {
    expect(turn(atChair(), team)).toEqual({
      yours: true,
      side: 'partnership',
      withSides: ['partnership'],
      ask: `Put the case before the chair, arrange a Resolution Panel if the chair asks for one, and record the representations it receives ${chairDue}.`,
    });
  });

  it('the sides wait for the chair’s decision', () => {
    expect(turn(atChair(), socialWorker)).toEqual({
      yours: false,
      side: 'other',
      withSides: ['partnership'],
      ask: `The chair now decides ${chairDue}. You may be asked for a representation; you will be told the decision.`,
    });
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
