import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabase, type Store } from '../src/store/database.js';
import { appendEvents, readEvents, verifyCase } from '../src/store/event-store.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createTestStore, destroyTestStore, type TestDatabase } from './support/database.js';

describe(`store on ${process.env.DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: { store: Store; database: TestDatabase };
  beforeAll(async () => {
    t = await createTestStore();
  });
  afterAll(async () => destroyTestStore(t));

  it('answers the readiness check', async () => {
    await expect(checkDatabase(t.store.db)).resolves.toBeUndefined();
  });

  it('migrates up, and a second run applies nothing', async () => {
    const tables = (await t.store.db.introspection.getTables()).map((table) => table.name);
    expect(tables).toEqual(
      expect.arrayContaining(['partnerships', 'agencies', 'people', 'events']),
    );
    expect(await migrateToLatest(t.store.db, t.store.dialect)).toEqual([]);
  });

  it('holds no one after migrating: no default, shared or built-in account (ASVS V2.5.4)', async () => {
    const { db } = t.store;
    for (const table of ['people', 'api_tokens', 'sessions', 'second_factors'] as const) {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(row.n), table).toBe(0);
    }
  });

  it('refuses UPDATE and DELETE on the events table', async () => {
    const { db } = t.store;
    await db
      .insertInto('events')
      .values({
        case_id: 'case-1',
        seq: 1,
        type: 'raised',
        at: '2026-11-02T09:00:00.000Z',
        by_person_id: 'person-1',
        data: '{}',
        prev_hash: '',
        hash: 'h1',
        recorded_at: '2026-11-02T09:00:00.000Z',
      })
      .execute();
    await expect(
      db
        .updateTable('events')
        .set({ data: '{"edited":true}' })
        .where('case_id', '=', 'case-1')
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('events').where('case_id', '=', 'case-1').execute()).rejects.toThrow(
      /append-only/,
    );
    const row = await db
      .selectFrom('events')
      .selectAll()
      .where('case_id', '=', 'case-1')
      .executeTakeFirst();
    expect(row?.data).toBe('{}');
    if (t.store.dialect === 'postgres') {
      await expect(sql`truncate events`.execute(db)).rejects.toThrow(/append-only/);
    }
  });

  it('the record: appending after an event that is not there is refused, naming it; appending nothing writes nothing', async () => {
    const { db } = t.store;
    const at = '2026-11-02T09:00:00.000Z';
    await appendEvents(db, 'case-2', 0, [{ type: 'raised', at, by: 'person-1' }], at);
    await expect(
      appendEvents(db, 'case-2', 3, [{ type: 'withdrawn', at, by: 'person-1' }], at),
    ).rejects.toThrow('event 3 of case case-2 is missing');
    expect(await appendEvents(db, 'case-2', 1, [], at)).toEqual([]);
    expect(await readEvents(db, 'case-2')).toEqual([{ type: 'raised', at, by: 'person-1' }]);
    expect(await verifyCase(db, 'case-2')).toEqual({ ok: true, events: 1 });
  });

  it("the record: a command's events are appended after the case's last, numbered on from it and chained to it", async () => {
    const { db } = t.store;
    const at = '2026-11-02T09:00:00.000Z';
    const [first] = await appendEvents(db, 'case-3', 0, [{ type: 'raised', at, by: 'p' }], at);
    const added = await appendEvents(
      db,
      'case-3',
      1,
      [
        { type: 'note-added', at, by: 'p' },
        { type: 'withdrawn', at, by: 'p' },
      ],
      at,
    );
    expect(added.map((row) => row.seq)).toEqual([2, 3]);
    expect(added[0]?.prev_hash).toBe(first?.hash);
    expect(added[1]?.prev_hash).toBe(added[0]?.hash);
    expect(await verifyCase(db, 'case-3')).toEqual({ ok: true, events: 3 });
  });
});
