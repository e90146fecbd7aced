/**
 * Which actions a person may take on a case now, by asking `decide` itself: each action is tried
 * with placeholder answers, and offered unless the policy refuses it for a reason that no answer
 * on its form could change. So the pages never offer what the engine would refuse, and the
 * rules live in one place. Pure.
 */
import { addWorkingDays, londonDate } from '../calendar/index.js';
import { CASE_ACTIONS, type CaseAction } from '../policy/schema.js';
import type { CaseCommand, CommandType } from './commands.js';
import type { DecideContext } from './context.js';
import { decide } from './decide.js';
import { finalStageNumber } from './stages.js';
import type { CaseState } from './state.js';

/** The actions the case page offers: every case action has a page of its own. */
export type ActionType = CaseAction;
export const ACTIONS: readonly ActionType[] = CASE_ACTIONS;

/** Refusals about the answers given, not about whether the action may be taken at all. */
const ABOUT_THE_ANSWERS = new Set([
  'panel-too-few-agencies',
  'panel-members-not-on-board',
  'panel-missing-disputing-agency',
  'panel-member-at-no-agency',
  'consultation-answers-missing',
  'agreement-from-each-side',
  'agreed-by-not-in-case',
  'consultation-wrong-agency',
  'board-members-not-engaged',
  'not-a-panel-member',
  // the agreed action plan: about the date or agency chosen, or a plan not yet added
  'plan-owner-not-in-case',
  'plan-due-in-past',
  'plan-due-not-working-day',
  'plan-done-in-future',
  'plan-done-before-agreed',
  'action-plan-required',
]);

const p = 'placeholder';

function nextWorkingDay(ctx: DecideContext): string {
  return londonDate(addWorkingDays(ctx.now, 1, ctx.calendar, ctx.policy.dueTime));
}

function candidates(type: ActionType, ctx: DecideContext, state: CaseState): CaseCommand[] {
  switch (type) {
    case 'record-consultation': {
      const consultation = ctx.policy.consultation;
      const answers = Object.fromEntries((consultation?.questions ?? []).map((q) => [q.key, p]));
      return (consultation?.with ?? ['manager']).map((role) => ({
        type,
        with: { personId: p, role },
        answers,
        summary: p,
      }));
    }
    case 'record-discussion':
      return [{ type, when: ctx.now, how: 'phone', participants: [p], summary: p, outcome: p }];
    case 'acknowledge':
      return [{ type }];
    case 'add-plan-action':
      return [
        { type, description: p, ownerAgencyId: state.raisingAgencyId, dueOn: nextWorkingDay(ctx) },
      ];
    case 'mark-action-done':
      // offered while an action is open: the owner check is the engine's
      return state.planActions
        .filter((a) => !a.done)
        .map((a) => ({ type, actionId: a.actionId, doneOn: londonDate(ctx.now) }));
    case 'escalate':
      return [{ type, reason: p }];
    case 'refer-to-chair':
      return [
        { type, details: p, scrutiny: false, boardMembersEngaged: p },
        { type, details: p, scrutiny: true, boardMembersEngaged: p },
      ];
    case 'convene-panel':
      return [{ type, members: [{ personId: p, agencyId: p, seat: 'executive' }] }];
    case 'agree-panel-decision': {
      // offered to a member who has not yet agreed, and to the chair while anyone has not
      const proposal = state.panel?.proposal;
      const waiting = state.panel?.members.filter((m) => !proposal?.agreed.includes(m.personId));
      return (waiting ?? []).map((m) => ({ type, memberId: m.personId }));
    }
    case 'record-representation':
      return [{ type, fromPersonId: p, fromAgencyId: p, summary: p }];
    case 'resolve':
      return [{ type, outcome: p, actions: [], agreedBy: [{ agencyId: p, name: p }] }];
    case 'record-decision':
      return [
        { type, decidedBy: 'chair', decision: p },
        { type, decidedBy: 'panel', decision: p },
      ];
    case 'withdraw':
    case 'reopen':
      return [{ type, reason: p }];
    case 'update-child-contacts':
      return state.children.map((child, i) => ({
        type,
        child: i,
        ...(child.childProtectionPlan ? { cpChairEmail: 'placeholder@example.org' } : {}),
        ...(child.lookedAfter ? { iroEmail: 'placeholder@example.org' } : {}),
      }));
    case 'record-hub-referral':
      // the form can flag the risk, so it is offered on a case raised without it too
      return [{ type, service: p, when: ctx.now, immediateRisk: true }];
    case 'start-at-stage':
      return ctx.policy.stages.map((_, i) => ({ type, stage: i + 1, justification: p }));
    case 'set-child-protective-deadline': {
      const tomorrow = new Date(Date.parse(ctx.now) + 24 * 60 * 60 * 1000).toISOString();
      return [{ type, deadline: tomorrow, reason: p }];
    }
  }
}

// every command but raise is a case action, and every case action a command
const _sameCommands: [Exclude<CommandType, 'raise'>, CaseAction] extends [
  CaseAction,
  Exclude<CommandType, 'raise'>,
]
  ? true
  : never = true;

function allowed(state: CaseState, command: CaseCommand, ctx: DecideContext): boolean {
  const result = decide(state, command, ctx);
  return result.ok || ABOUT_THE_ANSWERS.has(result.error.code);
}

/**
 * The order the page offers them in, the first as its main button: the step the stage is for
 * first (the consultation before stage 1; the decision at the chair's; else the discussion, then
 * moving it on or resolving it), the rest after.
 */
const WORKING_ORDER: readonly ActionType[] = [
  // offered only while the other side's acknowledgement is owed: it comes first
  'acknowledge',
  'record-discussion',
  'escalate',
  'refer-to-chair',
  'add-plan-action',
  'resolve',
  'mark-action-done',
  'record-consultation',
  'update-child-contacts',
  'withdraw',
  'reopen',
  'convene-panel',
  'record-representation',
  'record-decision',
  'agree-panel-decision',
  'record-hub-referral',
  'start-at-stage',
  'set-child-protective-deadline',
];
const CHAIR_ORDER: readonly ActionType[] = [
  'agree-panel-decision',
  'record-decision',
  'convene-panel',
  'record-representation',
  'add-plan-action',
  'resolve',
  'mark-action-done',
  'record-discussion',
  'update-child-contacts',
  'record-consultation',
  'withdraw',
  'reopen',
  'escalate',
  'refer-to-chair',
  'record-hub-referral',
  'set-child-protective-deadline',
  'start-at-stage',
  'acknowledge',
];

/** The actions `ctx.actor` may take on the case now, in the order the pages list them. */
export function availableActions(state: CaseState, ctx: DecideContext): ActionType[] {
  const base =
    state.stage.number === finalStageNumber(ctx.policy)
      ? CHAIR_ORDER
      : state.stage.number === 0
        ? ['record-consultation' as const, ...WORKING_ORDER]
        : WORKING_ORDER;
  // a child at immediate risk not yet referred: the referral comes before anything else
  const order =
    state.immediateRisk && !state.hubReferral ? ['record-hub-referral' as const, ...base] : base;
  const offered = ACTIONS.filter((type) =>
    candidates(type, ctx, state).some((command) => allowed(state, command, ctx)),
  );
  return [...offered].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
