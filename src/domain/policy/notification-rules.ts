/** Who the policy says must be told, and when (the notification rules). */
import { z } from 'zod';
import { ChildFlag, Key, Role, Source } from './vocabulary.js';

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
  /** the other side acknowledged the escalation at a stage that asks for it (issue 18) */
  'acknowledged',
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
