import type { DecideContext } from './context.js';
import type { StageEntered, StageRef } from './events.js';
import { stageDueAt, stageRef } from './stages.js';

/** The stage-entered event for entering stage `number` now. */
export function stageEntered(
  ctx: DecideContext,
  overallFrom: string,
  number: number,
  reason: string,
  holders: StageEntered['holders'],
  skippedStages: StageRef[] = [],
  skipped = skippedStages.length > 0,
): StageEntered {
  return {
    type: 'stage-entered',
    at: ctx.now,
    by: ctx.actor.personId,
    ...stageRef(ctx.policy, number),
    dueAt: stageDueAt(ctx.policy, number, ctx.now, overallFrom, ctx.calendar),
    holders,
    reason,
    skipped,
    skippedStages,
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
