/**
 * The outbox's rules (src/notify/outbox.ts, src/notify/queue.ts), each alone, with a transport
 * that records what it is given, on the database DATABASE_URL names: back-off, permanent
 * refusals, the batch, leases, the send deadline, and queuing once. outbox.test.ts shows the same
 * against a real SMTP receiver; these are fast enough for `npm run mutate`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backoffSeconds, type DeliveryOptions, deliverDue } from '../src/notify/outbox.js';
import { queueOnce } from '../src/notify/queue.js';
import {
  type OutgoingEmail,
  PermanentDeliveryError,
  type Transport,
} from '../src/notify/transports.js';
import type { Store } from '../src/store/database.js';
import { createTestStore, destroyTestStore, type TestDatabase } from './support/database.js';

let t: { store: Store; database: TestDatabase };
const now = '2026-11-02T10:00:00.000Z';
const later = (seconds: number) => new Date(Date.parse(now) + seconds * 1000).toISOString();

const data = {
  reference: 'ESC-RULES1',
  eventType: 'stage-entered',
  stage: { number: 2, name: 'Manager to manager' },
  dueAt: null,
  status: 'open',
  policyTitle: 'Test policy',
};

/** Queues one notification to `to`; answers its id. */
async function queued(to: string, over: { caseId?: string | null; at?: string } = {}) {
  await queueOnce(t.store.db, {
    idempotencyKey: `key-${to}`,
    caseId: over.caseId === undefined ? 'case-1' : over.caseId,
    eventSeq: 1,
    ruleKey: 'stage-entered',
    reason: 'Discuss it with your counterpart.',
    recipientEmail: to,
    recipientPersonId: null,
    template: 'stage-entered',
    data,
    at: over.at ?? now,
  });
  const row = await t.store.db
    .selectFrom('outbox')
    .select('id')
    .where('idempotency_key', '=', `key-${to}`)
    .executeTakeFirstOrThrow();
  return row.id;
}

const rowOf = (id: string) =>
  t.store.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** A transport that records each e-mail, or fails with `error`. */
function recording(error?: unknown): Transport & { sent: OutgoingEmail[] } {
  const sent: OutgoingEmail[] = [];
  return {
    sent,
    send: async (email) => {
      if (error !== undefined) throw error;
      sent.push(email);
    },
  };
}

const deliver = (transport: Transport, over: Partial<DeliveryOptions> = {}) =>
  deliverDue({
    db: t.store.db,
    transport,
    baseUrl: 'http://escalate.test',
    now: () => new Date(now),
    ...over,
  });

beforeAll(async () => {
  t = await createTestStore();
});
afterAll(async () => destroyTestStore(t));
afterEach(async () => {
  await t.store.db.deleteFrom('outbox').execute();
});

describe('the outbox: delivery', () => {
  it('a sent notification is marked sent, once, its lease freed; its link opens its case', async () => {
    const id = await queued('reader@agency.example');
    const transport = recording();
    expect(await deliver(transport)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await deliver(transport)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0]).toMatchObject({
      to: 'reader@agency.example',
      idempotencyKey: 'key-reader@agency.example',
    });
    expect(transport.sent[0]?.text).toContain('http://escalate.test/cases/case-1');
    expect(await rowOf(id)).toMatchObject({
      case_id: 'case-1',
      event_seq: 1,
      status: 'sent',
      attempts: 1,
      sent_at: now,
      last_error: null,
      leased_until: null,
      lease_token: null,
    });
  });

  it('a notification about no case links to Escalate itself', async () => {
    await queued('policy@agency.example', { caseId: null });
    const transport = recording();
    await deliver(transport);
    expect(transport.sent[0]?.text).toContain('http://escalate.test/\n');
  });

  it('one pass sends at most its batch, 20 unless told', async () => {
    for (let i = 0; i < 22; i++) await queued(`reader${i}@agency.example`);
    expect((await deliver(recording(), { batchSize: 2 })).sent).toBe(2);
    expect((await deliver(recording())).sent).toBe(20);
  });

  it('a notification not yet due, or leased by another worker, waits; one whose lease ran out is sent', async () => {
    await queued('tomorrow@agency.example', { at: later(86_400) });
    const leased = await queued('leased@agency.example');
    await t.store.db
      .updateTable('outbox')
      .set({ leased_until: later(60), lease_token: 'another-worker' })
      .where('id', '=', leased)
      .execute();
    expect((await deliver(recording())).sent).toBe(0);
    const transport = recording();
    const afterLease = { now: () => new Date(later(61)) };
    expect((await deliver(transport, afterLease)).sent).toBe(1);
    expect(transport.sent.map((e) => e.to)).toEqual(['leased@agency.example']);
  });

  it('the oldest due is sent first', async () => {
    await queued('second@agency.example', { at: later(-60) });
    await queued('first@agency.example', { at: later(-120) });
    const transport = recording();
    await deliver(transport, { batchSize: 1 });
    expect(transport.sent.map((e) => e.to)).toEqual(['first@agency.example']);
  });
});

