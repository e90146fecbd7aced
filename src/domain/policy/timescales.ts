/** How long a stage may take: its own timescale, an overall cap, and budgets shared by some stages. */
import { z } from 'zod';
import { Key, Source } from './vocabulary.js';

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

/**
 * "The receiving agency acknowledges the escalation within 1 working day"; "acknowledge
 * immediately" (issue 18, item 7): at the stage it is written on, the other side's holders
 * acknowledge the escalation, by a due time counted from entering the stage (working days, hours
 * on working days, or "immediately": by the policy's due time that working day). The case records
 * when and by whom; `promptWhenOverdue` sends an overdue prompt to the other side's holders and
 * their line managers once the due time has passed unacknowledged.
 *
 * `within`: when it is due, as the engine reads it (exactly one of the three: checks.ts).
 */
const AcknowledgementWithin = z.strictObject({
  workingDays: Timescale.shape.workingDays,
  hours: Timescale.shape.hours,
  immediately: Timescale.shape.immediately,
});

/** (see above) */
export const Acknowledgement = z.strictObject({
  /** who acknowledges: the holders of the stage at the agency the disagreement is with */
  by: z.literal('other-side'),
  /** `immediately`, or one of `{workingDays: N}`, `{hours: N}`, `{immediately: true}` */
  within: z.union([
    // piped into the object form so the parsed policy (and its JSON Schema) has one shape
    z
      .literal('immediately')
      .transform((): z.input<typeof AcknowledgementWithin> => ({ immediately: true }))
      .pipe(AcknowledgementWithin),
    AcknowledgementWithin,
  ]),
  promptWhenOverdue: z.boolean().default(false),
  description: z.string().optional(),
  source: Source,
});
export type Acknowledgement = z.infer<typeof Acknowledgement>;

/**
 * "An action plan will be agreed, with named leads and timescales, and reviewed" (issue 18,
 * item 8): the agreed action plan as a tracked thing. Either side's holder records its actions
 * (what, which of the two agencies owns it, due on which working day); the owning agency marks
 * each done. `atResolution: required` refuses a resolution without a plan; `optional` (the
 * default) offers the plan without asking for it. `reminderBefore` e-mails the owning side's
 * holders that many working days before an action is due; `promptWhenOverdue` (default true)
 * e-mails them once when it is overdue. A policy without `actionPlan` tracks no plan.
 */
export const ActionPlan = z.strictObject({
  atResolution: z.enum(['required', 'optional']).default('optional'),
  reminderBefore: z.strictObject({ workingDays: z.number().int().min(1).max(20) }).optional(),
  promptWhenOverdue: z.boolean().default(true),
  description: z.string().optional(),
  source: Source,
});
export type ActionPlan = z.infer<typeof ActionPlan>;
