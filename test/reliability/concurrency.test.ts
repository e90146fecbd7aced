/**
 * Concurrency (issue 10) against a real `escalate serve` process on the database DATABASE_URL
 * names: two people acting on one case at once (the same expectedVersion): exactly one wins,
 * the other gets 409 with a detail they can act on, and the case shows the winner's change.
 * A burst of 50 raises at once, while another process writes to the same database, has no
 * deadlock and no "database is locked" reaching anyone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPeople } from '../../src/services/people.js';
import { createToken } from '../../src/services/tokens.js';
import { openStore, type Store } from '../../src/store/database.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import {
  killServer,
  type Raiser,
  type ServerProcess,
  seed,
  startServer,
} from './support/harness.js';
import { api, discussionBody, escalateBody, raiseBody } from './support/load.js';

const onPostgres = process.env.DATABASE_URL?.startsWith('postgres') ?? false;
const LOCKED = /database is locked|SQLITE_BUSY|deadlock/i;

describe(`concurrent commands on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  let database: TestDatabase;
  let raisers: Raiser[];
  let server: ServerProcess;
  let store: Store;

  beforeAll(async () => {
    database = await createTestDatabase();
    raisers = await seed(database);
    server = await startServer(database, { SMTP_URL: 'smtp://127.0.0.1:1' });
    store = openStore(database.config);
  });
  afterAll(async () => {
    if (server) await killServer(server);
    await store?.close();
    await database?.destroy();
  });

  /** A token for the first holder of the stage on the other side: the second person. */
  async function otherSide(holders: { other: string[] }): Promise<string> {
    const person = (await listPeople(store.db)).find((p) => p.id === holders.other[0]);
    if (!person) throw new Error('the case has no holder on the other side');
    return createToken(store.db, person.email, new Date().toISOString());
  }

  it('two people acting on one case at once: one wins, the other is told, nothing is lost', async () => {
    const raiser = raisers[0] as Raiser;
    for (let round = 0; round < 8; round++) {
      const raised = await api(
        server.base,
        raiser.token,
        'POST',
        '/api/v1/cases',
        raiseBody(raiser.otherAgencyId),
      );
      expect(raised.status).toBe(201);
      const path = `/api/v1/cases/${raised.body.id}/commands`;
      const version = raised.body.version as number;
      const other = await otherSide(
        (raised.body.stage as { holders: { other: string[] } }).holders,
      );
      // the raiser escalates while the other side records a discussion, from the same version
      const [escalated, discussed] = await Promise.all([
        api(server.base, raiser.token, 'POST', path, escalateBody(version)),
        api(server.base, other, 'POST', path, discussionBody(version)),
      ]);
      const statuses = [escalated.status, discussed.status].sort();
      expect(statuses).toEqual([200, 409]);
      const [winner, loser] =
        escalated.status === 200 ? [escalated, discussed] : [discussed, escalated];
      expect(loser.body.detail).toMatch(/Someone else changed this case.*Reload it/);
      expect(loser.body.currentVersion).toBe(winner.body.version);
      const now = await api(server.base, raiser.token, 'GET', `/api/v1/cases/${raised.body.id}`);
      expect(now.body.version).toBe(winner.body.version);
      expect(now.body.record).toEqual(winner.body.record);
      const types = (now.body.record as { type: string }[]).map((e) => e.type);
      expect(types.slice(2)).toEqual(
        winner === escalated ? ['stage-entered'] : ['discussion-recorded'],
      );
    }
  });

  it('a burst of 50 raises, then 50 commands, while another process writes: no lock errors', async () => {
    let writing = true;
    let writes = 0;
    // another process writing to the same database, as an administrator's CLI command would
    const writer = (async () => {
      while (writing) {
        await createToken(store.db, (raisers[0] as Raiser).email, new Date().toISOString());
        writes++;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const raised = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const raiser = raisers[i % raisers.length] as Raiser;
        return api(
          server.base,
          raiser.token,
          'POST',
          '/api/v1/cases',
          raiseBody(raiser.otherAgencyId),
        );
      }),
    );
    const commanded = await Promise.all(
      raised.map((answer, i) =>
        api(
          server.base,
          (raisers[i % raisers.length] as Raiser).token,
          'POST',
          `/api/v1/cases/${answer.body.id}/commands`,
          discussionBody(answer.body.version as number),
        ),
      ),
    );
    writing = false;
    await writer;
    expect(writes).toBeGreaterThan(5);
    expect(raised.map((a) => a.status)).toEqual(raised.map(() => 201));
    expect(commanded.map((a) => a.status)).toEqual(commanded.map(() => 200));
    expect(new Set(raised.map((a) => a.body.id)).size).toBe(50);
    expect(server.output()).not.toMatch(LOCKED);
  });
});
