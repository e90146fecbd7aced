/**
 * One notification into the transactional outbox, once. The idempotency key is unique, so
 * queuing the same notification again (a retried command, a second instance's sweep) adds
 * nothing. With no address to send to, the row is written `failed` with the reason, so
 * `escalate outbox status` shows who could not be told. Callers run this inside the
 * transaction of the change it tells of, where there is one.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database.js';
import type { NotificationData } from './data.js';

export interface OutboxEntry {
  idempotencyKey: string;
  caseId?: string | null;
  eventSeq?: number | null;
  ruleKey: string;
  /** why the person is told, in plain English */
  reason: string;
  /** '' when nobody's address is known */
  recipientEmail: string;
  recipientPersonId: string | null;
  template: string;
  data: NotificationData;
  /** ISO-8601 UTC: when it was queued and may first be sent */
  at: string;
  /** the reason recorded when `recipientEmail` is '' */
  missing?: string;
}

/** Answers whether the row was added (false when the same notification was queued before). */
export async function queueOnce(db: Db, entry: OutboxEntry): Promise<boolean> {
  const result = await db
    .insertInto('outbox')
    .values({
      id: randomUUID(),
      idempotency_key: entry.idempotencyKey,
      case_id: entry.caseId ?? null,
      event_seq: entry.eventSeq ?? null,
      rule_key: entry.ruleKey,
      reason: entry.reason,
      recipient_email: entry.recipientEmail,
      recipient_person_id: entry.recipientPersonId,
      template: entry.template,
      data: JSON.stringify(entry.data),
      status: entry.recipientEmail ? 'queued' : 'failed',
      attempts: 0,
      next_attempt_at: entry.at,
      leased_until: null,
      last_error: entry.recipientEmail ? null : (entry.missing ?? 'No address is recorded.'),
      created_at: entry.at,
      sent_at: null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}
