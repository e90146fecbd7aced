/**
 * kill -9 under load (issue 10): a real `escalate serve` process on the database DATABASE_URL
 * names takes concurrent raise / record-discussion / escalate commands through the JSON API and
 * is killed with SIGKILL at random moments. After each restart every command that got a 2xx is
 * in the record, no half-command is visible and `escalate audit verify` exits 0.
 * `npm run soak` runs the same scenario with 100 kills on each database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { crashRounds } from './support/crash.js';
import { type Raiser, seed } from './support/harness.js';
import { type Receiver, startReceiver } from './support/smtp.js';

const onPostgres = process.env.DATABASE_URL?.startsWith('postgres') ?? false;

describe(`kill -9 under load on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  let database: TestDatabase;
  let raisers: Raiser[];
  let receiver: Receiver;

  beforeAll(async () => {
    database = await createTestDatabase();
    raisers = await seed(database);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await database?.destroy();
  });

  it('loses no acknowledged command and shows no half-command after 5 kills', async () => {
    const report = await crashRounds({
      database,
      raisers,
      kills: 5,
      workers: 8,
      env: { SMTP_URL: receiver.url },
      runFor: [300, 900],
      // each kill after the server acknowledged some work, however loaded the machine
      ackedBeforeKill: 5,
      log: process.env.RELIABILITY_LOG ? (line) => console.log(line) : undefined,
    });
    expect(report.problems).toEqual([]);
    expect(report.auditFailures).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.kills).toBe(5);
    // the kills landed while commands were in flight, and work was acknowledged between them
    expect(report.networkFailures).toBeGreaterThan(0);
    expect(report.acknowledged).toBeGreaterThan(20);
    expect(report.events).toBeGreaterThanOrEqual(report.cases * 2);
  }, 180_000); // only stops a hung run: a loaded 2-core machine takes over a minute
});
