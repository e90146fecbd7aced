/**
 * Delivers the outbox. A worker claims a due notification by a conditional UPDATE (the lease):
 * only one worker's UPDATE can match a row whose lease is free, on SQLite and PostgreSQL alike,
 * so several app instances never send the same notification twice. A worker that dies holding
 * a lease loses it when the lease expires, and the notification is tried again.
 * Failures retry with exponential back-off; after MAX_ATTEMPTS the notification is marked failed
 * with the reason, visible on the case and to administrators.
 */
import type { NotificationData } from '../services/notifications.js';
import type { Db } from '../store/database.js';
import { renderEmail } from './templates.js';
import type { Transport } from './transports.js';

export const MAX_ATTEMPTS = 10;
export const LEASE_SECONDS = 120;

export function backoffSeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(attempts - 1, 0), 3600);
}

const plus = (iso: string, seconds: number) =>
  new Date(Date.parse(iso) + seconds * 1000).toISOString();

export interface DeliveryOptions {
  db: Db;
  transport: Transport;
  baseUrl: string;
  now: () => Date;
  batchSize?: number;
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

/** Claims up to `batchSize` due notifications for this worker; returns the ids it won. */
async function claim(options: DeliveryOptions, now: string, lease: string): Promise<string[]> {
  const { db } = options;
  const due = await db
    .selectFrom('outbox')
    .select('id')
    .where('status', 'in', ['queued', 'retrying'])
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(options.batchSize ?? 20)
    .execute();
  const won: string[] = [];
  for (const { id } of due) {
    const result = await db
      .updateTable('outbox')
      .set({ leased_until: lease })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'retrying'])
      .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) won.push(id);
  }
  return won;
}

export async function deliverDue(options: DeliveryOptions): Promise<DeliveryReport> {
  const { db, transport } = options;
  const now = options.now().toISOString();
  const lease = plus(now, LEASE_SECONDS);
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (const id of await claim(options, now, lease)) {
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
      report.sent++;
    } catch (error) {
      const attempts = row.attempts + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      const reason = error instanceof Error ? error.message : String(error);
      await db
        .updateTable('outbox')
        .set({
          status: failed ? 'failed' : 'retrying',
          attempts,
          next_attempt_at: plus(now, backoffSeconds(attempts)),
          leased_until: null,
          last_error: reason.slice(0, 500),
        })
        .where('id', '=', id)
        .execute();
      if (failed) report.failed++;
      else report.retrying++;
    }
  }
  return report;
}
