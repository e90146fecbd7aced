/**
 * Delivers the outbox. A worker claims one due notification at a time by a conditional UPDATE
 * (the lease) that writes a new random token: only one worker's UPDATE can match a row whose
 * lease is free, on SQLite and PostgreSQL alike. Every send has a total deadline, from the
 * claim to the mail server's last answer, enforced by aborting the connection; the lease is at
 * least twice that deadline (the configuration refuses less), so a send is over, one way or the
 * other, before anyone else may claim the row. Marking the row sent, retrying or failed matches
 * the claim's token: a worker that lost its lease all the same (a stalled process) logs it and
 * changes nothing. A worker that dies holding a lease loses it when the lease expires, and the
 * notification is tried again (with the same Message-ID: see docs/operations.md and
 * docs/adr/0001-outbox-send-deadline.md).
 * Failures retry with exponential back-off; a permanent refusal (an SMTP 5xx, a Notify 400/403)
 * or MAX_ATTEMPTS failures mark the notification failed with the reason, visible on the case
 * and to administrators (`escalate outbox status`).
 */
import { randomUUID } from 'node:crypto';
import type { Updateable } from 'kysely';
import type { Db } from '../store/database.js';
import type { OutboxTable } from '../store/schema.js';
import type { NotificationData } from './data.js';
import { renderEmail } from './templates.js';
import { isPermanent, type Transport } from './transports.js';

export const MAX_ATTEMPTS = 10;
export const LEASE_SECONDS = 120;
export const SEND_DEADLINE_SECONDS = 30;
export const RETRY_BASE_SECONDS = 30;

export function backoffSeconds(attempts: number, base = RETRY_BASE_SECONDS): number {
  return Math.min(base * 2 ** Math.max(attempts - 1, 0), 3600);
}

const plus = (iso: string, seconds: number) =>
  new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** Where a worker that lost its lease says so (the app's logger). */
export interface OutboxLog {
  warn(details: object, message: string): void;
}

export interface DeliveryOptions {
  db: Db;
  transport: Transport;
  baseUrl: string;
  now: () => Date;
  /** how many notifications one pass sends at most */
  batchSize?: number;
  /** how long a claim lasts; at least twice the send deadline (OUTBOX_LEASE_SECONDS) */
  leaseSeconds?: number;
  /** the most one send may take, from the claim to the last answer (OUTBOX_SEND_DEADLINE_SECONDS) */
  sendDeadlineSeconds?: number;
  /** the first retry's delay; each later one doubles, up to an hour */
  retryBaseSeconds?: number;
  log?: OutboxLog;
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

interface Claim {
  id: string;
  /** this claim's token: only it may finish the row */
  token: string;
  /** aborts the send when the deadline passes */
  deadline: AbortSignal;
}

/** Claims the next due notification for this worker, or answers undefined when none is due. */
async function claimNext(options: DeliveryOptions): Promise<Claim | undefined> {
  const { db } = options;
  const now = options.now().toISOString();
  const lease = plus(now, options.leaseSeconds ?? LEASE_SECONDS);
  const due = await db
    .selectFrom('outbox')
    .select('id')
    .where('status', 'in', ['queued', 'retrying'])
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(5)
    .execute();
  for (const { id } of due) {
    const token = randomUUID();
    const result = await db
      .updateTable('outbox')
      .set({ leased_until: lease, lease_token: token })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'retrying'])
      .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) {
      // the deadline runs from the claim, so reading and rendering the row count against it
      const seconds = options.sendDeadlineSeconds ?? SEND_DEADLINE_SECONDS;
      return { id, token, deadline: AbortSignal.timeout(seconds * 1000) };
    }
  }
  return undefined;
}

type Outcome = keyof DeliveryReport | 'lost';

/** Why a try failed, in one line; a send cut off at its deadline says so. */
function failureReason(error: unknown, claim: Claim, options: DeliveryOptions): string {
  if (claim.deadline.aborted) {
    const seconds = options.sendDeadlineSeconds ?? SEND_DEADLINE_SECONDS;
    return `No answer from the mail service within the send deadline (${seconds} s): the connection was closed and the notification will be tried again.`;
  }
  return error instanceof Error ? error.message : String(error);
}

async function deliverOne(options: DeliveryOptions, claim: Claim): Promise<Outcome> {
  const { db, transport } = options;
  const row = await db
    .selectFrom('outbox')
    .selectAll()
    .where('id', '=', claim.id)
    .executeTakeFirstOrThrow();
  const data = JSON.parse(row.data) as NotificationData;
  const link = row.case_id ? `${options.baseUrl}/cases/${row.case_id}` : `${options.baseUrl}/`;
  const email = renderEmail(row.template, data, row.reason, link);
  let outcome: Exclude<Outcome, 'lost'> = 'sent';
  let change: Updateable<OutboxTable>;
  const attempts = row.attempts + 1;
  try {
    await transport.send(
      { to: row.recipient_email, ...email, idempotencyKey: row.idempotency_key },
      { signal: claim.deadline },
    );
    change = { status: 'sent', sent_at: options.now().toISOString(), last_error: null };
  } catch (error) {
    const failed = attempts >= MAX_ATTEMPTS || (isPermanent(error) && !claim.deadline.aborted);
    outcome = failed ? 'failed' : 'retrying';
    const now = options.now().toISOString();
    change = {
      status: outcome,
      next_attempt_at: plus(now, backoffSeconds(attempts, options.retryBaseSeconds)),
      last_error: failureReason(error, claim, options).slice(0, 500),
    };
  }
  // Only the lease holder finishes the row: a worker whose lease ran out changes nothing.
  const result = await db
    .updateTable('outbox')
    .set({ ...change, attempts, leased_until: null, lease_token: null })
    .where('id', '=', claim.id)
    .where('lease_token', '=', claim.token)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return outcome;
  // the row's id and what this worker saw, never the address or anything of the case
  options.log?.warn(
    { outbox: { id: claim.id, outcome } },
    'a notification outlived its lease on this worker: another worker holds it now, so this one left it as it is',
  );
  return 'lost';
}

/** Sends up to `batchSize` due notifications, one claim at a time. */
export async function deliverDue(options: DeliveryOptions): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < (options.batchSize ?? 20); i++) {
    const claim = await claimNext(options);
    if (claim === undefined) break;
    const outcome = await deliverOne(options, claim);
    if (outcome !== 'lost') report[outcome]++;
  }
  return report;
}
