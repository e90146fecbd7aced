/**
 * The commands a person gives a case, one Zod schema per input: the API, the pages and the
 * CLI all parse with these, so the plain-English messages are written once, here.
 * `decide` (decide.ts) then applies the policy's rules to a parsed command.
 *
 * Longer than 300 lines because it is a list: one schema per command, each with its plain-English
 * messages, so the pages, the API and the CLI share them.
 */
import { z } from 'zod';
import '../plain-errors.js';
import { CATEGORIES, ROLES } from '../policy/schema.js';
import { DISCUSSION_MEANS } from './events.js';

/** Long enough for a careful account; short enough that no one can fill the database by accident. */
export const MAX_TEXT = 10_000;
const tooLong = `Keep this to ${MAX_TEXT.toLocaleString('en-GB')} characters or fewer`;
const text = (message: string) =>
  z.string({ error: message }).trim().min(1, message).max(MAX_TEXT, tooLong);
const optionalText = z.string().trim().min(1).max(MAX_TEXT, tooLong).optional();
const personId = (message: string) => z.string({ error: message }).min(1, message).max(100);
const instant = (message: string) => z.iso.datetime({ offset: true, error: message });
const yesNo = (message: string) => z.boolean({ error: message });

/** Every command may name the case version it saw (optimistic concurrency). */
const base = {
  expectedVersion: z.number().int().min(0).optional(),
};

export const ChildInput = z.object({
  name: text("Enter the child's name or initials"),
  dateOfBirth: z.iso
    .date({ error: 'Enter the date of birth as a real date, like 2019-03-27' })
    .optional(),
  caseNumber: optionalText,
  childProtectionPlan: yesNo('Say whether the child is subject to a Child Protection Plan').default(
    false,
  ),
  lookedAfter: yesNo('Say whether the child is Looked After').default(false),
  childInNeed: yesNo('Say whether the child is a child in need').default(false),
  cpChairEmail: z
    .email({ error: "Enter the Child Protection Chair's e-mail address, like name@example.org" })
    .optional(),
  iroEmail: z
    .email({
      error: "Enter the Independent Reviewing Officer's e-mail address, like name@example.org",
    })
    .optional(),
});

export const RaiseCommand = z.object({
  ...base,
  type: z.literal('raise'),
  category: z.enum(CATEGORIES, { error: 'Select what the disagreement is about' }),
  children: z
    .array(ChildInput)
    .min(1, 'Add at least one child')
    .max(20, 'Add 20 children or fewer'),
  /** the other agencies in the disagreement (the raiser's own agency comes from who raises it) */
  agencies: z
    .array(z.string().min(1).max(100))
    .min(1, 'Select the agency you disagree with')
    .max(20, 'Select 20 agencies or fewer'),
  disagreement: text('Enter what exactly you disagree about'),
  evidence: z.object({
    nature: text('Enter the nature of your concern'),
    source: text('Enter the source of your concern'),
  }),
  actionsToDate: text('Enter the actions taken so far'),
  outcomeSought: text('Enter the outcome you are seeking'),
  immediateRisk: yesNo('Say whether a child is at immediate risk of harm'),
  childProtectiveDeadline: instant(
    'Enter the deadline as a date and time, like 2026-03-30T17:00:00+01:00',
  ).optional(),
});

export const RecordConsultationCommand = z.object({
  ...base,
  type: z.literal('record-consultation'),
  with: z.object({
    personId: personId('Enter who you consulted'),
    role: z.enum(ROLES, { error: 'Select the role of the person you consulted' }),
    /** their agency, from the directory (src/services/command-people.ts): what a caller sends is replaced */
    agencyId: z.string().min(1).max(100).optional(),
  }),
  answers: z.record(z.string(), z.string().trim()).default({}),
  summary: text('Enter a summary of the consultation'),
});

export const RecordDiscussionCommand = z.object({
  ...base,
  type: z.literal('record-discussion'),
  when: instant('Enter when the discussion took place'),
  how: z.enum(DISCUSSION_MEANS, { error: 'Select how the discussion took place' }),
  participants: z
    .array(z.string().trim().min(1).max(200))
    .min(1, 'Enter who took part in the discussion')
    .max(50),
  summary: text('Enter a summary of the discussion'),
  outcome: text('Enter the outcome of the discussion'),
});

