/**
 * Test support: small policies shaped like the seeds, people, and a harness that gives
 * commands to one case, folding accepted events and collecting notification intents.
 * Used by this folder's tests; other layers' tests may use it too.
 * The policies are in testing-policies.ts, and exported here too.
 */
import { calendarFor, type WorkingDayCalendar } from '../calendar/index.js';
import { Policy, type PolicyInput } from '../policy/schema.js';
import { CaseCommand, type CaseCommandInput } from './commands.js';
import type { Actor, DecideResult } from './context.js';
import { decide } from './decide.js';
import type { DomainError } from './errors.js';
import type { CaseEvent, Holders } from './events.js';
import { type NotificationIntent, notificationsDue } from './notifications.js';
import { apply, type CaseState } from './state.js';

import { fiveStagePolicy } from './testing-policies.js';

export {
  acknowledgedPolicy,
  consultFirstPolicy,
  fiveStagePolicy,
  plannedPolicy,
  preEscalationPolicy,
} from './testing-policies.js';

export const people = {
  worker: { personId: 'p-worker', role: 'frontline', agencyId: 'a-school' },
  // the worker reports to the manager, who may take the worker's turn
  manager: {
    personId: 'p-manager',
    role: 'manager',
    agencyId: 'a-school',
    actsFor: ['p-manager', 'p-worker'],
  },
  dsl: { personId: 'p-dsl', role: 'dsl', agencyId: 'a-school' },
  socialWorker: { personId: 'p-social-worker', role: 'frontline', agencyId: 'a-csc' },
  chair: { personId: 'p-chair', role: 'chair', agencyId: 'a-partnership' },
} satisfies Record<string, Actor>;

/** A resolution agreed by both sides of a case raised by `raiseInput` (the school and CSC). */
export const bothAgreed = [
  { agencyId: 'a-school', name: 'A. Teacher (school)' },
  { agencyId: 'a-csc', name: 'S. Worker (social care)' },
];

export const raiseInput = (over: Partial<Extract<CaseCommandInput, { type: 'raise' }>> = {}) =>
  ({
    type: 'raise',
    category: 'levels-of-need',
    children: [{ name: 'A.B.', dateOfBirth: '2019-05-04' }],
    agencies: ['a-csc'],
    disagreement: 'Children’s social care closed the referral',
    evidence: { nature: 'Bruising seen twice', source: 'Nursery staff' },
    actionsToDate: 'Phoned the duty social worker',
    outcomeSought: 'A strategy discussion',
    immediateRisk: false,
    ...over,
  }) satisfies CaseCommandInput;

/** The calendar the test policies count working days on. */
export const calendar = calendarFor('england-and-wales');
/** Monday 23 March 2026, 10am, and two hours later */
export const t0 = '2026-03-23T10:00:00Z';
export const later = '2026-03-23T12:00:00Z';
/** Stage 1 held by the worker who raised the case and the social worker it is with. */
export const workersHold: Holders = { raising: ['p-worker'], other: ['p-social-worker'] };

/** `policy` with some of its fields replaced, parsed again. */
export function variant(policy: Policy, change: Partial<PolicyInput>): Policy {
  return Policy.parse({ ...policy, ...change });
}

/** A case the worker raised under `policy` at `t0` (`raiseInput` with `over`), at its first step. */
export function raised(policy: Policy = fiveStagePolicy, over = {}, holders?: Holders) {
  const c = new CaseHarness(policy, calendar);
  c.must(raiseInput(over), people.worker, t0, holders);
  return c;
}

/** The last event a case recorded. */
export const lastEvent = (c: CaseHarness): CaseEvent | undefined => c.events.at(-1);

/** One case driven by commands; every accepted command's events are folded in. */
export class CaseHarness {
  events: CaseEvent[] = [];
  state: CaseState | undefined;
  intents: NotificationIntent[] = [];

  constructor(
    readonly policy: Policy,
    readonly calendar: WorkingDayCalendar,
  ) {}

  give(input: CaseCommandInput, actor: Actor, now: string, holders?: Holders): DecideResult {
    const command = CaseCommand.parse(input);
    const ctx = {
      policy: this.policy,
      calendar: this.calendar,
      now,
      actor,
      ...(holders ? { holders } : {}),
    };
    const result = decide(this.state, command, ctx);
    if (result.ok) {
      this.intents.push(...notificationsDue(this.state, result.events, this.policy));
      for (const event of result.events) this.state = apply(this.state, event);
      this.events.push(...result.events);
    }
    return result;
  }

  /** Give a command that must be accepted; throws with the refusal otherwise. */
  must(input: CaseCommandInput, actor: Actor, now: string, holders?: Holders): CaseEvent[] {
    const result = this.give(input, actor, now, holders);
    if (!result.ok)
      throw new Error(`${input.type} refused: ${result.error.code}: ${result.error.message}`);
    return result.events;
  }

  /** Give a command that must be refused; throws if it is accepted. Answers the refusal. */
  refusal(input: CaseCommandInput, actor: Actor, now: string, holders?: Holders): DomainError {
    const result = this.give(input, actor, now, holders);
    if (result.ok) throw new Error(`${input.type} accepted: ${JSON.stringify(result.events)}`);
    return result.error;
  }

  get current(): CaseState {
    if (!this.state) throw new Error('No case raised yet');
    return this.state;
  }
}
