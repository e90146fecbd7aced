/**
 * The form behind each action on a case: its title, the fields that make the command (parsed
 * afterwards with the command's own schema), which field each schema path belongs to, and the
 * people it offers to choose from.
 *
 * Longer than 300 lines because it is a table: one entry per action, each a few lines of fields.
 */
import type { ActionType } from '../../domain/case/index.js';
import { DISCUSSION_MEANS, finalStageNumber } from '../../domain/case/index.js';
import type { Policy } from '../../domain/policy/schema.js';
import { type PersonChoice, peopleAt } from '../../services/case-page.js';
import type { CaseView } from '../../services/cases/index.js';
import { hubPhoneOf, riskGuidance } from '../../services/immediate-risk.js';
import { boardMembersFor, panelCandidates, peopleById } from '../../services/panel-choices.js';
import type { Actor } from '../../services/people.js';
import type { Db } from '../../store/database.js';
import { dueWords, MEANS_LABELS, ROLE_LABELS } from '../../words.js';
import {
  dateInputFields,
  type FormBody,
  lines,
  list,
  notARealDate,
  notARealTime,
  optional,
  realDate,
  realInstant,
  text,
} from '../forms.js';

export interface FormContext {
  db: Db;
  view: CaseView;
  policy: Policy;
  actor: Actor;
  partnershipId: string;
  now: Date;
}

export interface ActionForm {
  title: string;
  /** the words on the case page's button */
  label: string;
  button: string;
  /** schema path -> field id, for the error summary and inline messages */
  fields: Record<string, string>;
  /** the command's fields (not its type or version), from the form */
  toInput(body: FormBody, choices: PersonChoice[]): Record<string, unknown>;
  /** what the form starts with */
  initial?(ctx: FormContext): FormBody;
  /** the people it offers to choose from */
  choices?(ctx: FormContext): Promise<PersonChoice[]>;
  /** what else its page shows (guidance, the stages it offers) */
  view?(ctx: FormContext): Promise<Record<string, unknown>>;
  /** what is wrong with the form before the command's schema sees it (a date not a real one) */
  problems?(body: FormBody): { field: string; message: string }[];
  /**
   * An action that closes the case for everyone: once the form is valid, GOV.UK's Interruption
   * panel (case/interruption.njk) asks before it is done, with the form's answers kept.
   */
  interruption?: { title: string; paragraphs: string[]; button: string };
  /** the field a refusal by the engine is shown against, by its code (else the first field) */
  refusedAt?: Record<string, string>;
}

const reasonForm = (title: string, label: string, button: string): ActionForm => ({
  title,
  label,
  button,
  fields: { reason: 'reason' },
  toInput: (body) => ({ reason: text(body, 'reason') }),
});

