/**
 * Delivery status for administrators, on the database DATABASE_URL names: `outboxSummary`
 * counts notifications by status and lists the failed ones with the reason; the compiled CLI
 * prints it (`escalate outbox status [--json]`) and puts a failed one back in the queue
 * (`escalate outbox retry ID`). Run `npm run build` first.
 */
import { randomUUID } from 'node:crypto';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue, MAX_ATTEMPTS, RETRY_BASE_SECONDS } from '../src/notify/outbox.js';
import { outboxSummary, RetryRefused, retryNotification } from '../src/services/outbox.js';
import { openStore, type Store } from '../src/store/database.js';
import type { OutboxStatus } from '../src/store/schema.js';
import { createTestStore, destroyTestStore, type TestDatabase } from './support/database.js';
import { escalate } from './support/process.js';

let t: { store: Store; database: TestDatabase };
const now = '2026-11-02T10:00:00.000Z';

async function add(id: string, status: OutboxStatus, to: string, error: string | null) {
  await t.store.db
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

const FAILED = randomUUID();
const NO_ADDRESS = randomUUID();

describe('outbox status and retry', () => {
  beforeAll(async () => {
    t = await createTestStore();
    await add(randomUUID(), 'sent', 'a@agency.example', null);
    await add(randomUUID(), 'sent', 'b@agency.example', null);
    await add(randomUUID(), 'queued', 'c@agency.example', null);
    await add(FAILED, 'failed', 'gone@agency.example', '550 5.1.1 mailbox unavailable');
    await add(NO_ADDRESS, 'failed', '', 'No chair is recorded for this partnership.');
  });
  afterAll(async () => destroyTestStore(t));

  it('counts by status and lists the failed ones with the reason', async () => {
    const summary = await outboxSummary(t.store.db);
    expect(summary.counts).toEqual({ queued: 1, retrying: 0, sent: 2, failed: 2 });
    expect(summary.failed.map((f) => [f.to, f.error, f.attempts]).sort()).toEqual([
      ['', 'No chair is recorded for this partnership.', 10],
      ['gone@agency.example', '550 5.1.1 mailbox unavailable', 10],
    ]);
  });

  it('`escalate outbox status` prints the same, as JSON or for a person', async () => {
    const env = { DATABASE_URL: t.database.url };
    const json = await escalate(['outbox', 'status', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(await outboxSummary(t.store.db));
    const table = await escalate(['outbox', 'status'], env);
    expect(table.stdout).toContain('queued: 1  retrying: 0  sent: 2  failed: 2');
    expect(table.stdout).toContain(FAILED);
    expect(table.stdout).toContain('550 5.1.1 mailbox unavailable');
  });

  it('`escalate outbox retry ID` queues a failed one again, and it is delivered', async () => {
    const env = { DATABASE_URL: t.database.url };
    const retried = await escalate(['outbox', 'retry', FAILED], env);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stdout).toContain('queued again');
    const again = await escalate(['outbox', 'retry', FAILED], env);
    expect(again).toMatchObject({ code: 1 });
    expect(again.stderr).toContain('is queued, not failed');
    const noAddress = await escalate(['outbox', 'retry', NO_ADDRESS], env);
    expect(noAddress.code).toBe(1);
    expect(noAddress.stderr).toContain('no e-mail address');
    const unknown = await escalate(['outbox', 'retry', 'no-such-id'], env);
    expect(unknown.stderr).toContain('No notification has the id no-such-id');

    const sent: string[] = [];
    const report = await deliverDue({
      db: t.store.db,
      transport: { send: async (email) => void sent.push(email.to) },
      baseUrl: 'http://escalate.test',
      now: () => new Date(),
    });
    expect(report.sent).toBe(2);
    expect(sent.sort()).toEqual(['c@agency.example', 'gone@agency.example']);
    expect((await outboxSummary(t.store.db)).counts).toEqual({
      queued: 0,
      retrying: 0,
      sent: 4,
      failed: 1,
    });
  });
});

describe('an administrator’s retry starts the attempts afresh (issue 24, item 4)', () => {
  const AGAIN = randomUUID();
  beforeAll(async () => {
    t = await createTestStore();
    await add(AGAIN, 'failed', 'busy@agency.example', '421 4.7.0 try again later');
  });
  afterAll(async () => destroyTestStore(t));

  it('one more temporary failure after the retry gets back-off (retrying), not failed at once', async () => {
    const before = await t.store.db
      .selectFrom('outbox')
      .select('attempts')
      .where('id', '=', AGAIN)
      .executeTakeFirstOrThrow();
    expect(before.attempts).toBe(MAX_ATTEMPTS);
    await retryNotification(t.store.db, AGAIN, now);
    const report = await deliverDue({
      db: t.store.db,
      transport: {
        send: async () => {
          throw new Error('421 4.7.0 try again later');
        },
      },
      baseUrl: 'http://escalate.test',
      now: () => new Date(now),
    });
    expect(report).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const row = await t.store.db
      .selectFrom('outbox')
      .select(['status', 'attempts', 'next_attempt_at'])
      .where('id', '=', AGAIN)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: 'retrying',
      attempts: 1,
      next_attempt_at: new Date(Date.parse(now) + RETRY_BASE_SECONDS * 1000).toISOString(),
    });
  });
});

