/**
 * Properties over random command sequences: generate commands, keep those `decide` accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFor, londonDate } from '../calendar/index.js';
import type { NotificationRule, Policy } from '../policy/schema.js';
import type { CaseCommandInput } from './commands.js';
import type { Actor } from './context.js';
import type { CaseEvent } from './events.js';
import { nextStep } from './next-step.js';
import { type CaseState, fold } from './state.js';
import {
  acknowledgedPolicy,
  bothAgreed,
  CaseHarness,
  consultFirstPolicy,
  fiveStagePolicy,
  people,
  plannedPolicy,
  preEscalationPolicy,
  raiseInput,
} from './testing.js';

const calendar = calendarFor('england-and-wales');
const start = Date.parse('2026-03-20T09:00:00Z');
const agencies = ['a-school', 'a-csc', 'a-health', 'a-police'];
const actors: Actor[] = [
  ...Object.values(people),
  { personId: 'p-panel', role: 'panel-member', agencyId: 'a-health' },
];

const member = fc.record({
  personId: fc.constantFrom('p-head', 'p-csc', 'p-health', 'p-panel'),
  agencyId: fc.constantFrom(...agencies),
  boardMember: fc.boolean(),
});

const validPanel = [
  { personId: 'p-head', agencyId: 'a-school', boardMember: true },
  { personId: 'p-csc', agencyId: 'a-csc', boardMember: true },
  { personId: 'p-panel', agencyId: 'a-health', boardMember: true },
];

/** Commands with plausible inputs, weighted so cases often get far; many are refused too. */
const command = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constant<CaseCommandInput>({ type: 'escalate', reason: 'Not resolved' }),
  },
  {
    weight: 2,
    arbitrary: fc.constant<CaseCommandInput>({
      type: 'record-discussion',
      when: '2026-03-20T09:00:00Z',
      how: 'meeting',
      participants: ['p-worker'],
      summary: 's',
      outcome: 'o',
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('record-consultation' as const),
      with: fc.record({
        personId: fc.constant('p-manager'),
        role: fc.constantFrom('manager' as const, 'frontline' as const),
      }),
      answers: fc.constantFrom<Record<string, string>>({ problem: 'p', aims: 'a' }, {}),
      summary: fc.constant('s'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('start-at-stage' as const),
      stage: fc.integer({ min: 1, max: 5 }),
      justification: fc.constant('Child at risk'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('record-hub-referral' as const),
      service: fc.constant('Hub'),
      when: fc.constant('2026-03-20T09:00:00Z'),
      immediateRisk: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.constant<CaseCommandInput>({ type: 'refer-to-chair', details: 'For the chair' }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('convene-panel' as const),
      members: fc.oneof(fc.constant(validPanel), fc.array(member, { minLength: 1, maxLength: 5 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.constant<CaseCommandInput>({
      type: 'record-representation',
      fromPersonId: 'p-worker',
      fromAgencyId: 'a-school',
      summary: 's',
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constant<CaseCommandInput>({
      type: 'resolve',
      outcome: 'Agreed',
      agreedBy: bothAgreed,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('record-decision' as const),
      decidedBy: fc.constantFrom('chair' as const, 'panel' as const),
      decision: fc.constant('Decided'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.constant<CaseCommandInput>({ type: 'agree-panel-decision' }),
  },
  {
    weight: 1,
    arbitrary: fc.constant<CaseCommandInput>({ type: 'withdraw', reason: 'No longer needed' }),
  },
  {
    weight: 3,
    arbitrary: fc.constant<CaseCommandInput>({ type: 'acknowledge', note: 'Received' }),
  },
  {
    weight: 2,
    arbitrary: fc.constant<CaseCommandInput>({ type: 'reopen', reason: 'Not carried out' }),
  },
  {
    weight: 3,
    // days from the command's own date, filled in when it is given (issue 18 item 8)
    arbitrary: fc
      .record({
        days: fc.integer({ min: -3, max: 20 }),
        owner: fc.constantFrom('a-school', 'a-csc'),
      })
      .map<CaseCommandInput>(({ days, owner }) => ({
        type: 'add-plan-action',
        description: 'An agreed action',
        ownerAgencyId: owner,
        dueOn: String(days),
      })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('action-1', 'action-2').map<CaseCommandInput>((actionId) => ({
      type: 'mark-action-done',
      actionId,
      doneOn: '0',
    })),
  },
  {
    weight: 2,
    arbitrary: fc.integer({ min: -2, max: 200 }).map<CaseCommandInput>((hours) => ({
      type: 'set-child-protective-deadline',
      // hours from the command's own time, filled in when it is given
      deadline: String(hours),
      reason: 'Protects the child',
    })),
  },
);

const step = fc.record({
  command,
  actor: fc.oneof(fc.constantFrom(...actors), fc.constant<Actor>(people.chair)),
  minutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
});

const scenario = fc.record({
  policy: fc.constantFrom(
    fiveStagePolicy,
    consultFirstPolicy,
    preEscalationPolicy,
    acknowledgedPolicy,
    plannedPolicy,
  ),
  immediateRisk: fc.boolean(),
  flags: fc.record({
    childProtectionPlan: fc.boolean(),
    lookedAfter: fc.boolean(),
    childInNeed: fc.boolean(),
  }),
  steps: fc.array(step, { minLength: 5, maxLength: 60, size: 'large' }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

interface Run {
  harness: CaseHarness;
  /** the state after each accepted command */
  states: CaseState[];
  /** the number of events after each accepted command */
  eventCounts: number[];
}

function run({ policy, immediateRisk, flags, steps }: Scenario): Run {
  const harness = new CaseHarness(policy, calendar);
  let now = start;
  const iso = (ms: number) => new Date(ms).toISOString();
  harness.must(
    raiseInput({ immediateRisk, children: [{ name: 'A.B.', ...flags }] }),
    people.worker,
    iso(now),
  );
  const states = [harness.current];
  const eventCounts = [harness.events.length];
  for (const { command, actor, minutes } of steps) {
    now += minutes * 60_000;
    const day = (days: string) => iso(now + Number(days) * 86_400_000).slice(0, 10);
    const input =
      command.type === 'set-child-protective-deadline'
        ? { ...command, deadline: iso(now + Number(command.deadline) * 3_600_000) }
        : command.type === 'add-plan-action'
          ? { ...command, dueOn: day(command.dueOn) }
          : command.type === 'mark-action-done'
            ? { ...command, doneOn: day(command.doneOn) }
            : command;
    const result = harness.give(input, actor, iso(now));
    if (!result.ok) {
      expect(result.error.code).toMatch(/^[a-z-]+$/);
      expect(result.error.message).not.toBe('');
      continue;
    }
    states.push(harness.current);
    eventCounts.push(harness.events.length);
  }
  return { harness, states, eventCounts };
}

const anyChildHas = (state: CaseState, rule: NotificationRule) =>
  !rule.childFlags || state.children.some((c) => rule.childFlags?.some((f) => c[f]));

/** How many times the policy demands each rule fire, worked out from the record alone. */
function expectedFirings(
  rule: NotificationRule,
  events: CaseEvent[],
  state: CaseState,
  policy: Policy,
): string[] {
  if (!anyChildHas(state, rule)) return [];
  const seqs = (types: CaseEvent['type'][]) =>
    events.flatMap((e, i) => (types.includes(e.type) ? [`event-${i}`] : []));
  switch (rule.on) {
    case 'case-raised':
      return ['case-raised'];
    case 'action-recorded':
      return events.map((_, i) => `event-${i}`);
    case 'outcome':
      return seqs(['resolved', 'decision-made', 'withdrawn']);
    case 'decision-recorded':
      return seqs(['decision-made']);
    case 'referred-to-chair':
      return events.some((e) => e.type === 'referred-to-chair') ? ['referred-to-chair'] : [];
    case 'panel-convened':
      return events.some((e) => e.type === 'panel-convened') ? ['panel-convened'] : [];
    case 'panel-decision-proposed':
      return seqs(['panel-decision-proposed']);
    case 'acknowledged':
      return seqs(['acknowledged']);
    case 'immediate-risk':
      return state.immediateRisk ? ['immediate-risk'] : [];
    case 'stage-entered': {
      const reached = new Set<number>();
      for (const e of events) {
        if (e.type !== 'stage-entered') continue;
        for (const s of [...e.skippedStages, e]) if (s.number > 0) reached.add(s.number);
      }
      return [...reached]
        .filter((n) => !rule.stages || rule.stages.includes(policy.stages[n - 1]?.key ?? ''))
        .map((n) => `stage-${n}`);
    }
  }
}

const runs = { numRuns: 300 };

describe('properties over random command sequences', () => {
  it('folding the record is deterministic and gives the state the commands built', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { harness } = run(s);
        expect(fold(harness.events)).toEqual(harness.current);
        expect(fold(harness.events)).toEqual(fold(structuredClone(harness.events)));
      }),
      runs,
    );
  });

  it('the version is the number of events, after every command', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { states, eventCounts } = run(s);
        states.forEach((state, i) => {
          expect(state.version).toBe(eventCounts[i]);
        });
      }),
      runs,
    );
  });

  it('one stage is open at a time: every spell begun has ended, except the open one', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { harness, states, eventCounts } = run(s);
        states.forEach((state, i) => {
          const events = harness.events.slice(0, eventCounts[i]);
          const begun = events.filter(
            (e) => e.type === 'stage-entered' || e.type === 'reopened',
          ).length;
          const ended = state.stageHistory.filter((h) => h.enteredAt !== null).length;
          expect(ended).toBe(begun - (state.status === 'open' ? 1 : 0));
        });
      }),
      runs,
    );
  });

  it('stage numbers only rise; reopening returns to the stage the case ended at', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { states } = run(s);
        for (let i = 1; i < states.length; i++) {
          const before = states[i - 1] as CaseState;
          const after = states[i] as CaseState;
          expect(after.stage.number).toBeGreaterThanOrEqual(before.stage.number);
          if (before.status !== 'open' && after.status === 'open') {
            expect(after.stage.number).toBe(before.stage.number);
          }
        }
        const numbers = (states.at(-1)?.stageHistory ?? []).map((h) => h.number);
        expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      }),
      runs,
    );
  });

  it('a stage is never due after the child-protective deadline', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        for (const state of run(s).states) {
          const deadline = state.childProtectiveDeadline?.deadline;
          if (!deadline) continue;
          expect(state.stage.dueAt).not.toBeNull();
          expect(Date.parse(state.stage.dueAt as string)).toBeLessThanOrEqual(Date.parse(deadline));
        }
      }),
      runs,
    );
  });

  it('every notification the policy demands is produced exactly once', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { harness } = run(s);
        const keys = harness.intents.map((i) => i.key);
        expect(new Set(keys).size).toBe(keys.length);
        for (const rule of s.policy.notifications) {
          const expected = expectedFirings(rule, harness.events, harness.current, s.policy).flatMap(
            (occasion) => rule.to.map((_, r) => `${occasion}#${r}`),
          );
          const actual = harness.intents
            .filter((i) => i.ruleKey === rule.key)
            .map((i) => `${i.key.split(':')[1]}#${rule.to.indexOf(i.recipient)}`);
          expect(actual.sort()).toEqual(expected.sort());
        }
      }),
      runs,
    );
  });

  it('the agreed action plan: actions due on working days not in the past, done once by the owning agency, and a plan before resolving where required (issue 18 item 8)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { harness } = run(s);
        const owners = new Map<string, string>();
        const done = new Set<string>();
        for (const e of harness.events) {
          if (e.type === 'plan-action-added') {
            expect(s.policy.actionPlan).toBeDefined();
            expect(calendar.isWorkingDay(e.dueOn)).toBe(true);
            expect(e.dueOn >= londonDate(e.at)).toBe(true);
            expect(['a-school', 'a-csc']).toContain(e.ownerAgencyId);
            owners.set(e.actionId, e.ownerAgencyId);
          }
          if (e.type === 'plan-action-done') {
            expect(done.has(e.actionId)).toBe(false);
            done.add(e.actionId);
            const by = [...actors, people.chair].find((a) => a.personId === e.by);
            expect(by?.agencyId).toBe(owners.get(e.actionId));
          }
          if (e.type === 'resolved' && s.policy.actionPlan?.atResolution === 'required') {
            expect(owners.size).toBeGreaterThan(0);
          }
        }
      }),
    );
  });

  it('an acknowledgement is given only where the stage asks, by the other side, once per stage entered (issue 18)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { harness } = run(s);
        let asked: { number: number; given: boolean } | null = null;
        for (const e of harness.events) {
          if (e.type === 'stage-entered') {
            const rule = s.policy.stages[e.number - 1]?.acknowledgement;
            expect(e.acknowledgementDueAt !== undefined).toBe(rule !== undefined);
            if (e.acknowledgementDueAt) {
              // due no earlier than entering the stage, and on a working day of the calendar
              expect(Date.parse(e.acknowledgementDueAt)).toBeGreaterThanOrEqual(Date.parse(e.at));
            }
            asked = rule ? { number: e.number, given: false } : null;
          }
          if (e.type !== 'acknowledged') continue;
          expect(asked).not.toBeNull();
          expect(asked?.given).toBe(false);
          expect(e.stage.number).toBe(asked?.number);
          // the other side is the social care worker's agency in every generated case
          expect(actors.find((a) => a.personId === e.by)?.agencyId).toBe('a-csc');
          if (asked) asked.given = true;
        }
      }),
      runs,
    );
  });

  it('always says what happens next', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { harness } = run(s);
        const step = nextStep(harness.current, s.policy, '2026-06-01T00:00:00Z');
        expect(step.text.length).toBeGreaterThan(10);
        if (harness.current.status !== 'open')
          expect(step).toMatchObject({ dueAt: null, overdue: false });
      }),
      runs,
    );
  });
});
