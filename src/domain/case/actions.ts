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
      if (!consultation) return [];
      // no answers: answers missing are about the form, and the consultation is still offered
      return consultation.with.map((role) => ({
        type,
        with: { personId: p, role },
        answers: {},
        summary: p,
      }));
    }
    // Stryker disable next-line ConditionalExpression: equivalent, because the engine reads none of a discussion's answers to decide whether it may be recorded
    case 'record-discussion':
      // Stryker disable next-line StringLiteral,ArrayDeclaration: equivalent, because the engine reads none of a discussion's answers to decide whether it may be recorded
      return [{ type, when: ctx.now, how: 'phone', participants: [p], summary: p, outcome: p }];
    // Stryker disable next-line ConditionalExpression: equivalent, because falling through gives an acknowledgement answers it does not read
    case 'acknowledge':
      return [{ type }];
    case 'add-plan-action':
      return [
        { type, description: p, ownerAgencyId: state.raisingAgencyId, dueOn: nextWorkingDay(ctx) },
      ];
    case 'mark-action-done':
      // offered while an action is open: the owner check, and an action already done, are the
      // engine's
      return state.planActions.map((a) => ({
        type,
        actionId: a.actionId,
        doneOn: londonDate(ctx.now),
      }));
    // Stryker disable next-line ConditionalExpression: equivalent, because the engine reads neither an escalation's reason nor a referral's answers to decide whether it may be given
    case 'escalate':
      return [{ type, reason: p }];
    case 'refer-to-chair':
      return [
        { type, details: p, scrutiny: false, boardMembersEngaged: p },
        { type, details: p, scrutiny: true, boardMembersEngaged: p },
      ];
    case 'convene-panel':
      // Stryker disable next-line ArrayDeclaration,ObjectLiteral,StringLiteral: equivalent, because every refusal about the members chosen is about the form (ABOUT_THE_ANSWERS)
      return [{ type, members: [{ personId: p, agencyId: p, seat: 'executive' }] }];
    // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent, because with no member named the engine refuses the chair on the form's grounds and takes a member's own agreement
    case 'agree-panel-decision': {
      // offered to a member who has not yet agreed, and to the chair while anyone has not: the
      // engine refuses an agreement already given
      if (!state.panel) return [];
      return state.panel.members.map((m) => ({ type, memberId: m.personId }));
    }
    // Stryker disable next-line ConditionalExpression: equivalent, because the engine reads none of a representation's answers to decide whether it may be recorded
    case 'record-representation':
      return [{ type, fromPersonId: p, fromAgencyId: p, summary: p }];
    case 'resolve':
      // Stryker disable next-line ArrayDeclaration,ObjectLiteral: equivalent, because every refusal about who agreed is about the form (ABOUT_THE_ANSWERS)
      return [{ type, outcome: p, actions: [], agreedBy: [{ agencyId: p, name: p }] }];
    case 'record-decision':
      return [
        { type, decidedBy: 'chair', decision: p },
        // Stryker disable next-line StringLiteral: equivalent, because decidedBy is only ever compared with 'chair'
        { type, decidedBy: 'panel', decision: p },
      ];
    case 'withdraw':
    // Stryker disable next-line ConditionalExpression: equivalent, because a case has a child, and the engine reads no reason to decide whether it may be reopened
    case 'reopen':
      return [{ type, reason: p }];
    case 'update-child-contacts':
      return state.children.map((child, i) => ({
        type,
        child: i,
        // Stryker disable next-line StringLiteral: equivalent, because the engine asks only whether an address is given; the form checks it
        ...(child.childProtectionPlan ? { cpChairEmail: 'placeholder@example.org' } : {}),
        // Stryker disable next-line StringLiteral: equivalent, because the engine asks only whether an address is given; the form checks it
        ...(child.lookedAfter ? { iroEmail: 'placeholder@example.org' } : {}),
      }));
    case 'record-hub-referral':
      // the form can flag the risk, so it is offered on a case raised without it too
      return [{ type, service: p, when: ctx.now, immediateRisk: true }];
    case 'start-at-stage':
      return ctx.policy.stages.map((_, i) => ({ type, stage: i + 1, justification: p }));
    case 'set-child-protective-deadline': {
      // Stryker disable next-line ArithmeticOperator: equivalent, because any time after now is a deadline that lies ahead
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