describe('the outbox: failures', () => {
  it('retries back off, doubling from 30 seconds, up to an hour', () => {
    expect([0, 1, 2, 3, 7, 8, 20].map((n) => backoffSeconds(n))).toEqual([
      30, 30, 60, 120, 1920, 3600, 3600,
    ]);
    expect(backoffSeconds(2, 5)).toBe(10);
  });

  it('a temporary failure is retried after the back-off, with the reason kept', async () => {
    const id = await queued('busy@agency.example');
    expect(await deliver(recording(new Error('421 try again later')))).toEqual({
      sent: 0,
      retrying: 1,
      failed: 0,
    });
    expect(await rowOf(id)).toMatchObject({
      status: 'retrying',
      attempts: 1,
      next_attempt_at: later(30),
      last_error: '421 try again later',
      leased_until: null,
    });
    await deliver(recording('a refusal that is not an Error'), {
      now: () => new Date(later(30)),
      retryBaseSeconds: 100,
    });
    expect(await rowOf(id)).toMatchObject({
      attempts: 2,
      next_attempt_at: later(30 + 200),
      last_error: 'a refusal that is not an Error',
    });
  });

  it('a permanent refusal fails at once, its reason cut to 500 characters', async () => {
    const id = await queued('gone@agency.example');
    const long = `550 ${'x'.repeat(600)}`;
    expect(await deliver(recording(new PermanentDeliveryError(long)))).toEqual({
      sent: 0,
      retrying: 0,
      failed: 1,
    });
    const row = await rowOf(id);
    expect(row.status).toBe('failed');
    expect(row.last_error).toBe(long.slice(0, 500));
  });

  it('a send cut off at its deadline is retried, saying so, even if the cut-off looks permanent', async () => {
    const id = await queued('slow@agency.example');
    const hanging: Transport = {
      send: (_email, options) =>
        new Promise((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () =>
            reject(new PermanentDeliveryError('aborted')),
          );
        }),
    };
    expect(await deliver(hanging, { sendDeadlineSeconds: 0.05 })).toEqual({
      sent: 0,
      retrying: 1,
      failed: 0,
    });
    expect((await rowOf(id)).last_error).toBe(
      'No answer from the mail service within the send deadline (0.05 s): the connection was closed and the notification will be tried again.',
    );
  });

  it('a worker that lost its lease meanwhile changes nothing, counts nothing, and says so', async () => {
    const id = await queued('lost@agency.example');
    const warnings: object[] = [];
    const stolen: Transport = {
      send: async () => {
        await t.store.db
          .updateTable('outbox')
          .set({ lease_token: 'another-worker' })
          .where('id', '=', id)
          .execute();
      },
    };
    const report = await deliver(stolen, {
      log: { warn: (details, message) => void warnings.push({ details, message }) },
    });
    expect(report).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(warnings).toEqual([
      {
        details: { outbox: { id, outcome: 'sent' } },
        message:
          'a notification outlived its lease on this worker: another worker holds it now, so this one left it as it is',
      },
    ]);
    expect(await rowOf(id)).toMatchObject({ status: 'queued', attempts: 0 });
    // a worker with nowhere to say so changes nothing all the same
    await t.store.db
      .updateTable('outbox')
      .set({ lease_token: null, leased_until: null })
      .where('id', '=', id)
      .execute();
    expect(await deliver(stolen)).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });
});

describe('the outbox: queuing once', () => {
  it('the same notification queued again adds nothing', async () => {
    const entry = {
      idempotencyKey: `key-${randomUUID()}`,
      ruleKey: 'r',
      reason: 'Why',
      recipientEmail: 'once@agency.example',
      recipientPersonId: null,
      template: 'stage-entered',
      data,
      at: now,
    };
    expect(await queueOnce(t.store.db, entry)).toBe(true);
    expect(await queueOnce(t.store.db, entry)).toBe(false);
    const row = await t.store.db
      .selectFrom('outbox')
      .selectAll()
      .where('idempotency_key', '=', entry.idempotencyKey)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      case_id: null,
      event_seq: null,
      status: 'queued',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
      last_error: null,
      sent_at: null,
    });
  });

  it('with no address it is written failed, with the reason given or a plain one', async () => {
    const base = {
      ruleKey: 'r',
      reason: 'Why',
      recipientEmail: '',
      recipientPersonId: null,
      template: 'stage-entered',
      data,
      at: now,
    };
    await queueOnce(t.store.db, {
      ...base,
      idempotencyKey: 'no-chair',
      missing: 'No chair is recorded for this partnership.',
    });
    await queueOnce(t.store.db, { ...base, idempotencyKey: 'no-reason' });
    const rows = await t.store.db
      .selectFrom('outbox')
      .select(['idempotency_key', 'status', 'last_error'])
      .orderBy('idempotency_key')
      .execute();
    expect(rows).toEqual([
      {
        idempotency_key: 'no-chair',
        status: 'failed',
        last_error: 'No chair is recorded for this partnership.',
      },
      { idempotency_key: 'no-reason', status: 'failed', last_error: 'No address is recorded.' },
    ]);
  });
});
