/**
 * A manager's, DSL's or worker's case list, read in index order per team member (migration 015),
 * against the list as one query over everything they may see (the form before it), on the
 * database DATABASE_URL names: the same cases in the same order for every person, filter and
 * limit, before and after commands move the cases on.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoHistory } from '../src/demo/history.js';
import { CaseCommand } from '../src/domain/case/index.js';
import { isPartnershipWide, visibleCaseIds } from '../src/services/access.js';
import { runCommand } from '../src/services/cases/index.js';
import { type CaseListFilters, listCases } from '../src/services/list-cases.js';
import { type Actor, actorById } from '../src/services/people.js';
import { createTestApp, type TestApp } from './support/app.js';
import { DAY, generateHistory, NOW } from './support/history.js';

let t: TestApp;

/** The list as one query over every case the person may see, sorted and cut in SQL. */
async function reference(actor: Actor, filters: CaseListFilters, nowUtc: string) {
  const db = t.store.db;
  let query = db
    .selectFrom('cases')
    .select('id')
    .where('id', 'in', await visibleCaseIds(db, actor));
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.stage !== undefined) query = query.where('stage_number', '=', filters.stage);
  if (filters.overdue === true)
    query = query.where('status', '=', 'open').where('due_at_utc', '<', nowUtc);
  if (filters.overdue === false) {
    query = query.where((eb) =>
      eb.or([eb('due_at_utc', 'is', null), eb('due_at_utc', '>=', nowUtc)]),
    );
  }
  const rows = await query
    .orderBy(sql`case when due_at_utc is null then 1 else 0 end`)
    .orderBy('due_at_utc')
    .orderBy('raised_at', 'desc')
    .orderBy('id')
    .limit(filters.limit ?? 200)
    .execute();
  return rows.map((r) => r.id);
}

async function compareEveryone(now: Date) {
  const deps = { db: t.store.db, now: () => now };
  const filterSets: CaseListFilters[] = [
    {},
    { status: 'open' },
    { status: 'resolved' },
    { overdue: true },
    { overdue: false },
    { stage: 1 },
    { stage: 2, status: 'open' },
  ];
  let compared = 0;
  let nonEmpty = 0;
  for (const person of t.people) {
    const actor = await actorById(t.store.db, person.id);
    if (!actor || isPartnershipWide(actor)) continue;
    for (const filters of filterSets) {
      for (const limit of [1, 3, 10, 200]) {
        const asked = { ...filters, limit };
        const list = (await listCases(deps, actor, asked)).map((c) => c.id);
        expect(list, `${person.email} ${JSON.stringify(asked)}`).toEqual(
          await reference(actor, asked, now.toISOString()),
        );
        compared += 1;
        if (list.length > 0) nonEmpty += 1;
      }
    }
  }
  expect(nonEmpty).toBeGreaterThan(50);
  return compared;
}

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  await loadDemoHistory(t.store.db, NOW);
  await generateHistory(t);
}, 300_000);

afterAll(async () => {
  await t?.app.close();
  await t?.store.close();
  await t?.database.destroy();
});

describe('the case list of everyone but the partnership team, in index order', () => {
  it('has the cases and order of the one-query list, for every person, filter and limit', async () => {
    expect(await compareEveryone(NOW)).toBeGreaterThan(100);
  }, 300_000);

  it('still does after commands change due times, close and reopen cases', async () => {
    const db = t.store.db;
    let clock = NOW.getTime() + DAY;
    const deps = { db, now: () => new Date(clock) };
    const cases = await db
      .selectFrom('cases')
      .select(['id', 'raised_by_id', 'status'])
      .orderBy('raised_at')
      .execute();
    let moved = 0;
    for (const [i, c] of cases.entries()) {
      const actor = await actorById(db, c.raised_by_id);
      if (!actor) continue;
      clock += 3_600_000;
      const command =
        c.status !== 'open'
          ? i % 4 === 0
            ? { type: 'reopen', reason: 'It came back.' }
            : undefined
          : i % 2 === 0
            ? { type: 'escalate', reason: 'Not agreed.' }
            : { type: 'withdraw', reason: 'No longer needed.' };
      if (!command) continue;
      try {
        await runCommand(deps, actor, c.id, CaseCommand.parse(command), 'cli');
        moved += 1;
      } catch {
        // refused at this stage
      }
    }
    expect(moved).toBeGreaterThan(10);
    await compareEveryone(new Date(clock + DAY));
    // the copies equal the cases they were copied from
    const drifted = await db
      .selectFrom('case_participants as p')
      .innerJoin('cases', 'cases.id', 'p.case_id')
      .select('p.case_id')
      .where((eb) =>
        eb.or([
          eb(sql`coalesce(p.due_at_utc, '')`, '!=', sql`coalesce(cases.due_at_utc, '')`),
          eb('p.raised_at', '!=', eb.ref('cases.raised_at')),
        ]),
      )
      .execute();
    expect(drifted).toEqual([]);
  }, 300_000);
});