describe('the outbox: what an administrator sees and may retry', () => {
  const OLDER = randomUUID();
  const NEWER = randomUUID();
  const UNEXPLAINED = randomUUID();
  const SENT = randomUUID();
  beforeAll(async () => {
    t = await createTestStore();
    await add(NEWER, 'failed', 'newer@agency.example', '550 no such user');
    await t.store.db
      .updateTable('outbox')
      .set({ created_at: '2026-11-02T11:00:00.000Z' })
      .where('id', '=', NEWER)
      .execute();
    await add(OLDER, 'failed', 'older@agency.example', '550 mailbox full');
    await add(UNEXPLAINED, 'failed', 'unexplained@agency.example', null);
    await add(SENT, 'sent', 'sent@agency.example', null);
  });
  afterAll(async () => destroyTestStore(t));

  it('lists the failed ones oldest first, each with what it was, to whom, and why', async () => {
    const { failed } = await outboxSummary(t.store.db);
    expect(failed.map((f) => f.id)).toEqual([...[OLDER, UNEXPLAINED].sort(), NEWER]);
    expect(failed.find((f) => f.id === OLDER)).toEqual({
      id: OLDER,
      to: 'older@agency.example',
      caseReference: null,
      template: 'referred-to-chair',
      rule: 'referral-to-chair',
      attempts: 10,
      error: '550 mailbox full',
      createdAt: now,
    });
    // a failure with no recorded reason reads as an empty one, never "null"
    expect(failed.find((f) => f.id === UNEXPLAINED)?.error).toBe('');
  });

  it('refuses, in words, to retry one that is unknown, not failed, or has no address', async () => {
    await expect(retryNotification(t.store.db, 'no-such-id', now)).rejects.toThrow(
      new RetryRefused('No notification has the id no-such-id.'),
    );
    await expect(retryNotification(t.store.db, SENT, now)).rejects.toThrow(
      new RetryRefused(
        `Notification ${SENT} is sent, not failed: only a failed one can be retried.`,
      ),
    );
    const noAddress = randomUUID();
    await add(noAddress, 'failed', '', 'No chair is recorded for this partnership.');
    await expect(retryNotification(t.store.db, noAddress, now)).rejects.toThrow(
      new RetryRefused(
        `Notification ${noAddress} has no e-mail address to send to: record the missing address (see its error) and raise the matter again.`,
      ),
    );
  });

  it('a retried notification is queued to go at once, its attempts afresh and its lease free', async () => {
    await t.store.db
      .updateTable('outbox')
      .set({
        leased_until: '2026-11-02T09:00:00.000Z',
        next_attempt_at: '2026-11-01T00:00:00.000Z',
      })
      .where('id', '=', OLDER)
      .execute();
    const later = '2026-11-02T12:00:00.000Z';
    await retryNotification(t.store.db, OLDER, later);
    const row = await t.store.db
      .selectFrom('outbox')
      .select(['status', 'attempts', 'next_attempt_at', 'leased_until'])
      .where('id', '=', OLDER)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: 'queued',
      attempts: 0,
      next_attempt_at: later,
      leased_until: null,
    });
  });

  it('a retry that another administrator made meanwhile is refused, and changes nothing', async () => {
    // the other administrator (their own connection) retries it between this one's read and
    // its update
    const other = openStore(t.database.config);
    const meanwhile: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (args.result.rows.length > 0) {
          await retryNotification(other.db, NEWER, '2026-11-02T12:30:00.000Z');
        }
        return args.result;
      },
    };
    await expect(
      retryNotification(t.store.db.withPlugin(meanwhile), NEWER, '2026-11-02T12:45:00.000Z'),
    ).rejects.toThrow(new RetryRefused(`Notification ${NEWER} changed meanwhile: try again.`));
    await other.close();
    const row = await t.store.db
      .selectFrom('outbox')
      .select(['status', 'next_attempt_at'])
      .where('id', '=', NEWER)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'queued', next_attempt_at: '2026-11-02T12:30:00.000Z' });
  });
});