/** The other side acknowledges the escalation at this stage (the policy's `acknowledgement`). */
export const AcknowledgeCommand = z.object({
  ...base,
  type: z.literal('acknowledge'),
  /** anything the acknowledgement should say, e.g. who will make contact and when */
  note: optionalText,
});

/**
 * One action of the agreed action plan (issue 18, item 8; the policy's `actionPlan`): what is to
 * be done, which of the two agencies in the disagreement owns it, and the working day it is due.
 */
export const AddPlanActionCommand = z.object({
  ...base,
  type: z.literal('add-plan-action'),
  description: text('Enter what is to be done'),
  ownerAgencyId: z
    .string({ error: 'Select the agency that will do it' })
    .min(1, 'Select the agency that will do it')
    .max(100),
  dueOn: z.iso.date({ error: 'Enter the date it is due as a real date, like 2026-12-14' }),
});

/** The owning agency says an action of the plan is done: on which date, with an optional note. */
export const MarkActionDoneCommand = z.object({
  ...base,
  type: z.literal('mark-action-done'),
  actionId: z
    .string({ error: 'Select the action that is done' })
    .min(1, 'Select the action that is done')
    .max(100),
  doneOn: z.iso.date({ error: 'Enter the date it was done as a real date, like 2026-12-14' }),
  note: optionalText,
});

export const EscalateCommand = z.object({
  ...base,
  type: z.literal('escalate'),
  reason: text('Enter the reason for escalating'),
});

export const StartAtStageCommand = z.object({
  ...base,
  type: z.literal('start-at-stage'),
  /** the stage's key or number */
  stage: z.union([z.number().int().min(1), z.string().min(1)], {
    error: 'Select the stage to start at',
  }),
  justification: optionalText,
});

export const RecordHubReferralCommand = z.object({
  ...base,
  type: z.literal('record-hub-referral'),
  service: text('Enter the service the referral was made to'),
  reference: optionalText,
  when: instant('Enter when the referral was made'),
  /** flags the child as at immediate risk if the case did not say so when raised */
  immediateRisk: z.boolean().optional(),
});

export const ReferToChairCommand = z.object({
  ...base,
  type: z.literal('refer-to-chair'),
  details: text('Enter the details for the attention of the chair'),
  /**
   * referred because the discussions raise issues where quality assurance scrutiny may be
   * needed (004 STAGE 4), which the policy may allow from any working stage
   */
  scrutiny: yesNo('Say whether the case is referred for quality assurance scrutiny').default(false),
  /** how each agency's Board member was engaged first, where the policy asks (000, 001, 002 2.15) */
  boardMembersEngaged: optionalText,
});

/**
 * A panel member: the person, chosen from the directory. Their agency, their seat on the board or
 * executive and the agencies they represent there are looked up in the directory by the service
 * (src/services/command-people.ts); whatever a caller sends for them is replaced.
 */
export const PanelMemberInput = z.object({
  personId: personId('Enter the panel member'),
  agencyId: z.string().min(1).max(100).optional(),
  boardMember: z.boolean().optional(),
  seat: z.enum(['board', 'executive', 'none']).optional(),
  represents: z.array(z.string().min(1).max(100)).max(50).optional(),
});

export const ConvenePanelCommand = z.object({
  ...base,
  type: z.literal('convene-panel'),
  members: z.array(PanelMemberInput).min(1, 'Add the members of the panel').max(20),
});

/**
 * A panel member's agreement to the decision proposed to the panel ("will collectively resolve",
 * 002 2.18): given by the member, or recorded by the chair for a member who agreed at the panel's
 * meeting. The decision counts once every member has agreed.
 */
export const AgreePanelDecisionCommand = z.object({
  ...base,
  type: z.literal('agree-panel-decision'),
  memberId: personId('Select the panel member who agreed').optional(),
});

export const RecordRepresentationCommand = z.object({
  ...base,
  type: z.literal('record-representation'),
  fromPersonId: personId('Enter who made the representation'),
  fromAgencyId: z.string({ error: 'Enter the agency making the representation' }).min(1),
  summary: text('Enter a summary of the representation'),
});

