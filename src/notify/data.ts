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
  /**
   * while the other side's acknowledgement of the current stage is owed (issue 18): its due time,
   * so the e-mail asks for it (the other side) or says it is coming (the raising side)
   */
  acknowledgementDueAt?: string;
  /**
   * for a reminder or overdue prompt about an action of the agreed action plan (issue 18 item 8):
   * when it is due (its words stay on the case, behind sign-in)
   */
  planActionDueAt?: string;
  /** open, resolved, decided or withdrawn */
  status: string;
  policyTitle: string;
  /** who the policy addresses: 'raiser', 'chair', 'business-unit', 'role:dsl', ... */
  recipientKind?: string;
  /**
   * for a holder told of a stage: their side ('raising', 'other' or 'partnership'), or
   * 'side-at-chair' for a side's last holder once the case is at the chair's stage
   */
  holderSide?: string;
  /** for a stage nobody could be named to hold: for whom (agency names, or "the partnership") */
  unheldFor?: string[];
  /** for a child at immediate risk: the service the policy says to refer to */
  referralService?: string;
  /** for a decision: who made it */
  decidedBy?: string;
  /** for a policy review reminder */
  review?: {
    policyId: string;
    version: number;
    reviewOn: string;
    adoptedBy: string | null;
    /** how long ago the review fell due when the reminder was queued ("6 years ago"), else null */
    overdueBy?: string | null;
  };
  /** for a notice about the reader's own account (ASVS V2.2.3, V2.5.5, V2.8.5) */
  account?: AccountNotice;
  /** for an alert to the partnership team that someone read unusually many cases (V8.1.4) */
  readAlert?: ReadAlert;
}

/**
 * The data of a notification about no case (a policy review, an account notice, a read alert):
 * the case fields empty, the rest as given.
 */
export function aboutNoCase(
  fields: Partial<NotificationData> & Pick<NotificationData, 'recipientKind'>,
): NotificationData {
  return {
    reference: '',
    eventType: undefined,
    stage: { number: 0, name: '' },
    dueAt: null,
    status: 'open',
    policyTitle: '',
    ...fields,
  };
}

/** What changed on a person's account, and when: never a password, a code or a secret. */
export interface AccountNotice {
  change:
    | 'password-changed'
    | 'password-set'
    | 'app-turned-on'
    | 'app-turned-off'
    | 'app-reset'
    | 'code-reused'
    | 'recovery-code-used'
    | 'email-changed';
  /** when it happened (UTC ISO-8601); the e-mail says it in UK time */
  at: string;
}

/** One person's reading in one hour: who (as the directory names them), how many cases. */
export interface ReadAlert {
  personName: string;
  role: string;
  agencyName: string | null;
  distinctCases: number;
  threshold: number;
  /** the hour looked at (UTC ISO-8601) */
  from: string;
  to: string;
}
