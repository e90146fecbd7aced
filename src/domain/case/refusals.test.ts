import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import { Policy, type PolicyInput } from '../policy/schema.js';
import { CaseCommand, type CaseCommandInput, commandSchemas } from './commands.js';
import type { Actor } from './context.js';
import { decide } from './decide.js';
import {
  CaseHarness,
  consultFirstPolicy,
  fiveStagePolicy,
  people,
  preEscalationPolicy,
  raiseInput,
} from './testing.js';

const calendar = calendarFor('england-and-wales');
const { worker, manager, dsl, chair } = people;
const t0 = '2026-03-23T10:00:00Z';
const later = '2026-03-23T12:00:00Z';
const answers = { problem: 'p', aims: 'a' };
const board = (agencyId: string, personId = `p-${agencyId}`) => ({
  personId,
  agencyId,
  boardMember: true,
});

function variant(policy: Policy, change: Partial<PolicyInput>): Policy {
  return Policy.parse({ ...policy, ...change });
}

/** A case under `policy` after the given (accepted) steps. */
function caseAt(
  policy: Policy,
  steps: Array<[CaseCommandInput, Actor]> = [],
  raise = raiseInput(),
) {
  const c = new CaseHarness(policy, calendar);
  c.must(raise, worker, t0);
  for (const [command, actor] of steps) c.must(command, actor, t0);
  return c;
}

const esc = (reason = 'Not resolved'): [CaseCommandInput, Actor] => [
  { type: 'escalate', reason },
  manager,
];
const refer: [CaseCommandInput, Actor] = [
  { type: 'refer-to-chair', details: 'For the chair' },
  manager,
];
/** five-stage: raised, at the chair's stage */
const atChair = () => caseAt(fiveStagePolicy, [esc(), esc(), esc(), refer]);
const panelMembers = [board('a-school'), board('a-csc'), board('a-health')];

function refusal(c: CaseHarness, command: CaseCommandInput, actor: Actor = worker, now = later) {
  const result = c.give(command, actor, now);
  if (result.ok) throw new Error(`${command.type} was accepted: ${JSON.stringify(result.events)}`);
  return result.error;
}

