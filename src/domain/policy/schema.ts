/**
 * The escalation policy as data: one partnership's (or one agency's local version of its
 * partnership's) procedure for resolving professional disagreements about a child's safety.
 *
 * This Zod schema is the single source of truth for the policy file format (YAML, see
 * docs/policies.md). Every rule carries a `source` citing the clause of the document it comes
 * from, e.g. `002_bc950ad84b2976ce.txt 2.8`, so a reader can trace it back.
 *
 * Pure: no I/O. Loading YAML files (with line numbers for errors) lives in src/policies/.
 *
 * Its parts, each a file beside this one: the words (vocabulary.ts), timescales, notification
 * rules and permissions; this file puts the stages, consultation, immediate risk, the final
 * route and the policy itself together, and re-exports the parts.
 *
 * Just over 300 lines because the stage's schema and the policy's, with the checks that join
 * them, read best in one place.
 */
import { z } from 'zod';
import { NotificationRule, Recipient } from './notification-rules.js';
import { Permission } from './permissions.js';
import { StageSectorHolders } from './sector-holders.js';
import {
  Acknowledgement,
  ActionPlan,
  OverallTimescale,
  SharedTimescale,
  Timescale,
} from './timescales.js';
import {
  CalendarId,
  Category,
  Contact,
  IsoDate,
  Key,
  LocalTime,
  Role,
  Sector,
  Source,
} from './vocabulary.js';

export * from './notification-rules.js';
export * from './permissions.js';
export * from './sector-holders.js';
export * from './timescales.js';
export * from './vocabulary.js';

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
  /**
   * "the receiving agency acknowledges the escalation within 1 working day" (issue 18): the
   * other side's holders acknowledge the stage by a due time, recorded on the case
   */
  acknowledgement: Acknowledgement.optional(),
  /**
   * a stage held, for a side whose agency is of a given sector, by a person in a named role at
   * another agency rather than by that side's own line (issue 18 item 6: sector-holders.ts)
   */
  sectorHolders: StageSectorHolders,
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
        // Stryker disable next-line StringLiteral: equivalent, because the loader reads this issue's message and path, never its code
        code: 'custom',
        path: ['referral'],
        message:
          'missing required key "referral": say where a child at immediate risk is referred, or, when your procedure routes immediate risk to another procedure, name it in "routedElsewhere" ({procedure, source}) instead',
      });
    }
  })
  // runs only on a rule that passed the refinement above: without a referral, it routes elsewhere
  .transform((rule) => ({
    ...rule,
    referral: rule.referral ?? {
      // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, because routedElsewhere is there when referral is not (above)
      service: rule.routedElsewhere?.procedure ?? '',
      by: AGENCY_ROLES,
      // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, because routedElsewhere is there when referral is not (above)
      source: rule.routedElsewhere?.source ?? '',
    },
  }));
export type ImmediateRisk = z.infer<typeof ImmediateRisk>;
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
  /** the agreed action plan as a tracked thing: actions, owners, due dates (issue 18, item 8) */
  actionPlan: ActionPlan.optional(),
  recording: Recording,
  adoption: Adoption.optional(),
});
export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;
