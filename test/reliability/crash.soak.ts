/**
 * `npm run soak`: the kill -9 scenario of crash.test.ts at length, on SQLite and then on
 * PostgreSQL (SOAK_POSTGRES_URL, else DATABASE_URL when it is PostgreSQL, else the local
 * server at postgres://postgres@127.0.0.1:5432/test; skipped with a message when none answers).
 * SOAK_KILLS sets the kills per database (default 100).
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { crashRounds } from './support/crash.js';
import { seed } from './support/harness.js';
import { startReceiver } from './support/smtp.js';

const KILLS = Number(process.env.SOAK_KILLS ?? 100);
const POSTGRES =
  process.env.SOAK_POSTGRES_URL ??
  (process.env.DATABASE_URL?.startsWith('postgres')
    ? process.env.DATABASE_URL
    : 'postgres://postgres@127.0.0.1:5432/test');

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** A fresh database of the kind asked for (the test support reads DATABASE_URL). */
async function databaseOf(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = kind === 'postgres' ? POSTGRES : '';
  try {
    return await createTestDatabase();
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

const hasPostgres = await postgresAnswers();

for (const kind of ['sqlite', 'postgres'] as const) {
  const skip = kind === 'postgres' && !hasPostgres;
  describe.skipIf(skip)(
    `soak: ${KILLS} kills on ${kind}${skip ? ` (skipped: no PostgreSQL answers at ${POSTGRES})` : ''}`,
    () => {
      it('loses no acknowledged command and shows no half-command', async () => {
        const database = await databaseOf(kind);
        const receiver = await startReceiver();
        const started = Date.now();
        try {
          const raisers = await seed(database);
          const report = await crashRounds({
            database,
            raisers,
            kills: KILLS,
            workers: 8,
            env: { SMTP_URL: receiver.url },
            runFor: [200, 2000],
            ackedBeforeKill: 3,
            apiEvery: 10,
            log: (line) => {
              if (/^kill \d*0:/.test(line)) console.log(`[${kind}] ${line}`);
            },
          });
          console.log(
            `[${kind}] ${report.kills} kills in ${Math.round((Date.now() - started) / 1000)} s: ` +
              `${report.acknowledged} acknowledged commands checked after every kill, ` +
              `${report.networkFailures} requests cut off by a kill, ${report.cases} cases, ` +
              `${report.events} events, ${report.problems.length} problems, ` +
              `${report.auditFailures.length} audit failures, ${report.unexpected.length} unexpected answers`,
          );
          expect(report.problems).toEqual([]);
          expect(report.auditFailures).toEqual([]);
          expect(report.unexpected).toEqual([]);
          expect(report.kills).toBe(KILLS);
        } finally {
          await receiver.close();
          await database.destroy();
        }
      });
    },
  );
}