export const ResolveCommand = z.object({
  ...base,
  type: z.literal('resolve'),
  outcome: text('Enter the outcome that was agreed'),
  actions: z.array(z.string().trim().min(1).max(MAX_TEXT, tooLong)).max(50).default([]),
  /** who agreed, from each agency in the disagreement: the engine asks for every agency */
  agreedBy: z
    .array(
      z.object({
        agencyId: z.string({ error: 'Select the agency of the person who agreed' }).min(1).max(100),
        name: z
          .string({ error: 'Enter the name of the person who agreed' })
          .trim()
          .min(1, 'Enter the name of the person who agreed')
          .max(200),
      }),
    )
    .min(1, 'Enter who agreed the outcome, from each agency')
    .max(50),
  learning: optionalText,
});

export const RecordDecisionCommand = z.object({
  ...base,
  type: z.literal('record-decision'),
  /** who decided: the chair directly, or the Resolution Panel (recorded by the chair) */
  decidedBy: z.enum(['chair', 'panel'], { error: 'Select who made the decision' }).default('chair'),
  decision: text('Enter the decision'),
  learning: optionalText,
});

export const WithdrawCommand = z.object({
  ...base,
  type: z.literal('withdraw'),
  reason: text('Enter the reason for withdrawing the disagreement'),
});

export const ReopenCommand = z.object({
  ...base,
  type: z.literal('reopen'),
  reason: text('Enter the reason for reopening the disagreement'),
});

export const SetChildProtectiveDeadlineCommand = z.object({
  ...base,
  type: z.literal('set-child-protective-deadline'),
  deadline: instant('Enter the deadline as a date and time, like 2026-03-30T17:00:00+01:00'),
  reason: text('Enter why the child needs this deadline'),
});

export const UpdateChildContactsCommand = z.object({
  ...base,
  type: z.literal('update-child-contacts'),
  /** the child's place in the case's list of children, from 0 */
  child: z.number({ error: 'Select the child' }).int().min(0).max(19),
  cpChairEmail: z
    .email({ error: "Enter the Child Protection Chair's e-mail address, like name@example.org" })
    .max(320)
    .optional(),
  iroEmail: z
    .email({
      error: "Enter the Independent Reviewing Officer's e-mail address, like name@example.org",
    })
    .max(320)
    .optional(),
});

/** One schema per command, by its `type`. */
export const commandSchemas = {
  raise: RaiseCommand,
  'record-consultation': RecordConsultationCommand,
  'record-discussion': RecordDiscussionCommand,
  acknowledge: AcknowledgeCommand,
  'add-plan-action': AddPlanActionCommand,
  'mark-action-done': MarkActionDoneCommand,
  escalate: EscalateCommand,
  'start-at-stage': StartAtStageCommand,
  'record-hub-referral': RecordHubReferralCommand,
  'refer-to-chair': ReferToChairCommand,
  'convene-panel': ConvenePanelCommand,
  'record-representation': RecordRepresentationCommand,
  resolve: ResolveCommand,
  'record-decision': RecordDecisionCommand,
  'agree-panel-decision': AgreePanelDecisionCommand,
  withdraw: WithdrawCommand,
  reopen: ReopenCommand,
  'set-child-protective-deadline': SetChildProtectiveDeadlineCommand,
  'update-child-contacts': UpdateChildContactsCommand,
} as const;

export const CaseCommand = z.discriminatedUnion('type', [
  RaiseCommand,
  RecordConsultationCommand,
  RecordDiscussionCommand,
  AcknowledgeCommand,
  AddPlanActionCommand,
  MarkActionDoneCommand,
  EscalateCommand,
  StartAtStageCommand,
  RecordHubReferralCommand,
  ReferToChairCommand,
  ConvenePanelCommand,
  RecordRepresentationCommand,
  ResolveCommand,
  RecordDecisionCommand,
  AgreePanelDecisionCommand,
  WithdrawCommand,
  ReopenCommand,
  SetChildProtectiveDeadlineCommand,
  UpdateChildContactsCommand,
]);
export type CaseCommand = z.infer<typeof CaseCommand>;
/** What a caller writes before parsing (defaults not yet filled in). */
export type CaseCommandInput = z.input<typeof CaseCommand>;
export type CommandType = CaseCommand['type'];
export type CommandOf<T extends CommandType> = Extract<CaseCommand, { type: T }>;
