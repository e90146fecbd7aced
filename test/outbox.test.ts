/**
 * The outbox against a real SMTP receiver (smtp-server) on loopback, on the database
 * DATABASE_URL names: delivered once each; held while the mail server is down and delivered
 * once when it returns; two workers never send the same notification twice; a re-send after a
 * crash between sending and marking carries the same Message-ID.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue, LEASE_SECONDS, MAX_ATTEMPTS } from '../src/notify/outbox.js';
import { messageIdFor, smtpTransport, type Transport } from '../src/notify/transports.js';
import type { Store } from '../src/store/database.js';
import { createTestStore, destroyTestStore, type TestDatabase } from './support/database.js';
import { startReceiver } from './support/smtp-receiver.js';

let t: { store: Store; database: TestDatabase };
let clock: Date;
const now = () => clock;

async function queue(count: number, emailPrefix = 'reader'): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = `case-x:rule:${randomUUID()}`;
    keys.push(key);
    await t.store.db
      .insertInto('outbox')
      .values({
        id: randomUUID(),
        idempotency_key: key,
        case_id: randomUUID(),
        event_seq: 1,
        rule_key: 'stage-entered',
        reason: 'Discuss the disagreement with your counterpart manager.',
        recipient_email: `${emailPrefix}${i}@agency.example`,
        recipient_person_id: null,
        template: 'stage-entered',
        data: JSON.stringify({
          reference: 'ESC-TEST42',
          eventType: 'stage-entered',
          stage: { number: 2, name: 'Manager to manager' },
          dueAt: '2026-11-05T17:00:00+00:00',
          status: 'open',
          policyTitle: 'Test policy',
        }),
        status: 'queued',
        attempts: 0,
        next_attempt_at: clock.toISOString(),
        leased_until: null,
        last_error: null,
        created_at: clock.toISOString(),
        sent_at: null,
      })
      .execute();
  }
  return keys;
}

const statuses = async () =>
  (await t.store.db.selectFrom('outbox').select(['status', 'idempotency_key']).execute()).map(
    (r) => r.status,
  );

describe('the outbox with a real SMTP receiver', () => {
  beforeAll(async () => {
    t = await createTestStore();
  });
  afterAll(async () => destroyTestStore(t));
  afterEach(async () => {
    await t.store.db.deleteFrom('outbox').execute();
  });

  it('delivers each notification once, with a Message-ID derived from its key and no child details', async () => {
    clock = new Date('2026-11-02T10:00:00Z');
    const receiver = await startReceiver();
    const transport = smtpTransport(
      `smtp://127.0.0.1:${receiver.port}`,
      'Escalate <escalate@test.example>',
    );
    const keys = await queue(3);
    const report = await deliverDue({
      db: t.store.db,
      transport,
      baseUrl: 'http://escalate.test',
      now,
    });
    expect(report).toEqual({ sent: 3, retrying: 0, failed: 0 });
    expect(
      await deliverDue({ db: t.store.db, transport, baseUrl: 'http://escalate.test', now }),
    ).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(receiver.received.map((r) => r.to).sort()).toEqual([
      'reader0@agency.example',
      'reader1@agency.example',
      'reader2@agency.example',
    ]);
    expect(receiver.received.map((r) => r.messageId).sort()).toEqual(keys.map(messageIdFor).sort());
    const mail = receiver.received[0];
    expect(mail?.subject).toMatch(/^Disagreement ESC-TEST42: now at stage 2/);
    expect(mail?.body).toContain('http://escalate.test/cases/');
    expect(mail?.body).toMatch(/5pm on Thursday 5 November 2026/);
    transport.close?.();
    await receiver.stop();
  });

  it('holds notifications while the mail server is down, then delivers each once when it returns', async () => {
    clock = new Date('2026-11-02T10:00:00Z');
    const receiver = await startReceiver();
    const port = receiver.port;
    await receiver.stop();
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, 'Escalate <escalate@test.example>');
    await queue(2, 'down');
    const failedTry = await deliverDue({
      db: t.store.db,
      transport,
      baseUrl: 'http://escalate.test',
      now,
    });
    expect(failedTry).toEqual({ sent: 0, retrying: 2, failed: 0 });
    expect(await statuses()).toEqual(['retrying', 'retrying']);
    const rows = await t.store.db
      .selectFrom('outbox')
      .select(['last_error', 'next_attempt_at'])
      .execute();
    expect(
      rows.every((r) => (r.last_error ?? '').length > 0 && r.next_attempt_at > clock.toISOString()),
    ).toBe(true);

    // Not due yet: nothing is tried before the back-off has passed.
    expect(
      await deliverDue({ db: t.store.db, transport, baseUrl: 'http://escalate.test', now }),
    ).toEqual({ sent: 0, retrying: 0, failed: 0 });

    const back = await startReceiver(port);
    clock = new Date(clock.getTime() + 10 * 60_000);
    expect(
      await deliverDue({ db: t.store.db, transport, baseUrl: 'http://escalate.test', now }),
    ).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(back.received.map((r) => r.to).sort()).toEqual([
      'down0@agency.example',
      'down1@agency.example',
    ]);
    transport.close?.();
    await back.stop();
  });

  it('gives up after the maximum attempts, saying why', async () => {
    clock = new Date('2026-11-02T10:00:00Z');
    const failing: Transport = {
      send: async () => Promise.reject(new Error('550 mailbox unavailable')),
    };
    await queue(1, 'gone');
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      await deliverDue({
        db: t.store.db,
        transport: failing,
        baseUrl: 'http://escalate.test',
        now,
      });
      clock = new Date(clock.getTime() + 2 * 3600_000);
    }
    const row = await t.store.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(MAX_ATTEMPTS);
    expect(row.last_error).toContain('550 mailbox unavailable');
  });

  it('two workers at once never send the same notification twice', async () => {
    clock = new Date('2026-11-02T10:00:00Z');
    const receiver = await startReceiver();
    const a = smtpTransport(
      `smtp://127.0.0.1:${receiver.port}`,
      'Escalate <escalate@test.example>',
    );
    const b = smtpTransport(
      `smtp://127.0.0.1:${receiver.port}`,
      'Escalate <escalate@test.example>',
    );
    await queue(30, 'pair');
    const [first, second] = await Promise.all([
      deliverDue({
        db: t.store.db,
        transport: a,
        baseUrl: 'http://escalate.test',
        now,
        batchSize: 30,
      }),
      deliverDue({
        db: t.store.db,
        transport: b,
        baseUrl: 'http://escalate.test',
        now,
        batchSize: 30,
      }),
    ]);
    expect(first.sent + second.sent).toBe(30);
    const addresses = receiver.received.map((r) => r.to);
    expect(new Set(addresses).size).toBe(30);
    expect(addresses).toHaveLength(30);
    a.close?.();
    b.close?.();
    await receiver.stop();
  });

  it('a worker killed between sending and marking: the retry after the lease carries the same Message-ID', async () => {
    clock = new Date('2026-11-02T10:00:00Z');
    const receiver = await startReceiver();
    const smtp = smtpTransport(
      `smtp://127.0.0.1:${receiver.port}`,
      'Escalate <escalate@test.example>',
    );
    const [key] = await queue(1, 'crash');
    // The "crashing" worker sends, then dies before it can mark the row sent.
    const crashing: Transport = {
      send: async (email) => {
        await smtp.send(email);
        throw Object.assign(new Error('process killed'), { simulatedCrash: true });
      },
    };
    // Simulate the kill: claim and send, but leave the lease as a dead worker would.
    await t.store.db
      .updateTable('outbox')
      .set({ leased_until: new Date(clock.getTime() + LEASE_SECONDS * 1000).toISOString() })
      .execute();
    const row = await t.store.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    await crashing
      .send({
        to: row.recipient_email,
        subject: 's',
        text: 't',
        idempotencyKey: row.idempotency_key,
      })
      .catch(() => {});
    // While the lease holds, no one else sends it.
    expect(
      await deliverDue({ db: t.store.db, transport: smtp, baseUrl: 'http://escalate.test', now }),
    ).toEqual({ sent: 0, retrying: 0, failed: 0 });
    clock = new Date(clock.getTime() + (LEASE_SECONDS + 1) * 1000);
    expect(
      await deliverDue({ db: t.store.db, transport: smtp, baseUrl: 'http://escalate.test', now }),
    ).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received.map((r) => r.messageId)).toEqual([
      messageIdFor(key as string),
      messageIdFor(key as string),
    ]);
    smtp.close?.();
    await receiver.stop();
  });
});
