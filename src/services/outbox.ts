/**
 * Delivery status for administrators: how many notifications are in each state, the failed
 * ones with the reason, and putting a failed one back in the queue. No child's details: a
 * notification names its case by reference only.
 */
import type { Db } from '../store/database.js';

export const OUTBOX_STATUSES = ['queued', 'retrying', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface FailedNotification {
  id: string;
  to: string;
  /** the case reference, or null for a notification about a policy */
  caseReference: string | null;
  template: string;
  rule: string;
  attempts: number;
  /** why it failed: the mail server's or Notify's answer, or a missing address */
  error: string;
  createdAt: string;
}

export interface OutboxSummary {
  counts: Record<OutboxStatus, number>;
  failed: FailedNotification[];
}

export async function outboxSummary(db: Db): Promise<OutboxSummary> {
  const rows = await db
    .selectFrom('outbox')
    .select(['status', db.fn.countAll<number | string | bigint>().as('count')])
    .groupBy('status')
    .execute();
  const counts: Record<OutboxStatus, number> = { queued: 0, retrying: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status as OutboxStatus] = Number(row.count);
  const failed = await db
    .selectFrom('outbox')
    .leftJoin('cases', 'cases.id', 'outbox.case_id')
    .select([
      'outbox.id',
      'outbox.recipient_email',
      'cases.reference',
      'outbox.template',
      'outbox.rule_key',
      'outbox.attempts',
      'outbox.last_error',
      'outbox.created_at',
    ])
    .where('outbox.status', '=', 'failed')
    .orderBy('outbox.created_at')
    .orderBy('outbox.id')
    .execute();
  return {
    counts,
    failed: failed.map((r) => ({
      id: r.id,
      to: r.recipient_email,
      caseReference: r.reference ?? null,
      template: r.template,
      rule: r.rule_key,
      attempts: r.attempts,
      error: r.last_error ?? '',
      createdAt: r.created_at,
    })),
  };
}

export class RetryRefused extends Error {}

/** Puts a failed notification back in the queue, to be sent on the next tick. */
export async function retryNotification(db: Db, id: string, now: string): Promise<void> {
  const row = await db
    .selectFrom('outbox')
    .select(['status', 'recipient_email'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new RetryRefused(`No notification has the id ${id}.`);
  if (row.status !== 'failed') {
    throw new RetryRefused(
      `Notification ${id} is ${row.status}, not failed: only a failed one can be retried.`,
    );
  }
  if (row.recipient_email === '') {
    throw new RetryRefused(
      `Notification ${id} has no e-mail address to send to: record the missing address (see its error) and raise the matter again.`,
    );
  }
  const result = await db
    .updateTable('outbox')
    .set({ status: 'queued', attempts: 0, next_attempt_at: now, leased_until: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new RetryRefused(`Notification ${id} changed meanwhile: try again.`);
}