const cases: Array<[code: string, run: () => { code: string; message: string }]> = [
  [
    'case-not-raised',
    () => refusal(new CaseHarness(fiveStagePolicy, calendar), { type: 'escalate', reason: 'x' }),
  ],
  ['case-already-raised', () => refusal(caseAt(fiveStagePolicy), raiseInput())],
  [
    'stale-version',
    () => refusal(caseAt(fiveStagePolicy), { type: 'escalate', reason: 'x', expectedVersion: 1 }),
  ],
  [
    'wrong-policy',
    () => {
      const c = caseAt(fiveStagePolicy);
      const result = decide(c.state, CaseCommand.parse({ type: 'withdraw', reason: 'x' }), {
        policy: { ...fiveStagePolicy, version: 2 },
        calendar,
        now: later,
        actor: worker,
      });
      if (result.ok) throw new Error('accepted');
      return result.error;
    },
  ],
  [
    'case-closed',
    () =>
      refusal(caseAt(fiveStagePolicy, [[{ type: 'withdraw', reason: 'x' }, worker]]), {
        type: 'escalate',
        reason: 'x',
      }),
  ],
  [
    'no-child',
    () => {
      const command = { ...CaseCommand.parse(raiseInput()), children: [] } as CaseCommand;
      const result = decide(undefined, command, {
        policy: fiveStagePolicy,
        calendar,
        now: t0,
        actor: worker,
      });
      if (result.ok) throw new Error('accepted');
      return result.error;
    },
  ],
  [
    'no-other-agency',
    () =>
      refusal(new CaseHarness(fiveStagePolicy, calendar), raiseInput({ agencies: ['a-school'] })),
  ],
  [
    'category-not-in-policy',
    () =>
      refusal(
        new CaseHarness(variant(fiveStagePolicy, { categories: ['levels-of-need'] }), calendar),
        raiseInput({ category: 'communication' }),
      ),
  ],
  [
    'deadline-in-past',
    () =>
      refusal(caseAt(fiveStagePolicy), {
        type: 'set-child-protective-deadline',
        deadline: t0,
        reason: 'x',
      }),
  ],
  [
    'child-protective-deadline-not-allowed',
    () => {
      const policy = variant(fiveStagePolicy, {
        stages: fiveStagePolicy.stages.map((s) => ({
          ...s,
          timescale: { workingDays: 1, childProtectiveDeadlineAllowed: false, source: 'test' },
        })),
      });
      return refusal(caseAt(policy), {
        type: 'set-child-protective-deadline',
        deadline: '2026-03-23T15:00:00Z',
        reason: 'x',
      });
    },
  ],
  [
    'no-consultation-step',
    () =>
      refusal(caseAt(variant(fiveStagePolicy, { consultation: undefined })), {
        type: 'record-consultation',
        with: { personId: 'p-manager', role: 'manager' },
        summary: 's',
      }),
  ],
  [
    'consultation-already-recorded',
    () => {
      const consult: CaseCommandInput = {
        type: 'record-consultation',
        with: { personId: 'p-manager', role: 'manager' },
        answers,
        summary: 's',
      };
      return refusal(caseAt(consultFirstPolicy, [[consult, worker]]), consult);
    },
  ],
  [
    'consultation-role-not-allowed',
    () =>
      refusal(caseAt(consultFirstPolicy), {
        type: 'record-consultation',
        with: { personId: 'p-x', role: 'frontline' },
        answers,
        summary: 's',
      }),
  ],
  [
    'consultation-answers-missing',
    () =>
      refusal(caseAt(consultFirstPolicy), {
        type: 'record-consultation',
        with: { personId: 'p-manager', role: 'manager' },
        answers: { problem: 'p', aims: '  ' },
        summary: 's',
      }),
  ],
  [
    'consultation-required',
    () => refusal(caseAt(preEscalationPolicy), { type: 'refer-to-chair', details: 'x' }),
  ],
  ['escalate-from-final-stage', () => refusal(atChair(), { type: 'escalate', reason: 'x' })],
  [
    'escalate-to-chair',
    () =>
      refusal(caseAt(fiveStagePolicy, [esc(), esc(), esc()]), { type: 'escalate', reason: 'x' }),
  ],
  [
    'start-at-stage-no-immediate-risk',
    () =>
      refusal(caseAt(consultFirstPolicy), { type: 'start-at-stage', stage: 2, justification: 'x' }),
  ],
  [
    'start-at-stage-not-in-policy',
    () =>
      refusal(caseAt(fiveStagePolicy, [], raiseInput({ immediateRisk: true })), {
        type: 'start-at-stage',
        stage: 2,
        justification: 'x',
      }),
  ],
  [
    'unknown-stage',
    () =>
      refusal(caseAt(consultFirstPolicy, [], raiseInput({ immediateRisk: true })), {
        type: 'start-at-stage',
        stage: 'director',
        justification: 'x',
      }),
  ],
  [
    'start-at-stage-final',
    () =>
      refusal(caseAt(consultFirstPolicy, [], raiseInput({ immediateRisk: true })), {
        type: 'start-at-stage',
        stage: 'chair',
        justification: 'x',
      }),
  ],
  [
    'start-at-stage-not-allowed',
    () => {
      const policy = variant(fiveStagePolicy, {
        immediateRisk: {
          ...fiveStagePolicy.immediateRisk,
          startAt: { stages: ['manager'], justificationRequired: true, source: 'test' },
        },
      });
      return refusal(caseAt(policy, [], raiseInput({ immediateRisk: true })), {
        type: 'start-at-stage',
        stage: 'director',
        justification: 'x',
      });
    },
  ],
  [
    'start-at-stage-too-late',
    () =>
      refusal(
        caseAt(
          variant(fiveStagePolicy, {
            immediateRisk: {
              ...fiveStagePolicy.immediateRisk,
              startAt: { stages: 'any', justificationRequired: true, source: 'test' },
            },
          }),
          [esc()],
          raiseInput({ immediateRisk: true }),
        ),
        { type: 'start-at-stage', stage: 4, justification: 'x' },
      ),
  ],
  [
    'start-at-stage-not-later',
    () =>
      refusal(caseAt(consultFirstPolicy, [], raiseInput({ immediateRisk: true })), {
        type: 'start-at-stage',
        stage: 1,
        justification: 'x',
      }),
  ],
  [
    'justification-required',
    () =>
      refusal(caseAt(consultFirstPolicy, [], raiseInput({ immediateRisk: true })), {
        type: 'start-at-stage',
        stage: 2,
      }),
  ],
  [
    'hub-referral-no-immediate-risk',
    () =>
      refusal(
        caseAt(fiveStagePolicy),
        { type: 'record-hub-referral', service: 'Hub', when: t0 },
        dsl,
      ),
  ],
  [
    'hub-referral-already-recorded',
    () => {
      const hub: CaseCommandInput = {
        type: 'record-hub-referral',
        service: 'Hub',
        when: t0,
        immediateRisk: true,
      };
      return refusal(caseAt(fiveStagePolicy, [[hub, dsl]]), hub, dsl);
    },
  ],
  [
    'hub-referral-role',
    () =>
      refusal(
        caseAt(fiveStagePolicy),
        { type: 'record-hub-referral', service: 'Hub', when: t0, immediateRisk: true },
        // on the raising side, but not a role the policy says makes the referral
        { personId: 'p-senior', role: 'senior-manager', agencyId: 'a-school' },
      ),
  ],
  ['already-with-chair', () => refusal(atChair(), { type: 'refer-to-chair', details: 'x' })],
  [
    'refer-to-chair-too-early',
    () => refusal(caseAt(fiveStagePolicy, [esc()]), { type: 'refer-to-chair', details: 'x' }),
  ],
  [
    'no-panel-in-policy',
    () => {
      const c = caseAt(
        preEscalationPolicy,
        [esc(), esc(), refer],
        raiseInput({ immediateRisk: true }),
      );
      return refusal(c, { type: 'convene-panel', members: panelMembers }, chair);
    },
  ],
  [
    'panel-too-few-agencies',
    () =>
      refusal(
        atChair(),
        {
          type: 'convene-panel',
          members: [board('a-school'), board('a-csc'), board('a-csc', 'p-2')],
        },
        chair,
      ),
  ],
  [
    'panel-members-not-on-board',
    () =>
      refusal(
        atChair(),
        {
          type: 'convene-panel',
          members: [
            board('a-school'),
            board('a-csc'),
            { ...board('a-health'), boardMember: false },
          ],
        },
        chair,
      ),
  ],
  [
    'panel-missing-disputing-agency',
    () =>
      refusal(
        atChair(),
        {
          type: 'convene-panel',
          members: [board('a-school'), board('a-police'), board('a-health')],
        },
        chair,
      ),
  ],
  [
    'panel-member-at-no-agency',
    () =>
      refusal(
        atChair(),
        {
          type: 'convene-panel',
          members: [
            board('a-school'),
            board('a-csc'),
            { personId: 'p-nowhere', boardMember: true },
          ],
        },
        chair,
      ),
  ],
  [
    'panel-before-chair-stage',
    () => refusal(caseAt(fiveStagePolicy), { type: 'convene-panel', members: panelMembers }, chair),
  ],
  [
    // who may take an action at all: permissions.ts (each cell in permissions.test.ts)
    'not-your-part',
    () => refusal(atChair(), { type: 'convene-panel', members: panelMembers }, manager),
  ],
  [
    'panel-already-convened',
    () => {
      const c = atChair();
      c.must({ type: 'convene-panel', members: panelMembers }, chair, t0);
      return refusal(c, { type: 'convene-panel', members: panelMembers }, chair);
    },
  ],
  [
    'panel-not-convened',
    () =>
      refusal(
        atChair(),
        { type: 'record-representation', fromPersonId: 'p', fromAgencyId: 'a', summary: 's' },
        chair,
      ),
  ],
  [
    'representations-not-received',
    () => {
      const route = fiveStagePolicy.finalRoute;
      const policy = variant(fiveStagePolicy, {
        finalRoute: {
          ...route,
          panel: route.panel && { ...route.panel, receivesRepresentations: false },
        },
      });
      const c = caseAt(policy, [esc(), esc(), esc(), refer]);
      c.must({ type: 'convene-panel', members: panelMembers }, chair, t0);
      return refusal(
        c,
        { type: 'record-representation', fromPersonId: 'p', fromAgencyId: 'a', summary: 's' },
        chair,
      );
    },
  ],
  [
    'decision-before-chair-stage',
    () => refusal(caseAt(fiveStagePolicy), { type: 'record-decision', decision: 'd' }, chair),
  ],
  [
    'decision-without-panel',
    () => refusal(atChair(), { type: 'record-decision', decidedBy: 'panel', decision: 'd' }, chair),
  ],
  [
    'decision-needs-panel',
    () => {
      const policy = variant(fiveStagePolicy, {
        finalRoute: { ...fiveStagePolicy.finalRoute, chairMayResolveDirectly: false },
      });
      return refusal(
        caseAt(policy, [esc(), esc(), esc(), refer]),
        { type: 'record-decision', decision: 'd' },
        chair,
      );
    },
  ],
  [
    'agreed-by-missing',
    () => {
      const c = caseAt(fiveStagePolicy);
      const command = {
        type: 'resolve',
        outcome: 'o',
        actions: [],
        agreedBy: [],
      } as CaseCommand;
      const result = decide(c.state, command, {
        policy: fiveStagePolicy,
        calendar,
        now: later,
        actor: worker,
      });
      if (result.ok) throw new Error('accepted');
      return result.error;
    },
  ],
  ['case-open', () => refusal(caseAt(fiveStagePolicy), { type: 'reopen', reason: 'x' })],
  [
    'decision-binding',
    () => {
      const c = atChair();
      c.must({ type: 'record-decision', decision: 'd' }, chair, t0);
      return refusal(c, { type: 'reopen', reason: 'x' });
    },
  ],
];

