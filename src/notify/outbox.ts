/**
 * Delivers the outbox. A worker claims one due notification at a time by a conditional UPDATE
 * (the lease): only one worker's UPDATE can match a row whose lease is free, on SQLite and
 * PostgreSQL alike, so several app instances never send the same notification twice. A worker
 * that dies holding a lease loses it when the lease expires, and the notification is tried
 * again (with the same Message-ID: see docs/operations.md).
 * Failures retry with exponential back-off; a permanent refusal (an SMTP 5xx, a Notify 400/403)
 * or MAX_ATTEMPTS failures mark the notification failed with the reason, visible on the case
 * and to administrators (`escalate outbox status`).
 */
import type { Db } from '../store/database.js';
import type { NotificationData } from './data.js';
import { renderEmail } from './templates.js';
import { isPermanent, type Transport } from './transports.js';

export const MAX_ATTEMPTS = 10;
export const LEASE_SECONDS = 120;
export const RETRY_BASE_SECONDS = 30;

export function backoffSeconds(attempts: number, base = RETRY_BASE_SECONDS): number {
  return Math.min(base * 2 ** Math.max(attempts - 1, 0), 3600);
}

const plus = (iso: string, seconds: number) =>
  new Date(Date.parse(iso) + seconds * 1000).toISOString();

export interface DeliveryOptions {
  db: Db;
  transport: Transport;
  baseUrl: string;
  now: () => Date;
  /** how many notifications one pass sends at most */
  batchSize?: number;
  /** how long a claim lasts; longer than the transport's own time-outs */
  leaseSeconds?: number;
  /** the first retry's delay; each later one doubles, up to an hour */
  retryBaseSeconds?: number;
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

/** Claims the next due notification for this worker; returns its id, or undefined when none. */
async function claimNext(options: DeliveryOptions): Promise<string | undefined> {
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
    const result = await db
      .updateTable('outbox')
      .set({ leased_until: lease })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'retrying'])
      .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return id;
  }
  return undefined;
}

type Outcome = keyof DeliveryReport;

async function deliverOne(options: DeliveryOptions, id: string): Promise<Outcome> {
  const { db, transport } = options;
  const row = await db
    .selectFrom('outbox')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const data = JSON.parse(row.data) as NotificationData;
  const link = row.case_id ? `${options.baseUrl}/cases/${row.case_id}` : `${options.baseUrl}/`;
  const email = renderEmail(row.template, data, row.reason, link);
  try {
    await transport.send({
      to: row.recipient_email,
      ...email,
      idempotencyKey: row.idempotency_key,
    });
  } catch (error) {
    const attempts = row.attempts + 1;
    const failed = attempts >= MAX_ATTEMPTS || isPermanent(error);
    const reason = error instanceof Error ? error.message : String(error);
    const now = options.now().toISOString();
    await db
      .updateTable('outbox')
      .set({
        status: failed ? 'failed' : 'retrying',
        attempts,
        next_attempt_at: plus(now, backoffSeconds(attempts, options.retryBaseSeconds)),
        leased_until: null,
        last_error: reason.slice(0, 500),
      })
      .where('id', '=', id)
      .execute();
    return failed ? 'failed' : 'retrying';
  }
  await db
    .updateTable('outbox')
    .set({
      status: 'sent',
      sent_at: options.now().toISOString(),
      leased_until: null,
      attempts: row.attempts + 1,
      last_error: null,
    })
    .where('id', '=', id)
    .execute();
  return 'sent';
}

/** Sends up to `batchSize` due notifications, one claim at a time. */
export async function deliverDue(options: DeliveryOptions): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < (options.batchSize ?? 20); i++) {
    const id = await claimNext(options);
    if (id === undefined) break;
    report[await deliverOne(options, id)]++;
  }
  return report;
}
