/**
 * Telling a person about a change to their own account (ASVS V2.2.3, V2.5.5, V2.8.5): their
 * password changed or set, their authenticator app set up, turned off or reset, a code of theirs
 * used twice, their e-mail address changed (told at the old address). Queued in the outbox, in
 * the caller's transaction when there is one, so a change that is refused (rolled back) tells
 * nobody; the delivery worker sends it. The key is deterministic (the person, the change and the
 * moment or the code's step), so a retry queues it once. The e-mail says what and when: never a
 * password, a code or a child's details.
 */
import { type AccountNotice, aboutNoCase } from '../notify/data.js';
import { queueOnce } from '../notify/queue.js';
import type { Db } from '../store/database.js';

export interface AccountNoticeRequest {
  personId: string;
  /** where to send it when not the person's address now (the old one, for an address change) */
  email?: string;
  change: AccountNotice['change'];
  /** when it happened */
  at: Date;
  /** what makes this change unique besides the person and kind; default the time */
  distinct?: string;
}

const REASONS: Record<AccountNotice['change'], string> = {
  'password-changed': 'Your password was changed.',
  'password-set': 'An administrator set your password.',
  'app-turned-on': 'An authenticator app was set up on your account.',
  'app-turned-off': 'Your authenticator app was turned off.',
  'app-reset': 'An administrator reset your authenticator app.',
  'code-reused': 'A code from your authenticator app was used a second time.',
  'recovery-code-used': 'One of your recovery codes was used to sign in.',
  'email-changed': "Your account's e-mail address changed.",
};

/** Queues the notice; answers whether it was queued (false when the same one already was). */
export async function queueAccountNotice(db: Db, request: AccountNoticeRequest): Promise<boolean> {
  const at = request.at.toISOString();
  const data = aboutNoCase({
    recipientKind: 'account-holder',
    account: { change: request.change, at },
  });
  return queueOnce(db, {
    idempotencyKey: `account:${request.personId}:${request.change}:${request.distinct ?? at}`,
    ruleKey: 'account',
    reason: REASONS[request.change],
    recipientEmail: request.email ?? (await emailOf(db, request.personId)),
    recipientPersonId: request.personId,
    template: `account-${request.change}`,
    data,
    at,
  });
}

/** The person's e-mail address (where their notices go). */
async function emailOf(db: Db, personId: string): Promise<string> {
  const row = await db
    .selectFrom('people')
    .select('email')
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  return row.email;
}
