/**
 * Test support: a notification about a referral to the chair, written straight into the outbox
 * in the given status, for the administrator's outbox status and retry.
 */
import type { Db } from '../../src/store/database.js';
import type { OutboxStatus } from '../../src/store/schema.js';

export async function addOutboxRow(
  db: Db,
  now: string,
  id: string,
  status: OutboxStatus,
  to: string,
  error: string | null,
) {
  await db
    .insertInto('outbox')
    .values({
      id,
      idempotency_key: `key-${id}`,
      case_id: null,
      event_seq: null,
      rule_key: 'referral-to-chair',
      reason: 'The details of the dispute, for the attention of the independent chair.',
      recipient_email: to,
      recipient_person_id: null,
      template: 'referred-to-chair',
      data: JSON.stringify({
        reference: 'ESC-ADMIN1',
        stage: { number: 4, name: 'Chair' },
        dueAt: null,
        status: 'open',
        policyTitle: 'Test policy',
      }),
      status,
      attempts: status === 'failed' ? 10 : 1,
      next_attempt_at: now,
      leased_until: null,
      last_error: error,
      created_at: now,
      sent_at: status === 'sent' ? now : null,
    })
    .execute();
}
