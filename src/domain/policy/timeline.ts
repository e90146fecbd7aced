/**
 * A policy's timeline from a start instant: each stage starting when the one before falls due
 * (docs/architecture.md "Command line", `escalate timeline`). A stage used only when the case is
 * urgent is passed over unless the timeline is for an urgent case (as escalating passes over it:
 * `nextStageNumber`); a stage timed in hours or "immediately" shows that timescale. Pure.
 */
import { toLondonIso, type WorkingDayCalendar } from '../calendar/index.js';
import { stageDueAt, timescaleDue } from '../case/stages.js';
import type { Policy, Stage } from './schema.js';

export interface TimelineStage {
  stage: number;
  key: string;
  name: string;
  /** the stage's own working days; null where the policy sets none */
  workingDays: number | null;
  /** the stage's own hours (counted on working days only); null where it is not timed in hours */
  hours: number | null;
  /** the stage is due "immediately": by the due time on the working day it begins */
  immediately: boolean;
  /** the stage's own timescale in words: "2 working days", "24 hours", "immediately", or null */
  timescale: string | null;
  /** the stage is used only when the case is urgent (a child at immediate risk) */
  onlyWhenUrgent: boolean;
  /** passed over in this timeline (a stage for urgent cases only, on a case that is not): no times */
  passedOver: boolean;
  startsAt: string | null;
  dueAt: string | null;
  /** where the stage asks the other side to acknowledge it (issue 18): by when; else absent */
  acknowledgementDueAt?: string | null;
}

export interface Timeline {
  policy: string;
  calendar: string;
  start: string;
  /** whether the timeline is for an urgent case, which works the stages used only when urgent */
  urgent: boolean;
  stages: TimelineStage[];
  finalDueAt: string | null;
}

export interface TimelineOptions {
  /** a case with a child at immediate risk: its stages used only when urgent are worked */
  urgent?: boolean;
}

/** A stage's own timescale in words, as the timeline prints it, with what it is counted from. */
export function timescaleWords(stage: Stage): string | null {
  const own = stage.timescale;
  if (!own) return null;
  const from =
    own.from === 'raised'
      ? ' from raising'
      : own.from === 'first-discussion'
        ? ' from the first discussion'
        : typeof own.from === 'object'
          ? ` from stage "${own.from.stage}"`
          : '';
  if (own.immediately) return 'immediately';
  if (own.hours) return `${own.hours} ${own.hours === 1 ? 'hour' : 'hours'}${from}`;
  if (own.workingDays)
    return `${own.workingDays} working ${own.workingDays === 1 ? 'day' : 'days'}${from}`;
  return null;
}

/**
 * A stage with no timescale (and no overall timescale to cap it) has no due time, so the stages
 * after it have no start time either: the timeline says so rather than guess.
 */
export function timeline(
  policy: Policy,
  start: string,
  calendar: WorkingDayCalendar,
  options: TimelineOptions = {},
): Timeline {
  const urgent = options.urgent === true;
  const stages: TimelineStage[] = [];
  let startsAt: string | null = toLondonIso(start);
  const clock = {
    overallFrom: start,
    firstEntered: (keys: readonly string[]) =>
      stages.find((s) => keys.includes(s.key) && s.startsAt !== null)?.startsAt ?? undefined,
  };
  policy.stages.forEach((stage, index) => {
    const onlyWhenUrgent = stage.onlyWhenUrgent !== undefined;
    const passedOver = onlyWhenUrgent && !urgent;
    const dueAt =
      startsAt === null || passedOver
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
      hours: stage.timescale?.hours ?? null,
      immediately: stage.timescale?.immediately === true,
      timescale: timescaleWords(stage),
      onlyWhenUrgent,
      passedOver,
      startsAt: passedOver ? null : startsAt,
      dueAt,
      ...(ack
        ? {
            acknowledgementDueAt:
              startsAt === null || passedOver
                ? null
                : timescaleDue(ack.within, startsAt, calendar, policy.dueTime),
          }
        : {}),
    });
    // a stage passed over takes no time: the next starts when the one before it falls due
    if (!passedOver) startsAt = dueAt;
  });
  return {
    policy: policy.id,
    calendar: calendar.id,
    start: toLondonIso(start),
    urgent,
    stages,
    // Stryker disable next-line OptionalChaining: equivalent, because the schema asks for at least one stage
    finalDueAt: stages.at(-1)?.dueAt ?? null,
  };
}