describe('every domain refusal', () => {
  it.each(cases)('%s', (code, run) => {
    const error = run();
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(20);
    expect(error.message).toMatch(/[.?]$/);
  });

  it('has a distinct code for each refusal', () => {
    const codes = cases.map(([code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('command schemas', () => {
  it('has one schema per command type', () => {
    for (const [type, schema] of Object.entries(commandSchemas)) {
      expect(schema.shape.type.value).toBe(type);
    }
  });

  it('explains missing input in plain English', () => {
    const messages = (input: unknown) =>
      CaseCommand.safeParse(input).error?.issues.map((i) => i.message) ?? [];
    expect(messages({ type: 'escalate' })).toEqual(['Enter the reason for escalating']);
    expect(messages({ type: 'escalate', reason: '   ' })).toEqual([
      'Enter the reason for escalating',
    ]);
    expect(messages({ ...raiseInput(), children: [] })).toEqual(['Add at least one child']);
    expect(messages({ ...raiseInput(), agencies: [] })).toEqual([
      'Select the agency you disagree with',
    ]);
    expect(messages({ type: 'resolve', outcome: 'o', agreedBy: [] })).toEqual([
      'Enter who agreed the outcome, from each agency',
    ]);
    expect(messages({ type: 'withdraw' })).toEqual([
      'Enter the reason for withdrawing the disagreement',
    ]);
    expect(
      messages({ type: 'set-child-protective-deadline', deadline: 'tomorrow', reason: 'r' }),
    ).toEqual(['Enter the deadline as a date and time, like 2026-03-30T17:00:00+01:00']);
  });
});

describe('refer to the chair: only from the stage just before the chair’s (issue 24, item 4)', () => {
  // five-stage policy: 1 professional, 2 manager, 3 senior manager, 4 director, 5 chair
  const escalations = (count: number) => Array.from({ length: count }, () => esc());

  it.each([1, 2, 3])(
    'is refused at stage %i of five: no stage before the chair’s is skipped',
    (stage) => {
      const c = caseAt(fiveStagePolicy, escalations(stage - 1));
      expect(c.state?.stage.number).toBe(stage);
      const error = refusal(c, { type: 'refer-to-chair', details: 'x' }, manager);
      expect(error.code).toBe('refer-to-chair-too-early');
      expect(error.message).toContain('after stage 4 (Director to director)');
      expect(c.state?.stage.number).toBe(stage);
    },
  );

  it('is accepted at stage 4 of five, the stage before the chair’s, and skips nothing', () => {
    const c = caseAt(fiveStagePolicy, escalations(3));
    expect(c.state?.stage.number).toBe(4);
    c.must({ type: 'refer-to-chair', details: 'For the chair' }, manager, later);
    expect(c.state?.stage.number).toBe(5);
  });

  it('is refused at the chair’s stage itself', () => {
    expect(refusal(atChair(), { type: 'refer-to-chair', details: 'x' }, manager).code).toBe(
      'already-with-chair',
    );
  });
});