export const ACTION_FORMS: Record<ActionType, ActionForm> = {
  'record-consultation': {
    title: 'Record the consultation',
    label: 'Record the consultation',
    button: 'Record the consultation',
    fields: { with: 'with', 'with.personId': 'with', answers: 'summary', summary: 'summary' },
    toInput(body, choices) {
      const person = choices.find((p) => p.id === text(body, 'with'));
      const answers = Object.fromEntries(
        Object.keys(body)
          .filter((k) => k.startsWith('answer-'))
          .map((k) => [k.slice('answer-'.length), text(body, k)]),
      );
      return {
        with: person ? { personId: person.id, role: person.role } : undefined,
        answers,
        summary: text(body, 'summary'),
      };
    },
    // consult someone at your own agency; or, where the step is the pre-escalation discussion
    // (004), discuss it with a worker at the agency the disagreement is with
    choices: (ctx) =>
      peopleAt(
        ctx.db,
        ctx.policy.consultation?.discussWith === 'other-agency'
          ? ctx.view.otherAgencyIds
          : [ctx.view.raisingAgencyId],
        ctx.policy.consultation?.with ?? ['manager'],
      ),
  },
  'record-discussion': {
    title: 'Record a discussion',
    label: 'Record a discussion',
    button: 'Record the discussion',
    fields: {
      when: 'when-day',
      how: 'how',
      participants: 'participants',
      summary: 'summary',
      outcome: 'outcome',
    },
    toInput: (body) => ({
      when: realInstant(body, 'when'),
      how: text(body, 'how') || undefined,
      participants: lines(body, 'participants'),
      summary: text(body, 'summary'),
      outcome: text(body, 'outcome'),
    }),
    initial: (ctx) => dateInputFields('when', ctx.now, { time: true }),
  },
  // the other side acknowledges the escalation, by the stage's due time for it (issue 18)
  acknowledge: {
    title: 'Acknowledge the escalation',
    label: 'Acknowledge the escalation',
    button: 'Acknowledge the escalation',
    fields: { note: 'note' },
    toInput: (body) => ({ note: optional(body, 'note') }),
    view: async (ctx) => {
      const asked = ctx.view.stage.acknowledgement;
      return {
        acknowledgementDue: asked?.dueAt ? dueWords(asked.dueAt, ctx.now) : null,
        acknowledgementRule: ctx.policy.stages[ctx.view.stage.number - 1]?.acknowledgement,
      };
    },
  },
  // the agreed action plan, one action per page: the case page lists the plan (issue 18 item 8)
  'add-plan-action': {
    title: 'Add an action to the agreed plan',
    label: 'Add an action to the plan',
    button: 'Add the action',
    fields: { description: 'description', ownerAgencyId: 'ownerAgencyId', dueOn: 'dueOn-day' },
    toInput: (body) => ({
      description: text(body, 'description'),
      ownerAgencyId: text(body, 'ownerAgencyId') || undefined,
      dueOn: realDate(body, 'dueOn') || undefined,
    }),
    problems: (body) =>
      realDate(body, 'dueOn') === '' &&
      ['day', 'month', 'year'].some((p) => text(body, `dueOn-${p}`).trim() !== '')
        ? [{ field: 'dueOn-day', message: notARealDate('the date it is due') }]
        : [],
    refusedAt: {
      'plan-owner-not-in-case': 'ownerAgencyId',
      'plan-due-in-past': 'dueOn-day',
      'plan-due-not-working-day': 'dueOn-day',
    },
    view: async (ctx) => ({ plan: ctx.view.planActions, actionPlan: ctx.policy.actionPlan }),
  },
  'mark-action-done': {
    title: 'Mark an action of the plan done',
    label: 'Mark an action done',
    button: 'Mark it done',
    fields: { actionId: 'actionId', doneOn: 'doneOn-day', note: 'note' },
    toInput: (body) => ({
      actionId: text(body, 'actionId') || undefined,
      doneOn: realDate(body, 'doneOn') || undefined,
      note: optional(body, 'note'),
    }),
    initial: (ctx) => {
      const mine = ctx.view.planActions.filter(
        (a) => !a.done && a.ownerAgencyId === ctx.actor.agencyId,
      );
      return {
        ...dateInputFields('doneOn', ctx.now),
        ...(mine.length === 1 && mine[0] ? { actionId: mine[0].actionId } : {}),
      };
    },
    problems: (body) =>
      realDate(body, 'doneOn') === ''
        ? [{ field: 'doneOn-day', message: notARealDate('the date it was done') }]
        : [],
    refusedAt: {
      'no-such-plan-action': 'actionId',
      'plan-action-already-done': 'actionId',
      'not-the-owning-agency': 'actionId',
      'plan-done-in-future': 'doneOn-day',
      'plan-done-before-agreed': 'doneOn-day',
    },
    // the open actions of the actor's own agency: only the owner marks one done
    view: async (ctx) => ({
      openActions: ctx.view.planActions.filter(
        (a) => !a.done && a.ownerAgencyId === ctx.actor.agencyId,
      ),
    }),
  },
  escalate: {
    title: 'Escalate to the next stage',
    label: 'Escalate',
    button: 'Escalate',
    fields: { reason: 'reason' },
    toInput: (body) => ({ reason: text(body, 'reason') }),
  },
  'refer-to-chair': {
    title: 'Refer to the chair',
    label: 'Refer to the chair',
    button: 'Refer to the chair',
    fields: {
      details: 'details',
      scrutiny: 'scrutiny',
      boardMembersEngaged: 'boardMembersEngaged',
    },
    toInput: (body) => ({
      details: text(body, 'details'),
      scrutiny: text(body, 'scrutiny') === 'yes',
      boardMembersEngaged: optional(body, 'boardMembersEngaged'),
    }),
    // the board members to engage first, named in the form's hint (000, 001, 002 2.15)
    choices: (ctx) =>
      boardMembersFor(ctx.db, [ctx.view.raisingAgencyId, ...ctx.view.otherAgencyIds]),
  },
  'convene-panel': {
    title: 'Convene a Resolution Panel',
    label: 'Convene a Resolution Panel',
    button: 'Convene the panel',
    fields: { members: 'members' },
    // the person only: their agency, seat and whom they represent come from the directory
    toInput: (body, choices) => ({
      members: list(body, 'members')
        .filter((id) => choices.some((p) => p.id === id))
        .map((personId) => ({ personId })),
    }),
    choices: (ctx) =>
      panelCandidates(ctx.db, ctx.partnershipId, [
        ctx.view.raisingAgencyId,
        ...ctx.view.otherAgencyIds,
      ]),
  },
  'record-representation': {
    title: 'Record a representation to the panel',
    label: 'Record a representation',
    button: 'Record the representation',
    fields: { fromPersonId: 'from', fromAgencyId: 'from', summary: 'summary' },
    toInput(body, choices) {
      const person = choices.find((p) => p.id === text(body, 'from'));
      return {
        fromPersonId: person?.id,
        fromAgencyId: person?.agencyId,
        summary: text(body, 'summary'),
      };
    },
    choices: (ctx) => peopleAt(ctx.db, [ctx.view.raisingAgencyId, ...ctx.view.otherAgencyIds]),
  },
  resolve: {
    title: 'Record that the disagreement is resolved',
    label: 'Resolve',
    button: 'Record the resolution',
    fields: { outcome: 'outcome', actions: 'actions', agreedBy: 'agreedBy', learning: 'learning' },
    // one answer per agency in the case ("agreed-<agency id>"): both sides must have agreed
    toInput: (body) => ({
      outcome: text(body, 'outcome'),
      actions: lines(body, 'actions'),
      agreedBy: Object.keys(body)
        .filter((k) => k.startsWith('agreed-') && text(body, k).trim() !== '')
        .map((k) => ({ agencyId: k.slice('agreed-'.length), name: text(body, k).trim() })),
      learning: optional(body, 'learning'),
    }),
    // the person recording it agreed it for their agency: their name and role, as the hint asks
    initial: (ctx) =>
      ctx.actor.agencyId
        ? {
            [`agreed-${ctx.actor.agencyId}`]: `${ctx.actor.name}, ${ROLE_LABELS[ctx.actor.role] ?? ctx.actor.role}`,
          }
        : {},
    interruption: {
      title: 'Are you sure the disagreement is resolved?',
      paragraphs: [
        'Recording the resolution closes the disagreement. Everyone in it will be told the outcome and who agreed it.',
        'It goes on the case’s record, where it cannot be changed or removed.',
        'Only record it if both agencies have agreed the outcome.',
      ],
      button: 'Yes, record the resolution',
    },
  },
  'record-decision': {
    title: 'Record the decision',
    label: 'Record the decision',
    button: 'Record the decision',
    fields: { decidedBy: 'decidedBy', decision: 'decision', learning: 'learning' },
    toInput: (body) => ({
      decidedBy: text(body, 'decidedBy') || undefined,
      decision: text(body, 'decision'),
      learning: optional(body, 'learning'),
    }),
  },
  'agree-panel-decision': {
    title: 'Agree the Resolution Panel’s decision',
    label: 'Agree the panel’s decision',
    button: 'Record the agreement',
    fields: { memberId: 'memberId' },
    toInput: (body) => ({ memberId: optional(body, 'memberId') }),
    // the members who have not yet agreed: the chair chooses one; a member agrees for themself
    choices: async (ctx) => {
      const panel = ctx.view.panel;
      const waiting = (panel?.members ?? [])
        .map((m) => m.personId)
        .filter((id) => !panel?.proposal?.agreed.includes(id));
      return peopleById(ctx.db, waiting);
    },
  },
  'update-child-contacts': {
    title: "Add or correct a child's Child Protection Chair or IRO",
    label: "Add a child's CP Chair or IRO",
    button: 'Save the address',
    fields: { child: 'child', cpChairEmail: 'cpChairEmail', iroEmail: 'iroEmail' },
    toInput: (body) => ({
      child: /^\d{1,2}$/.test(text(body, 'child')) ? Number(text(body, 'child')) : undefined,
      cpChairEmail: optional(body, 'cpChairEmail'),
      iroEmail: optional(body, 'iroEmail'),
    }),
    initial: (ctx) => {
      const first = ctx.view.children.findIndex((c) => c.childProtectionPlan || c.lookedAfter);
      return first >= 0 ? { child: String(first) } : {};
    },
  },
  withdraw: {
    ...reasonForm('Withdraw the disagreement', 'Withdraw', 'Withdraw the disagreement'),
    interruption: {
      title: 'Are you sure you want to withdraw the disagreement?',
      paragraphs: [
        'Withdrawing closes the disagreement. Everyone in it will be told, with your reason.',
        'It goes on the case’s record, where it cannot be changed or removed.',
        'If you are still worried about the child, escalate the disagreement instead.',
      ],
      button: 'Yes, withdraw it',
    },
  },
  reopen: reasonForm('Reopen the disagreement', 'Reopen', 'Reopen the disagreement'),
  // a child at immediate risk: the referral, a deadline that protects the child, a later stage
  'record-hub-referral': {
    title: 'Record the referral for a child at immediate risk',
    label: 'Record the referral',
    button: 'Record the referral',
    fields: {
      service: 'service',
      reference: 'reference',
      when: 'when-day',
      immediateRisk: 'immediateRisk',
    },
    toInput: (body) => ({
      service: text(body, 'service'),
      reference: optional(body, 'reference'),
      when: realInstant(body, 'when'),
      immediateRisk: text(body, 'immediateRisk') === 'yes' ? true : undefined,
    }),
    initial: (ctx) => ({
      service: ctx.policy.immediateRisk.referral.service,
      ...dateInputFields('when', ctx.now, { time: true }),
    }),
    view: async (ctx) => ({
      risk: riskGuidance(ctx.policy, ctx.actor.role, await hubPhoneOf(ctx.db, ctx.partnershipId)),
    }),
    problems: (body) =>
      realInstant(body, 'when') === ''
        ? [{ field: 'when-day', message: notARealTime('when the referral was made') }]
        : [],
  },
  'set-child-protective-deadline': {
    title: 'Set a deadline that protects the child',
    label: 'Set a child-protective deadline',
    button: 'Set the deadline',
    fields: { deadline: 'deadline-day', reason: 'reason' },
    toInput: (body) => ({ deadline: realInstant(body, 'deadline'), reason: text(body, 'reason') }),
    initial: (ctx) => ({ 'deadline-time': ctx.policy.dueTime }),
    problems: (body) =>
      realInstant(body, 'deadline') === ''
        ? [{ field: 'deadline-day', message: notARealTime('the deadline') }]
        : [],
  },
  'start-at-stage': {
    title: 'Start at a later stage',
    label: 'Start at a later stage',
    button: 'Start at this stage',
    // the justification first: the engine's refusal for want of one is shown against it
    fields: { justification: 'justification', stage: 'stage' },
    toInput: (body) => ({
      stage: /^\d{1,2}$/.test(text(body, 'stage')) ? Number(text(body, 'stage')) : undefined,
      justification: optional(body, 'justification'),
    }),
    view: async (ctx) => ({ stages: laterStages(ctx), startAt: ctx.policy.immediateRisk.startAt }),
  },
};

/** The stages a case may start at instead: later than now, before the chair's, as the policy allows. */
function laterStages(ctx: FormContext) {
  const allowed = ctx.policy.immediateRisk.startAt?.stages ?? [];
  const chair = finalStageNumber(ctx.policy);
  return ctx.policy.stages
    .map((stage, i) => ({ number: i + 1, key: stage.key, name: stage.name }))
    .filter((s) => s.number > ctx.view.stage.number && s.number < chair)
    .filter((s) => allowed === 'any' || allowed.includes(s.key));
}

export const MEANS = DISCUSSION_MEANS.map((value) => ({
  value,
  text: MEANS_LABELS[value] ?? value,
}));
