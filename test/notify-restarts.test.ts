/**
 * "The app restarted at random moments and the mail server switched off and on: every
 * notification arrives once." The real server process (`escalate serve`, compiled: run
 * `npm run build` first) on a test database (DATABASE_URL), mail to a local SMTP receiver;
 * cases raised and escalated through the API while the process is killed with SIGKILL at random
 * moments and the mail server is stopped and started. In the end every queued notification has
 * arrived, at its recipient; a second copy (same Message-ID) is allowed only where a kill can
 * have fallen between sending and marking sent: at most one per kill (docs/operations.md).
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageIdFor } from '../src/notify/transports.js';
import { loadPresets } from '../src/policies/index.js';
import { loadDemo } from '../src/services/demo.js';
import { listPeople, type PersonSummary } from '../src/services/people.js';
import { prepareStore } from '../src/services/setup.js';
import { openStore, type Store } from '../src/store/database.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { escalate, freePort, startProcess, stopProcess } from './support/process.js';
import { type ReceivedMail, type Receiver, startReceiver } from './support/smtp-receiver.js';

let database: TestDatabase;
let store: Store;
let receiver: Receiver | undefined;
const received: ReceivedMail[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so after ${ms} ms`);
    await sleep(100);
  }
}

describe('restarts and a mail server switched off and on', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await receiver?.stop();
    await store?.close();
    await database.destroy();
  });

  it('every queued notification arrives once', { timeout: 90_000 }, async () => {
    const base = { DATABASE_URL: database.url, NODE_ENV: 'test', LOG_LEVEL: 'warn' };
    store = openStore(database.config);
    await prepareStore(store);
    await loadDemo(store.db, loadPresets(), {
      withPasswords: false,
      now: new Date().toISOString(),
    });
    const people = await listPeople(store.db);
    const teacher = people.find(
      (p) => p.role === 'frontline' && p.agency?.name === 'Hillcrest Primary School',
    ) as PersonSummary;
    const csc = people.find((p) => p.agency?.name === "Bromley Children's Social Care (demo)")
      ?.agency?.id as string;
    const token = (
      await escalate(['token', 'create', '--email', teacher.email], base)
    ).stdout.trim();

    receiver = await startReceiver(0, 20, received);
    const smtpPort = receiver.port;
    const port = await freePort();
    const env = {
      ...base,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      JOB_INTERVAL_MS: '100',
      OUTBOX_LEASE_SECONDS: '2',
      OUTBOX_SEND_DEADLINE_SECONDS: '1',
      OUTBOX_RETRY_SECONDS: '1',
    };
    const url = `http://127.0.0.1:${port}/api/v1`;
    const start = async () =>
      (
        await startProcess(
          process.execPath,
          ['bin/escalate.js', 'serve', '--port', String(port)],
          env,
          /Escalate is running/,
          20_000,
        )
      ).child;

    const post = async (path: string, body: object) => {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as { id: string; version: number };
    };
    /** raises a case with a child at immediate risk on a plan, and escalates it to stage 3 */
    const work = async (n: number) => {
      let view = await post('/cases', {
        children: [
          {
            name: `Child ${n} (fictional)`,
            childProtectionPlan: true,
            lookedAfter: false,
            cpChairEmail: `cp-chair-${n}@csc-demo.example`,
          },
        ],
        agencies: [csc],
        category: 'need-for-action',
        disagreement: 'The referral was closed although the concerns continue.',
        evidence: { nature: 'Disclosure', source: 'Class teacher' },
        actionsToDate: 'Phoned the duty team.',
        outcomeSought: 'A strategy discussion.',
        immediateRisk: true,
      });
      for (let stage = 2; stage <= 3; stage++) {
        view = await post(`/cases/${view.id}/commands`, {
          type: 'escalate',
          expectedVersion: view.version,
          reason: 'Not resolved.',
        });
      }
    };

    let kills = 0;
    let child: ChildProcess = await start();
    for (let round = 0; round < 3; round++) {
      if (round === 1) await receiver.stop(); // the mail server goes off...
      if (round === 2) {
        // Before the mail server comes back, make sure something really waited for it: work
        // done while it is off (the burst above may have been killed before it queued anything
        // on a loaded machine) is queued, tried, and left to retry.
        await work(50);
        await until(async () => {
          const row = await store?.db
            .selectFrom('outbox')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('status', '=', 'retrying')
            .executeTakeFirstOrThrow();
          return Number(row?.n) > 0;
        }, 20_000);
        receiver = await startReceiver(smtpPort, 20, received); // ...and on
      }
      // a burst of work, killed part-way through at a random moment
      const burst = Promise.allSettled([0, 1, 2].map((i) => work(round * 3 + i)));
      await sleep(150 + Math.floor(Math.random() * 400));
      await stopProcess(child, 'SIGKILL');
      kills++;
      await burst;
      child = await start();
    }
    await Promise.allSettled([work(100), work(101)]);

    // wait until nothing is left to send
    const deadline = Date.now() + 20_000;
    let pending = 1;
    while (pending > 0 && Date.now() < deadline) {
      await sleep(200);
      const row = await store.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('status', 'in', ['queued', 'retrying'])
        .executeTakeFirstOrThrow();
      pending = Number(row.n);
    }
    await stopProcess(child);

    const rows = await store.db.selectFrom('outbox').selectAll().execute();
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.filter((r) => r.status !== 'sent').map((r) => [r.status, r.last_error])).toEqual(
      [],
    );
    let extraCopies = 0;
    for (const row of rows) {
      const copies = received.filter((m) => m.messageId === messageIdFor(row.idempotency_key));
      expect(copies.length, row.idempotency_key).toBeGreaterThanOrEqual(1);
      expect(new Set(copies.map((m) => m.to))).toEqual(new Set([row.recipient_email]));
      extraCopies += copies.length - 1;
    }
    expect(extraCopies).toBeLessThanOrEqual(kills);
    const known = new Set(rows.map((r) => messageIdFor(r.idempotency_key)));
    expect(received.filter((m) => !known.has(m.messageId))).toEqual([]);
    // the mail server really was off for a while: some notifications waited and were retried
    expect(rows.some((r) => r.attempts > 1)).toBe(true);
  });
});
