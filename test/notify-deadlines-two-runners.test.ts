/**
 * Two instances' job runners on one database never queue or send a deadline reminder or
 * overdue prompt twice. On PostgreSQL each runner has its own connection pool, as two app
 * instances would; SQLite is one instance's embedded database, so there the two runners share
 * its connection and interleave at every await.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../src/jobs/deadlines.js';
import { deliverDue } from '../src/notify/outbox.js';
import { messageIdFor, smtpTransport } from '../src/notify/transports.js';
import type { PersonSummary } from '../src/services/people.js';
import { openStore, type Store } from '../src/store/database.js';
import { createTestApp, type TestApp } from './support/app.js';
import { usingPostgres } from './support/database.js';
import { type Receiver, startReceiver } from './support/smtp-receiver.js';

let t: TestApp;
let second: Store;
let receiver: Receiver;

async function raise(person: PersonSummary, otherAgencyId: string): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { authorization: `Bearer ${await t.token(person)}` },
    payload: {
      children: [{ name: 'G.H. (fictional)', childProtectionPlan: false, lookedAfter: false }],
      agencies: [otherAgencyId],
      category: 'communication',
      disagreement: 'A planned move was not shared.',
      evidence: { nature: 'Missed handover', source: 'Attendance records' },
      actionsToDate: 'Emailed the allocated worker.',
      outcomeSought: 'A joint visit.',
      immediateRisk: false,
    },
  });
  expect(response.statusCode).toBe(201);
  return response.json().id as string;
}

const rows = (rule: string) =>
  t.store.db
    .selectFrom('outbox')
    .select(['case_id', 'recipient_email', 'idempotency_key'])
    .where('rule_key', '=', rule)
    .execute();

describe('deadline sweeps with two runners on one database', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    second = usingPostgres() ? openStore(t.database.config) : t.store;
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.stop();
    if (second !== t.store) await second.close();
    await t.close();
  });

  it('queues each reminder and overdue prompt once, and each is delivered once', async () => {
    const teacher = t.person('frontline', 'Hillcrest');
    const csc = t.person('frontline', "Bromley Children's Social Care").agency?.id as string;
    const cases: string[] = [];
    for (let i = 0; i < 6; i++) cases.push(await raise(teacher, csc));
    // raised Monday 2 November: stage 1 (one working day) is due Tuesday 3 November, 5pm
    for (const [sweep, at] of [
      ['reminder', '2026-11-03T08:00:00Z'],
      ['overdue', '2026-11-03T17:05:00Z'],
    ] as const) {
      const [a, b] = await Promise.all([
        sweepDeadlines(t.store.db, new Date(at)),
        sweepDeadlines(second.db, new Date(at)),
      ]);
      const queued = await rows(sweep);
      const counted = sweep === 'reminder' ? a.reminders + b.reminders : a.overdue + b.overdue;
      expect(counted).toBe(queued.length);
      expect(new Set(queued.map((r) => r.case_id))).toEqual(new Set(cases));
      const pairs = queued.map((r) => `${r.case_id} ${r.recipient_email}`);
      expect(new Set(pairs).size).toBe(pairs.length);
    }

    const transport = (port: number) => smtpTransport(`smtp://127.0.0.1:${port}`, 'e@test.example');
    const [ta, tb] = [transport(receiver.port), transport(receiver.port)];
    const now = () => new Date('2026-11-03T17:10:00Z');
    const options = { baseUrl: 'http://escalate.test', now, batchSize: 500 };
    await Promise.all([
      deliverDue({ db: t.store.db, transport: ta, ...options }),
      deliverDue({ db: second.db, transport: tb, ...options }),
    ]);
    ta.close?.();
    tb.close?.();
    const sweeps = [...(await rows('reminder')), ...(await rows('overdue'))];
    const received = receiver.received.filter((m) => /Reminder|Overdue/.test(m.subject));
    expect(received).toHaveLength(sweeps.length);
    for (const row of sweeps) {
      const copies = received.filter((m) => m.messageId === messageIdFor(row.idempotency_key));
      expect(copies.map((m) => m.to)).toEqual([row.recipient_email]);
    }
  });
});
