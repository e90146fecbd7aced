import type { DecideContext } from './context.js';
import type { StageEntered, StageRef } from './events.js';
import { type DueClock, stageAt, stageDueAt, stageRef, timescaleDue } from './stages.js';
import type { CaseState } from './state.js';

/**
 * What a stage entered now is timed from: the case's overall clock (raised or last reopened)
 * and, for a budget shared by some stages, when the case first entered one of them since. Not
 * the first discussion: a stage entered now has had none (`firstDiscussionAtStage`).
 */
export function dueClock(state: CaseState): DueClock {
  const from = Date.parse(state.overallClockFrom);
  const spells = [...state.stageHistory, state.stage];
  return {
    overallFrom: state.overallClockFrom,
    firstEntered: (keys) =>
      spells.find(
        (spell) =>
          keys.includes(spell.key) &&
          // a stage passed over has no entry time: NaN, never since the clock started
          // Stryker disable next-line StringLiteral: equivalent, because any text that is not a time parses as NaN too
          Date.parse(spell.enteredAt ?? '') >= from,
      )?.enteredAt ?? undefined,
  };
}

/** When the first discussion recorded since the current stage was entered took place, if any. */
export function firstDiscussionAtStage(state: CaseState): string | undefined {
  const enteredAt = Date.parse(state.stage.enteredAt);
  return state.discussions.find((d) => Date.parse(d.at) >= enteredAt)?.when;
}

/** The stage-entered event for entering stage `number` now. */
export function stageEntered(
  ctx: DecideContext,
  clock: string | DueClock,
  number: number,
  reason: string,
  holders: StageEntered['holders'],
  skippedStages: StageRef[] = [],
  skipped = skippedStages.length > 0,
): StageEntered {
  // the other side acknowledges the escalation within the stage's own time for it (issue 18)
  const ack = stageAt(ctx.policy, number)?.acknowledgement;
  return {
    type: 'stage-entered',
    at: ctx.now,
    by: ctx.actor.personId,
    ...stageRef(ctx.policy, number),
    dueAt: stageDueAt(ctx.policy, number, ctx.now, clock, ctx.calendar),
    holders,
    reason,
    skipped,
    skippedStages,
    ...(ack
      ? {
          acknowledgementDueAt: timescaleDue(ack.within, ctx.now, ctx.calendar, ctx.policy.dueTime),
        }
      : {}),
  };
}

/** The stages strictly between `from` and `to`, plus the consultation step when skipped. */
export function stagesPassedOver(
  ctx: DecideContext,
  from: number,
  to: number,
  consultationSkipped: boolean,
): StageRef[] {
  const passed: StageRef[] = consultationSkipped ? [stageRef(ctx.policy, 0)] : [];
  for (let n = Math.max(from + 1, 1); n < to; n++) passed.push(stageRef(ctx.policy, n));
  return passed;
}
