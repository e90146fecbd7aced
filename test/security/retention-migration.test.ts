/**
 * Migration 011 on a record written in chain format 1 (the whole data hashed): it verifies every
 * chain first and refuses, naming the case and changing nothing, if one is broken; otherwise it
 * moves each event's personal part into event_personal and the chain verifies in format 2,
 * every event reading back exactly as it was recorded. On the database DATABASE_URL names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { readEvents, verifyAll } from '../../src/store/event-store.js';
import { formatOneHash, GENESIS } from '../../src/store/hash-chain.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const CHILD = 'Gwendolyn Fictional-Oldformat';
const AT = '2025-03-03T10:00:00.000Z';
let open: { store: Store; database: TestDatabase } | undefined;

afterEach(async () => {
  await open?.store.close();
  await open?.database.destroy();
  open = undefined;
});

/** A database at migration 008 holding two cases recorded in format 1. */
async function formatOneDatabase(options: { breakCase?: string } = {}) {
  const database = await createTestDatabase();
  const store = openStore(database.config);
  open = { store, database };
  await migrateToLatest(store.db, store.dialect, '008-sign-in-back-off');
  const db = store.db;
  await db
    .insertInto('partnerships')
    .values({
      id: 'p1',
      key: 'old',
      name: 'Old Partnership',
      policy_id: 'x',
      calendar: 'england-and-wales',
      created_at: AT,
    } as never)
    .execute();
  await db
    .insertInto('agencies')
    .values({ id: 'a1', partnership_id: 'p1', name: 'School', sector: 'school', created_at: AT })
    .execute();
  await db
    .insertInto('people')
    .values({
      id: 'u1',
      partnership_id: 'p1',
      agency_id: 'a1',
      email: 'u1@example.org',
      name: 'A Teacher',
      role: 'frontline',
      on_board: 0,
      on_executive: 0,
      created_at: AT,
    })
    .execute();
  const recorded: Record<string, object[]> = {};
  for (const [caseId, reference] of [
    ['c1', 'ESC-OLDONE'],
    ['c2', 'ESC-OLDTWO'],
  ] as const) {
    const events = [
      {
        type: 'raised',
        at: AT,
        by: 'u1',
        category: 'communication',
        children: [{ name: CHILD, dateOfBirth: '2019-01-01', childProtectionPlan: false }],
        disagreement: `About ${CHILD}.`,
        immediateRisk: false,
      },
      { type: 'withdrawn', at: AT, by: 'u1', reason: 'Sorted out.' },
    ];
    recorded[caseId] = events;
    await db
      .insertInto('cases')
      .values({
        id: caseId,
        reference,
        partnership_id: 'p1',
        policy_id: 'x',
        policy_version: 1,
        raising_agency_id: 'a1',
        raised_by_id: 'u1',
        category: 'communication',
        immediate_risk: 0,
        status: 'withdrawn',
        stage_number: 1,
        stage_key: 's1',
        version: events.length,
        raised_at: AT,
        closed_at: AT,
        updated_at: AT,
      } as never)
      .execute();
    let prev = GENESIS;
    for (const [i, { type, at, by, ...data }] of events.entries()) {
      const fields = {
        case_id: caseId,
        seq: i + 1,
        type,
        at,
        by_person_id: by,
        data: JSON.stringify(data),
      };
      let hash = formatOneHash(prev, fields);
      if (options.breakCase === caseId && i === 1)
        hash = hash.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      await db
        .insertInto('events')
        .values({ ...fields, prev_hash: prev, hash, recorded_at: at } as never)
        .execute();
      prev = hash;
    }
  }
  return { store, recorded };
}

describe('migration 011 (chain format 2)', () => {
  it('rewrites every event: the personal part moves out, the chain verifies, each event reads as recorded', async () => {
    const { store, recorded } = await formatOneDatabase();
    expect(await migrateToLatest(store.db, store.dialect)).toContain('011-retention');
    expect(await verifyAll(store.db)).toEqual({ ok: true, cases: 2, events: 4 });
    for (const caseId of ['c1', 'c2']) {
      expect(await readEvents(store.db, caseId)).toEqual(recorded[caseId]);
    }
    const kept = await store.db.selectFrom('events').select('data').execute();
    for (const row of kept) expect(row.data).not.toContain('Fictional');
    // the flags stay with the event; the name is held only in event_personal, with a salt
    expect(JSON.parse(kept[0]?.data ?? '{}').children).toEqual([{ childProtectionPlan: false }]);
    const personal = await store.db.selectFrom('event_personal').selectAll().execute();
    expect(personal).toHaveLength(4);
    for (const p of personal) expect(p.salt).toMatch(/^[0-9a-f]{32}$/);
    // and the table is append-only again
    await expect(store.db.deleteFrom('events').execute()).rejects.toThrow(/append-only/);
    await expect(
      store.db.updateTable('events').set({ data: '{}' }).where('case_id', '=', 'c1').execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses to run over a broken chain, naming the case, and changes nothing', async () => {
    const { store } = await formatOneDatabase({ breakCase: 'c2' });
    await expect(migrateToLatest(store.db, store.dialect)).rejects.toThrow(
      /case ESC-OLDTWO \(c2\) is broken: event 2 was changed after it was recorded/,
    );
    const applied = await store.db
      .selectFrom('schema_migrations' as never)
      .select('name' as never)
      .execute();
    expect(applied.map((r) => (r as { name: string }).name)).not.toContain('011-retention');
    const rows = await store.db
      .selectFrom('events')
      .select(['data'])
      .where('seq', '=', 1)
      .execute();
    for (const row of rows) expect(row.data).toContain(CHILD);
    await expect(store.db.selectFrom('event_personal').selectAll().execute()).rejects.toThrow();
    await expect(store.db.deleteFrom('events').execute()).rejects.toThrow(/append-only/);
  });
});
