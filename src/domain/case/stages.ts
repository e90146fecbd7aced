/**
 * Reading a policy's stages: numbering (1-based, 0 = the consultation step), the final
 * (chair's) stage, and each stage's own due time.
 */
import {
  addWorkingDays,
  addWorkingHours,
  immediateDue,
  type WorkingDayCalendar,
} from '../calendar/index.js';
import type { Policy, Stage, Timescale } from '../policy/schema.js';
import type { StageRef } from './events.js';

/** The consultation / pre-escalation step before stage 1. */
export const CONSULTATION_STAGE = 0;
export const CONSULTATION_KEY = 'consultation';

export function stageAt(policy: Policy, number: number): Stage | undefined {
  // below 1 (the consultation step, or no stage) the index is before the first: undefined
  return policy.stages[number - 1];
}

export function stageRef(policy: Policy, number: number): StageRef {
  if (number === CONSULTATION_STAGE) {
    return {
      number,
      key: CONSULTATION_KEY,
      name: policy.consultation?.name ?? 'Consultation',
    };
  }
  const stage = stageAt(policy, number);
  if (!stage) throw new Error(`Policy ${policy.id} has no stage ${number}`);
  return { number, key: stage.key, name: stage.name };
}

/** The number of the stage called `keyOrNumber`, or undefined when the policy has none. */
export function stageNumberOf(policy: Policy, keyOrNumber: string | number): number | undefined {
  if (typeof keyOrNumber === 'number') {
    return stageAt(policy, keyOrNumber) ? keyOrNumber : undefined;
  }
  const index = policy.stages.findIndex((s) => s.key === keyOrNumber);
  return index >= 0 ? index + 1 : undefined;
}

/**
 * The stage a case escalates to from stage `number`: the next, passing over stages used only
 * when the case is urgent (a child at immediate risk) when it is not; never past the chair's.
 */
export function nextStageNumber(policy: Policy, number: number, urgent: boolean): number {
  const final = finalStageNumber(policy);
  let next = number + 1;
  // Stryker disable next-line OptionalChaining: equivalent, because every stage before the chair's exists
  while (next < final && !urgent && stageAt(policy, next)?.onlyWhenUrgent) next++;
  return next;
}

/** The chair's stage: `finalRoute.stage`, else the stage marked final, else the last. */
export function finalStageNumber(policy: Policy): number {
  const byRoute = stageNumberOf(policy, policy.finalRoute.stage);
  if (byRoute) return byRoute;
  const marked = policy.stages.findIndex((s) => s.final);
  return marked >= 0 ? marked + 1 : policy.stages.length;
}

function timescaleOf(policy: Policy, number: number): Timescale | undefined {
  return number === CONSULTATION_STAGE
    ? policy.consultation?.timescale
    : stageAt(policy, number)?.timescale;
}

/** The earlier of two instants (ISO-8601 with offsets); null means "no due time". */
export function earlier(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  // Stryker disable next-line ConditionalExpression: equivalent, because a null b parses as NaN, never earlier
  if (b === null) return a;
  return Date.parse(b) < Date.parse(a) ? b : a;
}

/**
 * What a stage's due time is counted from, besides its own entry: when the case was raised or
 * last reopened (the overall timescale), and when it first entered one of a shared budget's
 * stages since then.
 */
export interface DueClock {
  overallFrom: string;
  /** when the case first entered one of these stages (keys) since `overallFrom`, if it has */
  firstEntered?: (keys: readonly string[]) => string | undefined;
  /** when the first discussion recorded at the stage took place, once one is */
  firstDiscussion?: string;
}

function stageKeyOf(policy: Policy, number: number): string | undefined {
  return number === CONSULTATION_STAGE ? CONSULTATION_KEY : stageAt(policy, number)?.key;
}

/**
 * Whether the overall timescale caps stage `number`: the stages it lists; without a list,
 * every stage except one given as many working days of its own or more.
 */
export function overallCovers(policy: Policy, number: number): boolean {
  const overall = policy.overallTimescale;
  if (!overall?.workingDays && !overall?.hours && !overall?.immediately) return false;
  // Stryker disable next-line StringLiteral: equivalent, because no stage's key is empty or the made-up entry
  if (overall.stages) return overall.stages.includes(stageKeyOf(policy, number) ?? '');
  const own = timescaleOf(policy, number)?.workingDays;
  return own === undefined || overall.workingDays === undefined || own < overall.workingDays;
}

/**
 * When a timescale started at `from` ends: its working days (due at `dueTime` on the last), its
 * hours (counted on working days only), or "immediately"; null when it sets none of these.
 */
export function timescaleDue(
  timescale: Pick<Timescale, 'workingDays' | 'hours' | 'immediately'>,
  from: string,
  calendar: WorkingDayCalendar,
  dueTime: string,
): string | null {
  if (timescale.immediately) return immediateDue(from, calendar, dueTime);
  if (timescale.hours) return addWorkingHours(from, timescale.hours, calendar);
  if (timescale.workingDays) return addWorkingDays(from, timescale.workingDays, calendar, dueTime);
  return null;
}

/**
 * A stage's own due time when entered at `enteredAt`: its working days from then, capped by
 * the policy's overall timescale counted from `clock.overallFrom` (when the case was raised or
 * last reopened) where that covers the stage, and by each shared budget it is in, counted from
 * when the case first entered one of the budget's stages. Null when none sets a number of
 * working days.
 */
export function stageDueAt(
  policy: Policy,
  number: number,
  enteredAt: string,
  clock: string | DueClock,
  calendar: WorkingDayCalendar,
): string | null {
  const { overallFrom, firstEntered, firstDiscussion } =
    typeof clock === 'string' ? { overallFrom: clock } : clock;
  const own = timescaleOf(policy, number);
  const overall = policy.overallTimescale;
  const ownFrom = ((): string | undefined => {
    const from = own?.from;
    if (from === undefined || from === 'entered') return enteredAt;
    if (from === 'raised') return overallFrom;
    // until the first discussion, a timescale counted from it has not started
    if (from === 'first-discussion') return firstDiscussion;
    return firstEntered?.([from.stage]) ?? enteredAt;
  })();
  let due = own && ownFrom ? timescaleDue(own, ownFrom, calendar, policy.dueTime) : null;
  if (overall && overallCovers(policy, number)) {
    due = earlier(due, timescaleDue(overall, overallFrom, calendar, policy.dueTime));
  }
  const key = stageKeyOf(policy, number);
  for (const shared of policy.sharedTimescales ?? []) {
    // Stryker disable next-line ConditionalExpression: equivalent, because no shared budget lists an undefined key
    if (key === undefined || !shared.stages.includes(key)) continue;
    const from = firstEntered?.(shared.stages) ?? enteredAt;
    due = earlier(due, addWorkingDays(from, shared.workingDays, calendar, policy.dueTime));
  }
  return due;
}

/** Whether the stage lets a person set a child-protective deadline (default: yes). */
export function childProtectiveDeadlineAllowed(policy: Policy, number: number): boolean {
  return timescaleOf(policy, number)?.childProtectiveDeadlineAllowed ?? true;
}
