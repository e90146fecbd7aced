/**
 * What a queued notification carries (the outbox row's `data`, as JSON): enough to write the
 * e-mail, and never a child's name or details. The reader follows the link and signs in.
 */
export interface NotificationData {
  /** the case reference (e.g. ESC-7K2M9Q); empty for a notification about a policy */
  reference: string;
  eventType: string | undefined;
  /** the stage the notification is about: the case's stage, or one passed over on the way */
  stage: { number: number; name: string };
  /** true when the case went past this stage without working it (start-at-stage) */
  passedOver?: boolean;
  /** the due time of the case's current stage while it is open, else null */
  dueAt: string | null;
  /** open, resolved, decided or withdrawn */
  status: string;
  policyTitle: string;
  /** who the policy addresses: 'raiser', 'chair', 'business-unit', 'role:dsl', ... */
  recipientKind?: string;
  /** for a child at immediate risk: the service the policy says to refer to */
  referralService?: string;
  /** for a decision: who made it */
  decidedBy?: string;
  /** for a policy review reminder */
  review?: { policyId: string; version: number; reviewOn: string; adoptedBy: string | null };
}
