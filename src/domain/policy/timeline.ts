/**
 * A policy's timeline from a start instant: each stage starting when the one before falls due
 * (docs/architecture.md "Command line", `escalate timeline`). Pure.
 */
import { toLondonIso, type WorkingDayCalendar } from '../calendar/index.js';
import { stageDueAt, timescaleDue } from '../case/stages.js';
import type { Policy } from './schema.js';

export interface TimelineStage {
  stage: number;
  key: string;
  name: string;
  /** the stage's own working days; null where the policy sets none */
  workingDays: number | null;
  startsAt: string | null;
  dueAt: string | null;
  /** where the stage asks the other side to acknowledge it (issue 18): by when; else absent */
  acknowledgementDueAt?: string | null;
}

export interface Timeline {
  policy: string;
  calendar: string;
  start: string;
  stages: TimelineStage[];
  finalDueAt: string | null;
}

/**
 * A stage with no number of working days (and no overall timescale to cap it) has no due time,
 * so the stages after it have no start time either: the timeline says so rather than guess.
 */
export function timeline(policy: Policy, start: string, calendar: WorkingDayCalendar): Timeline {
  const stages: TimelineStage[] = [];
  let startsAt: string | null = toLondonIso(start);
  const clock = {
    overallFrom: start,
    firstEntered: (keys: readonly string[]) =>
      stages.find((s) => keys.includes(s.key))?.startsAt ?? undefined,
  };
  policy.stages.forEach((stage, index) => {
    const dueAt =
      startsAt === null
        ? null
        : // a timescale from the first discussion: the timeline assumes it is held at once
          stageDueAt(
            policy,
            index + 1,
            startsAt,
            { ...clock, firstDiscussion: startsAt },
            calendar,
          );
    const ack = stage.acknowledgement;
    stages.push({
      stage: index + 1,
      key: stage.key,
      name: stage.name,
      workingDays: stage.timescale?.workingDays ?? null,
      startsAt,
      dueAt,
      ...(ack
        ? {
            acknowledgementDueAt:
              startsAt === null
                ? null
                : timescaleDue(ack.within, startsAt, calendar, policy.dueTime),
          }
        : {}),
    });
    startsAt = dueAt;
  });
  return {
    policy: policy.id,
    calendar: calendar.id,
    start: toLondonIso(start),
    stages,
    finalDueAt: stages.at(-1)?.dueAt ?? null,
  };
}
