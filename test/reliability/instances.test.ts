/**
 * Several app instances on one PostgreSQL (issue 10): three `escalate serve` processes share a
 * database; commands are spread across them and one is killed (SIGKILL) and started again.
 * No acknowledged write is lost, no event seq is duplicated, the outbox sends each notification
 * once (to a real SMTP receiver) and the deadline sweep queues each reminder once.
 * SQLite is one file for one app process, so this runs only when DATABASE_URL is PostgreSQL.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { createTestDatabase, type TestDatabase, usingPostgres } from '../support/database.js';
import {
  killServer,
  type Raiser,
  type ServerProcess,
  seed,
  sleep,
  startServer,
} from './support/harness.js';
import { auditVerify, checkApi, checkDatabase } from './support/invariants.js';
import { runLoad } from './support/load.js';
import { type Receiver, startReceiver } from './support/smtp.js';

const skipMessage =
  'several instances need PostgreSQL: set DATABASE_URL=postgres://... to run this (SQLite serves one app process)';

describe.skipIf(!usingPostgres())(
  `three instances on one PostgreSQL${usingPostgres() ? '' : ` (skipped: ${skipMessage})`}`,
  () => {
    let database: TestDatabase;
    let raisers: Raiser[];
    let receiver: Receiver;
    const servers: ServerProcess[] = [];

    beforeAll(async () => {
      database = await createTestDatabase();
      raisers = await seed(database);
      receiver = await startReceiver();
      for (let i = 0; i < 3; i++)
        servers.push(await startServer(database, { SMTP_URL: receiver.url }));
    });
    afterAll(async () => {
      for (const server of servers) await killServer(server);
      await receiver?.close();
      await database?.destroy();
    });

    const withStore = async <T>(work: (store: ReturnType<typeof openStore>) => Promise<T>) => {
      const store = openStore(database.config);
      try {
        return await work(store);
      } finally {
        await store.close();
      }
    };

    /**
     * Waits until every outbox row is sent. The instances' jobs tick every 5 s (the default), so
     * no delivery is under way when the first test kills one: a send cut off by kill -9 would
     * be held by its lease for two minutes. Raising and escalating tell both sides, so some 250
     * e-mails go out, 20 per instance per tick.
     */
    async function allSent(timeoutMs: number): Promise<number> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const rows = await withStore((store) =>
          store.db.selectFrom('outbox').select(['status']).execute(),
        );
        if (rows.length > 0 && rows.every((r) => r.status === 'sent')) return rows.length;
        if (Date.now() > until) throw new Error(`outbox not delivered: ${JSON.stringify(rows)}`);
        await sleep(500);
      }
    }

    it('spreads commands across instances, survives one being killed, loses nothing', async () => {
      let stopped = false;
      let next = 0;
      const alive = new Set(servers.map((_, i) => i));
      const load = runLoad({
        raisers,
        workers: 9,
        survive: true,
        stop: () => stopped,
        pick: () => {
          const live = [...alive];
          return (servers[live[next++ % live.length] as number] as ServerProcess).base;
        },
      });
      await sleep(800);
      alive.delete(1);
      await killServer(servers[1] as ServerProcess);
      servers[1] = await startServer(
        database,
        { SMTP_URL: receiver.url },
        (servers[1] as ServerProcess).port,
      );
      alive.add(1);
      await sleep(800);
      stopped = true;
      const result = await load;

      expect(result.unexpected).toEqual([]);
      expect(result.acks.length).toBeGreaterThan(20);
      const check = await checkDatabase(database, result.acks);
      expect(check.problems).toEqual([]);
      const duplicateSeqs = await withStore(async (store) =>
        sql<{ n: number }>`select count(*)::int as n from (select case_id, seq from events
        group by case_id, seq having count(*) > 1) d`.execute(store.db),
      );
      expect(duplicateSeqs.rows[0]?.n).toBe(0);
      for (const server of servers)
        expect(await checkApi(server.base, raisers, result.acks.slice(0, 30))).toEqual([]);
      expect((await auditVerify(database)).code).toBe(0);
    });

    it('sends each notification once, though three instances deliver the outbox', async () => {
      const rows = await allSent(60_000);
      expect(receiver.duplicates()).toEqual([]);
      expect(receiver.received.length).toBe(rows);
    }, 90_000);

    it('queues each deadline reminder once, though three instances sweep', async () => {
      const open = await withStore(async (store) => {
        const some = await store.db
          .selectFrom('cases')
          .select('id')
          .where('status', '=', 'open')
          .limit(8)
          .execute();
        // bring their reminder time to now, as the morning of the day they fall due would
        await store.db
          .updateTable('cases')
          .set({ remind_at_utc: new Date(Date.now() - 60_000).toISOString() })
          .where(
            'id',
            'in',
            some.map((c) => c.id),
          )
          .execute();
        return some;
      });
      const until = Date.now() + 20_000;
      for (;;) {
        const reminded = await withStore((store) =>
          store.db
            .selectFrom('cases')
            .select('id')
            .whereRef('reminded_for', '=', 'due_at_utc')
            .execute(),
        );
        if (reminded.length === open.length) break;
        if (Date.now() > until) throw new Error(`${reminded.length} of ${open.length} reminded`);
        await sleep(500);
      }
      const total = await allSent(60_000);
      const reminders = await withStore((store) =>
        store.db
          .selectFrom('outbox')
          .select(['case_id', 'recipient_email', 'idempotency_key'])
          .where('rule_key', '=', 'reminder')
          .execute(),
      );
      const casesReminded = new Set(reminders.map((r) => r.case_id));
      expect(casesReminded.size).toBe(open.length);
      const perRecipient = new Set(reminders.map((r) => `${r.case_id} ${r.recipient_email}`));
      expect(perRecipient.size).toBe(reminders.length);
      expect(receiver.duplicates()).toEqual([]);
      expect(receiver.received.length).toBe(total);
    }, 120_000);
  },
);
