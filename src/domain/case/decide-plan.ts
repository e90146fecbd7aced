/**
 * The agreed action plan (issue 18, item 8; the policy's `actionPlan`, docs/adr/0030): either
 * side's holder adds actions to it while the case is open, each owned by one of the agencies in
 * the disagreement and due on a working day of the policy's calendar; the owning agency marks
 * each done, after the case is resolved too (resolving does not close the plan).
 */
import { dueOnDate, londonDate, workingDaysBefore } from '../calendar/index.js';
import type { CommandOf } from './commands.js';
import { accept, type DecideContext, type DecideResult } from './context.js';
import { refuse } from './errors.js';
import type { CaseState } from './state.js';

const CALENDAR_WORDS: Record<string, string> = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};

/** 14 December 2026 */
function dateWords(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function noPlan(ctx: DecideContext) {
  return refuse(
    'no-action-plan',
    `The policy "${ctx.policy.title}" does not track an agreed action plan: record what was agreed in the outcome instead.`,
  );
}

export function addPlanAction(
  state: CaseState,
  command: CommandOf<'add-plan-action'>,
  ctx: DecideContext,
): DecideResult {
  const rule = ctx.policy.actionPlan;
  if (!rule) return noPlan(ctx);
  if (
    command.ownerAgencyId !== state.raisingAgencyId &&
    !state.otherAgencyIds.includes(command.ownerAgencyId)
  ) {
    return refuse(
      'plan-owner-not-in-case',
      'Select one of the agencies in this disagreement to do the action.',
    );
  }
  const today = londonDate(ctx.now);
  if (command.dueOn < today) {
    return refuse(
      'plan-due-in-past',
      `The date it is due must be today or later: ${dateWords(command.dueOn)} has passed.`,
    );
  }
  if (!ctx.calendar.isWorkingDay(command.dueOn)) {
    return refuse(
      'plan-due-not-working-day',
      `${dateWords(command.dueOn)} is not a working day in ${CALENDAR_WORDS[ctx.calendar.id] ?? ctx.calendar.id} (a weekend, bank holiday or closure day): choose a working day.`,
    );
  }
  const dueAt = dueOnDate(command.dueOn, ctx.policy.dueTime);
  const remind = rule.reminderBefore
    ? workingDaysBefore(command.dueOn, rule.reminderBefore.workingDays, ctx.calendar)
    : null;
  return accept({
    type: 'plan-action-added',
    at: ctx.now,
    by: ctx.actor.personId,
    actionId: `action-${state.planActions.length + 1}`,
    description: command.description,
    ownerAgencyId: command.ownerAgencyId,
    dueOn: command.dueOn,
    dueAt,
    // a reminder whose time has already come when the action is agreed would only repeat it
    remindAt: remind && Date.parse(remind) > Date.parse(ctx.now) ? remind : null,
  });
}

export function markActionDone(
  state: CaseState,
  command: CommandOf<'mark-action-done'>,
  ctx: DecideContext,
): DecideResult {
  if (!ctx.policy.actionPlan) return noPlan(ctx);
  const action = state.planActions.find((a) => a.actionId === command.actionId);
  if (!action) {
    return refuse('no-such-plan-action', 'There is no such action in the plan on this case.');
  }
  if (action.done) {
    return refuse(
      'plan-action-already-done',
      `That action was already marked done, on ${dateWords(action.done.on)}.`,
    );
  }
  if (ctx.actor.agencyId !== action.ownerAgencyId) {
    return refuse(
      'not-the-owning-agency',
      'Only the agency that owns an action marks it done: ask someone there to.',
    );
  }
  if (command.doneOn > londonDate(ctx.now)) {
    return refuse(
      'plan-done-in-future',
      `The date it was done cannot be in the future: enter today's date or an earlier one.`,
    );
  }
  if (command.doneOn < londonDate(action.addedAt)) {
    return refuse(
      'plan-done-before-agreed',
      `The date it was done cannot be before the action was agreed, on ${dateWords(londonDate(action.addedAt))}.`,
    );
  }
  return accept({
    type: 'plan-action-done',
    at: ctx.now,
    by: ctx.actor.personId,
    actionId: action.actionId,
    doneOn: command.doneOn,
    ...(command.note !== undefined ? { note: command.note } : {}),
  });
}

/**
 * `actionPlan.atResolution: required`: resolving is refused until the plan has an action,
 * naming the policy's clause.
 */
export function planRequiredFirst(state: CaseState, ctx: DecideContext) {
  const rule = ctx.policy.actionPlan;
  if (rule?.atResolution !== 'required' || state.planActions.length > 0) return undefined;
  return refuse(
    'action-plan-required',
    `The policy asks for an agreed action plan before the disagreement is resolved (${rule.source}). Add the agreed actions first ("Add an action to the plan"), then resolve it.`,
  );
}
