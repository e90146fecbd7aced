/**
 * The escalation policy as data: one partnership's (or one agency's local version of its
 * partnership's) procedure for resolving professional disagreements about a child's safety.
 *
 * This Zod schema is the single source of truth for the policy file format (YAML, see
 * docs/policies.md). Every rule carries a `source` citing the clause of the document it comes
 * from, e.g. `002_bc950ad84b2976ce.txt 2.8`, so a reader can trace it back.
 *
 * Pure: no I/O. Loading YAML files (with line numbers for errors) lives in src/policies/.
 */
import { z } from 'zod';

/** Where a rule comes from: "<seed or document file> <clause>", e.g. "002_bc950ad84b2976ce.txt 2.8". */
export const Source = z.string().min(3).describe('the document and clause this rule comes from');

/** Roles a person can hold at an agency or in the partnership (PRODUCT.md "Person"). */
export const ROLES = [
  'frontline',
  'manager',
  'dsl',
  'senior-manager',
  'director',
  'named-professional',
  'partnership-team',
  'chair',
  'panel-member',
  'administrator',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Sectors named in the seed documents. */
export const SECTORS = [
  'early-years',
  'school',
  'childrens-social-care',
  'health',
  'gp',
  'police',
  'other',
] as const;
export const Sector = z.enum(SECTORS);
export type Sector = z.infer<typeof Sector>;

/** Areas of disagreement (002 1.3; 003 "Disagreements could arise..."). */
export const CATEGORIES = [
  'levels-of-need',
  'roles-and-responsibilities',
  'need-for-action',
  'progressing-plans',
  'communication',
  'other',
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

export const CALENDARS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export const CalendarId = z.enum(CALENDARS);
export type CalendarId = z.infer<typeof CalendarId>;

/** Child flags that change the process (PRODUCT.md "Child"). */
export const CHILD_FLAGS = ['childProtectionPlan', 'lookedAfter', 'childInNeed'] as const;
export const ChildFlag = z.enum(CHILD_FLAGS);
export type ChildFlag = z.infer<typeof ChildFlag>;

const Key = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and hyphens, starting with a letter');

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use 24-hour HH:MM, e.g. 17:00');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');

/** A mailbox or phone line, e.g. the partnership business unit (002 2.8, 2.16, footnote 1). */
export const Contact = z.strictObject({
  name: z.string().min(1),
  email: z.email().optional(),
  phone: z.string().optional(),
  source: Source,
});
export type Contact = z.infer<typeof Contact>;

/**
 * How long a stage (or the whole process) may take. `workingDays` absent means the document
 * sets no number ("within specified timescales", "a timescale that protects the child"): the
 * stage then has no due time unless a person sets a child-protective deadline.
 */
export const Timescale = z.strictObject({
  workingDays: z.number().int().min(1).max(60).optional(),
  /**
   * "within 24 hours": hours instead of working days, counted on working days only (the clock
   * stops over weekends, bank holidays and closure days: docs/policies.md)
   */
  hours: z.number().int().min(1).max(240).optional(),
  /** "acknowledge immediately": by the due time that working day (the next, if begun after it) */
  immediately: z.literal(true).optional(),
  /**
   * what a stage's timescale is counted from, when not from entering the stage: `raised` (the
   * case raised, or last reopened), `first-discussion` (the first discussion recorded at the
   * stage: "an agreed plan within 48 hours of the first discussion") or `{stage: KEY}` (when the
   * case first entered an earlier stage: "step 2 within five working days of step 1")
   */
  from: z
    .union([z.enum(['entered', 'raised', 'first-discussion']), z.strictObject({ stage: Key })])
    .optional(),
  /** "or a timescale that protects the child from harm (whichever is shorter)" */
  childProtectiveDeadlineAllowed: z.boolean().default(true),
  description: z.string().optional(),
  source: Source,
});
export type Timescale = z.infer<typeof Timescale>;

/**
 * The whole procedure's timescale, counted from when the case is raised (or reopened): "resolve
 * differences through discussion within one working week". It caps the stages in `stages`;
 * without `stages`, every stage except one given as many working days of its own or more (a
 * stage's own "14 working days" are its own, not cut to the week's end).
 */
export const OverallTimescale = z.strictObject({
  ...Timescale.shape,
  /** the stages (keys; `consultation` for the consultation step) that share this budget */
  stages: z.array(Key).min(1).optional(),
});
export type OverallTimescale = z.infer<typeof OverallTimescale>;

/**
 * A budget of working days shared by some stages but not others ("steps 1 to 3 within ten
 * working days in all"), counted from when the case first enters one of them; each of its
 * stages falls due at the earlier of its own due time and the end of the budget.
 */
export const SharedTimescale = z.strictObject({
  key: Key,
  /** the stages (keys; `consultation` for the consultation step) that share it */
  stages: z.array(Key).min(1),
  workingDays: z.number().int().min(1).max(60),
  description: z.string().optional(),
  source: Source,
});
export type SharedTimescale = z.infer<typeof SharedTimescale>;

/** Who takes part at a stage, with example job titles per sector (002 section 3's table). */
export const Participants = z.strictObject({
  roles: z.array(Role).min(1),
  examples: z.partialRecord(Sector, z.array(z.string().min(1))).optional(),
  /** people joining to advise, e.g. designated health professionals at stage 4 (002 2.12) */
  advisers: z.array(z.strictObject({ description: z.string().min(1), source: Source })).optional(),
  source: Source,
});

export const Stage = z.strictObject({
  key: Key,
  name: z.string().min(1),
  /** what the people at this stage must do, in plain English, from the document */
  guidance: z.string().min(1),
  participants: Participants,
  timescale: Timescale.optional(),
  /** "If the conflict is with the line manager ... referred to the next manager in line" (004 Stage 1) */
  lineManagerConflict: z
    .strictObject({ referTo: z.literal('next-manager-in-line'), source: Source })
    .optional(),
  /** e.g. "The manager may wish to take advice from their own Safeguarding Team" (002 2.4) */
  advice: z.array(z.strictObject({ text: z.string().min(1), source: Source })).optional(),
  /**
   * "It is recommended that agencies have a named manager for escalation" (004 Stage 2,
   * Appendix A): each agency's named escalation manager takes the case at this stage.
   */
  escalationManager: z.strictObject({ source: Source }).optional(),
  /**
   * a stage used only when the case is urgent (a child at immediate risk): otherwise escalating
   * passes over it, recorded as skipped (issue 18)
   */
  onlyWhenUrgent: z.strictObject({ source: Source }).optional(),
  /** the chair's stage: referral goes to the chair, who resolves directly or convenes a panel */
  final: z.boolean().default(false),
  source: Source,
});
export type Stage = z.infer<typeof Stage>;

/** The questions the consultation / pre-escalation step must answer (003 "Stages of the policy"). */
export const ConsultationQuestion = z.strictObject({
  key: Key,
  text: z.string().min(1),
  /** the field of the disagreement the answer fills, when it maps to one */
  field: z
    .enum(['disagreement', 'actionsToDate', 'outcomeSought', 'evidence', 'category'])
    .optional(),
  source: Source,
});

export const Consultation = z.strictObject({
  name: z.string().min(1),
  /** 'required': the case cannot enter stage 1 until consultation is recorded; 'optional': offered */
  requirement: z.enum(['required', 'optional']),
  with: z.array(Role).min(1),
  /**
   * whom the step is with: 'own-agency' (consult your supervisor or manager, 002 1.6; recording
   * it starts stage 1) or 'other-agency' (a professional discussion with the other agency's
   * worker before the case formally starts, 004 PRE-ESCALATION; the case stays in the step until
   * someone escalates it to stage 1 or it is resolved)
   */
  discussWith: z.enum(['own-agency', 'other-agency']).default('own-agency'),
  guidance: z.string().min(1),
  questions: z.array(ConsultationQuestion).default([]),
  timescale: Timescale.optional(),
  source: Source,
});
export type Consultation = z.infer<typeof Consultation>;

const Referral = z.strictObject({
  service: z.string().min(1),
  contact: Contact.optional(),
  /** who makes the referral: the worker, or the manager / DSL (001) */
  by: z.array(Role).min(1),
  source: Source,
});

/** The roles people hold at an agency: anyone there may follow a procedure routed elsewhere. */
const AGENCY_ROLES: Role[] = [
  'frontline',
  'manager',
  'dsl',
  'senior-manager',
  'director',
  'named-professional',
];

export const ImmediateRisk = z
  .strictObject({
    /** e.g. "a referral must be made to Children and Families Hub" (002 1.5) */
    referral: Referral.optional(),
    /**
     * "Where a child is at risk of immediate harm, the child protection procedures apply, not
     * this protocol" (issue 18): the policy routes immediate risk to another procedure instead of
     * naming a referral; anyone at an agency follows it
     */
    routedElsewhere: z.strictObject({ procedure: z.string().min(1), source: Source }).optional(),
    /** who must be informed, e.g. the DSL in your agency (002 1.5) */
    inform: z.array(z.strictObject({ role: Role, source: Source })).default([]),
    /**
     * Whether a case with a child at immediate risk may start beyond stage 1:
     * 'any' (003: "discretion should be used as to which stage is initiated"), a list of stage
     * keys, or none (absent). `skipConsultation` lets it go straight to stage 1 (004).
     */
    startAt: z
      .strictObject({
        stages: z.union([z.literal('any'), z.array(Key).min(1)]),
        justificationRequired: z.boolean().default(true),
        source: Source,
      })
      .optional(),
    skipConsultation: z.strictObject({ source: Source }).optional(),
    instruction: z.string().min(1),
    source: Source,
  })
  .superRefine((rule, ctx) => {
    if (!rule.referral && !rule.routedElsewhere) {
      ctx.addIssue({
        code: 'custom',
        path: ['referral'],
        message:
          'missing required key "referral": say where a child at immediate risk is referred, or, when your procedure routes immediate risk to another procedure, name it in "routedElsewhere" ({procedure, source}) instead',
      });
    }
  })
  .transform((rule) => ({
    ...rule,
    referral: rule.referral ?? {
      service: rule.routedElsewhere?.procedure ?? '',
      by: AGENCY_ROLES,
      source: rule.routedElsewhere?.source ?? '',
    },
  }));
export type ImmediateRisk = z.infer<typeof ImmediateRisk>;

/** What makes a notification due. */
export const NOTIFICATION_TRIGGERS = [
  'case-raised',
  'stage-entered',
  'immediate-risk',
  'action-recorded',
  'outcome',
  'referred-to-chair',
  'panel-convened',
  /** a decision put to the Resolution Panel, for each member to agree (002 2.18) */
  'panel-decision-proposed',
  'decision-recorded',
] as const;
export const NotificationTrigger = z.enum(NOTIFICATION_TRIGGERS);
export type NotificationTrigger = z.infer<typeof NotificationTrigger>;

/** Who a notification goes to. */
export const Recipient = z.discriminatedUnion('kind', [
  /** people holding a role at the agencies in the case; `side` narrows to raising or other agencies */
  z.strictObject({
    kind: z.literal('role'),
    role: Role,
    side: z.enum(['raising', 'other', 'both']).default('both'),
  }),
  /** the Child Protection Chair of a child subject to a CP Plan */
  z.strictObject({ kind: z.literal('cp-chair') }),
  /** the Independent Reviewing Officer of a Looked After Child */
  z.strictObject({ kind: z.literal('iro') }),
  /** the partnership business unit mailbox (002 2.8) */
  z.strictObject({ kind: z.literal('business-unit') }),
  /** the partnership's independent chair */
  z.strictObject({ kind: z.literal('chair') }),
  /** the worker who raised the initial concern (002 4.1) */
  z.strictObject({ kind: z.literal('raiser') }),
  /**
   * the board / executive member representing each agency in the case, and the agency's deputy
   * for them, from the directory (002 2.10)
   */
  z.strictObject({
    kind: z.literal('board-member'),
    side: z.enum(['raising', 'other', 'both']).default('both'),
  }),
  /**
   * the people holding the stage: for `stage-entered`, those who now hold the stage entered;
   * otherwise the current stage's. `partnership` is the chair's stage: the chair, the
   * partnership team and, once convened, the panel's members.
   */
  z.strictObject({
    kind: z.literal('holders'),
    side: z.enum(['raising', 'other', 'both', 'partnership', 'all']).default('all'),
  }),
  /**
   * each agency's contact for escalations, from the directory: its named escalation manager,
   * else its Designated Safeguarding Leads, else its duty inbox
   */
  z.strictObject({
    kind: z.literal('agency-contact'),
    side: z.enum(['raising', 'other', 'both']).default('other'),
  }),
  /** the partnership team (people with that role), else the business unit mailbox */
  z.strictObject({ kind: z.literal('partnership-team') }),
  /**
   * the partnership's designated health professionals, from the directory: they become involved
   * to give professional health safeguarding advice (002 2.12)
   */
  z.strictObject({ kind: z.literal('designated-health') }),
]);
export type Recipient = z.infer<typeof Recipient>;

export const NotificationRule = z.strictObject({
  key: Key,
  on: NotificationTrigger,
  /** for stage-entered: only these stages */
  stages: z.array(Key).min(1).optional(),
  /** only when a child in the case has one of these flags */
  childFlags: z.array(ChildFlag).min(1).optional(),
  to: z.array(Recipient).min(1),
  /** what the notification asks of the reader, in plain English */
  purpose: z.string().min(1),
  source: Source,
});
export type NotificationRule = z.infer<typeof NotificationRule>;

export const Panel = z.strictObject({
  minAgencies: z.number().int().min(1).max(20),
  /** members must sit on the partnership's board or its executive */
  membership: z.enum(['board', 'executive', 'any']),
  /** the agencies in dispute must be on the panel: always, or 'where-possible' (003) */
  includeDisputingAgencies: z.enum(['always', 'where-possible', 'no']),
  receivesRepresentations: z.boolean().default(true),
  /** the panel resolves the difference, or decides the next course of action (003) */
  decides: z.enum(['resolution', 'next-course-of-action']),
  source: Source,
});
export type Panel = z.infer<typeof Panel>;

export const FinalRoute = z.strictObject({
  /** key of the final (chair's) stage */
  stage: Key,
  chairMayResolveDirectly: z.boolean().default(true),
  panel: Panel.optional(),
  decisionBinding: z.boolean(),
  /** "must e-mail the details through to ... for the attention of the independent chair" (002 2.16) */
  referral: z
    .strictObject({
      via: z.enum(['business-unit', 'chair']),
      by: z.string().min(1),
      source: Source,
    })
    .optional(),
  /**
   * "after the agency BSCP members have been involved" (002 2.15, 000, 001): a referral to the
   * chair must say how each agency's Board member was engaged in seeking resolution
   */
  boardMembersEngagedFirst: z.strictObject({ source: Source }).optional(),
  /**
   * "and/or the discussions raise issues where quality assurance scrutiny may be needed" (004
   * STAGE 4): a case may be referred to the chair for scrutiny from any working stage, not only
   * from the stage before the chair's
   */
  scrutinyReferral: z.strictObject({ source: Source }).optional(),
  source: Source,
});
export type FinalRoute = z.infer<typeof FinalRoute>;

/**
 * Who may take an action on a case (docs/security.md "Who may do what"). A party is:
 * `raising-side` (anyone at the agency that raised it who may see the case), `other-side`
 * (anyone at an agency it is with), `holder` (the people holding the current stage on either
 * side, those they report to, and their agency's Designated Safeguarding Lead), `raising-holder`
 * (those of them on the raising side: "the agency raising the dispute must e-mail the details",
 * 002 2.16), `chair`, `panel` (members of the convened Resolution Panel) and `partnership-team`.
 */
export const PARTIES = [
  'raising-side',
  'other-side',
  'holder',
  'raising-holder',
  'chair',
  'panel',
  'partnership-team',
] as const;
export const Party = z.enum(PARTIES);
export type Party = z.infer<typeof Party>;

/** The actions a person takes on a case (each a command of the engine). */
export const CASE_ACTIONS = [
  'record-consultation',
  'record-discussion',
  'escalate',
  'start-at-stage',
  'record-hub-referral',
  'refer-to-chair',
  'convene-panel',
  'record-representation',
  'resolve',
  'record-decision',
  'agree-panel-decision',
  'withdraw',
  'reopen',
  'set-child-protective-deadline',
  'update-child-contacts',
] as const;
export const CaseAction = z.enum(CASE_ACTIONS);
export type CaseAction = z.infer<typeof CaseAction>;

/**
 * A policy's own rule for who may take an action, replacing the default (for the stages
 * listed, else at every stage): e.g. only the raising side escalates, or the partnership team
 * records discussions at the chair's stage.
 */
export const Permission = z.strictObject({
  action: CaseAction,
  /** only at these stages (keys); absent: at every stage */
  stages: z.array(Key).min(1).optional(),
  by: z.array(Party).min(1),
  source: Source,
});
export type Permission = z.infer<typeof Permission>;

export const Recording = z.strictObject({
  /** "actions and decisions must be recorded in writing on the child's file" (002 4.1) */
  onChildFile: z.boolean(),
  shareWith: z.array(Recipient).default([]),
  source: Source,
});

export const Adoption = z.strictObject({
  adoptedBy: z.string().min(1),
  adoptedOn: IsoDate.optional(),
  reviewOn: IsoDate.optional(),
  signatories: z.array(z.strictObject({ role: z.string().min(1) })).default([]),
  source: Source,
});

export const Policy = z.strictObject({
  id: Key,
  version: z.number().int().min(1),
  title: z.string().min(1),
  /** key of the partnership this policy belongs to */
  partnership: Key,
  /** 'partnership': the partnership's own policy; 'agency': an agency's local version */
  scope: z.enum(['partnership', 'agency']),
  /** for an agency's local version: the partnership policy it adapts */
  adapts: Key.optional(),
  /** the document this policy encodes, e.g. "002_bc950ad84b2976ce.txt" */
  document: z.string().min(1),
  aims: z.array(z.strictObject({ text: z.string().min(1), source: Source })).default([]),
  /**
   * The document's principles and scope notes that no other field holds, e.g. "Disagreements
   * should be resolved at the lowest possible stage" or "whistleblowing is dealt with under
   * other policies" (002 1.4, 1.8), so that every clause is traceable.
   */
  principles: z.array(z.strictObject({ text: z.string().min(1), source: Source })).optional(),
  calendar: CalendarId.default('england-and-wales'),
  /** the time of day a stage falls due on its last working day (Europe/London) */
  dueTime: LocalTime.default('17:00'),
  categories: z.array(Category).min(1),
  /** an overall timescale for resolving the disagreement, e.g. "one working week" (000) */
  overallTimescale: OverallTimescale.optional(),
  /**
   * How long a child-protective deadline lasts: "within one working week or a timescale that
   * protects the child, whichever is less", said of each stage, is `lasts: stage` (a deadline
   * set at a stage lapses when the case moves on, and the next stage's holders may set their
   * own); absent or `lasts: case`, one deadline holds for the rest of the case
   */
  childProtectiveDeadline: z
    .strictObject({
      lasts: z.enum(['stage', 'case']),
      description: z.string().optional(),
      source: Source,
    })
    .optional(),
  /** budgets of working days shared by some stages but not others */
  sharedTimescales: z.array(SharedTimescale).min(1).optional(),
  contacts: z.strictObject({
    businessUnit: Contact.optional(),
    chair: Contact.optional(),
    hub: Contact.optional(),
  }),
  consultation: Consultation.optional(),
  immediateRisk: ImmediateRisk,
  stages: z.array(Stage).min(1),
  notifications: z.array(NotificationRule).default([]),
  /** who may do what, where the policy differs from the default (docs/security.md) */
  permissions: z.array(Permission).default([]),
  finalRoute: FinalRoute,
  recording: Recording,
  adoption: Adoption.optional(),
});
export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;
