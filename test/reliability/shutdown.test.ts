/**
 * Graceful shutdown (issue 10) of a real `escalate serve` process on the database DATABASE_URL
 * names: on SIGTERM the requests in flight all get their answers, the outbox tick in progress
 * finishes and releases its leases, the process exits 0, and the next start sends what was
 * left in the outbox, each notification once.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { stopProcess } from '../support/process.js';
import {
  killServer,
  type Raiser,
  type ServerProcess,
  seed,
  sleep,
  startServer,
} from './support/harness.js';
import { api, escalateBody, raiseBody } from './support/load.js';
import { type Receiver, startReceiver } from './support/smtp.js';

const onPostgres = process.env.DATABASE_URL?.startsWith('postgres') ?? false;

/**
 * A raise over its own connection, sent as a slow client sends it: the headers and half the
 * body now, the rest when `finish()` is called. The server has the request in hand (in flight)
 * from the moment it reads the headers.
 */
function slowRaise(port: number, raiser: Raiser) {
  const body = JSON.stringify(raiseBody(raiser.otherAgencyId));
  const half = Math.floor(body.length / 2);
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/v1/cases',
    agent: false,
    headers: {
      authorization: `Bearer ${raiser.token}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  });
  const answer = new Promise<number>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
  });
  req.write(body.slice(0, half));
  return { answer, finish: () => req.end(body.slice(half)) };
}

describe(`graceful shutdown on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  let database: TestDatabase;
  let raisers: Raiser[];
  let receiver: Receiver;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    raisers = await seed(database);
    // slow enough that a delivery tick is under way at SIGTERM; raising now tells the other
    // agency and each escalation both sides' holders, so some 170 e-mails go out in all
    receiver = await startReceiver({ delayMs: 40 });
  });
  afterAll(async () => {
    if (server) await killServer(server);
    await receiver?.close();
    await database?.destroy();
  });

  const outbox = async () => {
    const store = openStore(database.config);
    try {
      return await store.db.selectFrom('outbox').select(['status', 'leased_until']).execute();
    } finally {
      await store.close();
    }
  };

  it('answers every request in flight, finishes the outbox tick, and resumes on the next start', async () => {
    // debug logs: the test sees each request arrive ("received")
    server = await startServer(database, { SMTP_URL: receiver.url, LOG_LEVEL: 'debug' });
    const { base, port } = server;
    // before the jobs' next tick (5 s after the one at start): more than one tick sends (20)
    const raiser = raisers[0] as Raiser;
    for (let i = 0; i < 24; i++) {
      const raised = await api(
        base,
        raiser.token,
        'POST',
        '/api/v1/cases',
        raiseBody(raiser.otherAgencyId),
      );
      await api(
        base,
        raiser.token,
        'POST',
        `/api/v1/cases/${raised.body.id}/commands`,
        escalateBody(raised.body.version as number),
      );
    }
    const queued = (await outbox()).length;
    expect(queued).toBeGreaterThan(20);
    // a delivery tick is under way (slowly: the receiver takes 40 ms a message) ...
    while (receiver.received.length === 0) await sleep(50);
    // ... when a burst of requests arrives; once the server has taken them all in, SIGTERM
    const logged = server.output().length;
    const received = () =>
      (
        server
          ?.output()
          .slice(logged)
          .match(/"method":"POST","route":"\/api\/v1\/cases"[^\n]*"msg":"received"/g) ?? []
      ).length;
    const burst = Array.from({ length: 20 }, (_, i) =>
      slowRaise(port, raisers[i % raisers.length] as Raiser),
    );
    while (received() < burst.length) await sleep(5);
    const exit = stopProcess(server.child, 'SIGTERM');
    await sleep(300); // the server is closing: it takes no new connection ...
    expect((await api(base, raiser.token, 'GET', '/api/v1/cases')).status).not.toBe(200);
    for (const r of burst) r.finish(); // ... but finishes every request it has in hand
    const statuses = await Promise.all(burst.map((r) => r.answer));
    expect(statuses).toEqual(burst.map(() => 201));
    expect(await exit).toEqual({ code: 0, signal: null });
    server = undefined;

    const after = await outbox();
    expect(after.filter((row) => row.leased_until !== null)).toEqual([]);
    const left = after.filter((row) => row.status !== 'sent').length;
    expect(left).toBeGreaterThan(0);
    expect(receiver.received.length).toBe(after.length - left);

    // ticks close together, so the 100 or so e-mails left go out in seconds; the time-out only
    // stops a hung outbox, generous so a loaded machine (CI runs both databases at once)
    // cannot fail a sound one
    server = await startServer(database, { SMTP_URL: receiver.url, JOB_INTERVAL_MS: '500' });
    const until = Date.now() + 90_000;
    while ((await outbox()).some((row) => row.status !== 'sent')) {
      if (Date.now() > until)
        throw new Error(
          `the outbox did not resume after the restart: ${JSON.stringify((await outbox()).map((r) => r.status))}`,
        );
      await sleep(500);
    }
    expect(receiver.duplicates()).toEqual([]);
    expect(receiver.received.length).toBe(after.length);
  }, 150_000);
});
