/** Who may take which action on a case, at which stage (the parties and the permissions). */
import { z } from 'zod';
import { Key, Source } from './vocabulary.js';

/**
 * Who may take an action on a case (docs/security.md "Who may do what"). A party is:
 * `raising-side` (anyone at the agency that raised it who may see the case), `other-side`
 * (anyone at an agency it is with), `holder` (the people holding the current stage on either
 * side, those they report to, and their agency's Designated Safeguarding Lead), `raising-holder`
 * (those of them on the raising side: "the agency raising the dispute must e-mail the details",
 * 002 2.16), `other-holder` (those on the side the disagreement is with: "the receiving agency
 * acknowledges the escalation", issue 18), `chair`, `panel` (members of the convened Resolution Panel) and `partnership-team`.
 */
export const PARTIES = [
  'raising-side',
  'other-side',
  'holder',
  'raising-holder',
  'other-holder',
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
  'acknowledge',
  'add-plan-action',
  'mark-action-done',
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
