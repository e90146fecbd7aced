/**
 * Delivery status for administrators, on the database DATABASE_URL names: `outboxSummary`
 * counts notifications by status and lists the failed ones with the reason; the compiled CLI
 * prints it (`escalate outbox status [--json]`) and puts a failed one back in the queue
 * (`escalate outbox retry ID`). Run `npm run build` first.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue, MAX_ATTEMPTS, RETRY_BASE_SECONDS } from '../src/notify/outbox.js';
import { outboxSummary, retryNotification } from '../src/services/outbox.js';
import type { Store } from '../src/store/database.js';
import type { OutboxStatus } from '../src/store/schema.js';
import { createTestStore, destroyTestStore, type TestDatabase } from './support/database.js';
import { addOutboxRow } from './support/outbox-rows.js';
import { escalate } from './support/process.js';

let t: { store: Store; database: TestDatabase };
const now = '2026-11-02T10:00:00.000Z';

const add = (id: string, status: OutboxStatus, to: string, error: string | null) =>
  addOutboxRow(t.store.db, now, id, status, to, error);

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
