/**
 * The dashboard's lists in the order a board reads them (categories, agency pairs), and old
 * records counted as the figures' rules say (a category no longer in the list, a closed case
 * with no outcome recorded), against the generated history (test/support/history.ts) whose
 * answers are worked out from its plans (test/support/expected-figures.ts).
 */
import type { KyselyPlugin, OperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyPairs, partnershipFigures } from '../src/reports/figures/index.js';
import { customPeriod, presetPeriod } from '../src/reports/period.js';
import { fillOutcomeMonths } from '../src/store/migrations/022-outcome-stage-names.js';
import { createTestApp, type TestApp } from './support/app.js';
import { actual, expected, historyScope } from './support/expected-figures.js';
import { AGENCY, agencyId, generateHistory, NOW, PLANS } from './support/history.js';

let t: TestApp;

describe('the dashboard’s lists and old records, from a generated history with known answers', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await generateHistory(t);
  }, 120_000);
  afterAll(async () => t.close());

  const scope = () => historyScope(t);

  it('figures: categories are listed most raised first, and those raised as often by name', async () => {
    const period = presetPeriod('last-quarter', NOW);
    const figures = await partnershipFigures(t.store.db, await scope(), { period }, NOW);
    expect(figures.categories.map((c) => `${c.label}: ${c.count}`)).toEqual([
      'Levels of need: 5',
      'Communication: 2',
      'Progressing plans: 2',
      'Roles and responsibilities: 2',
      'The need for action: 2',
      'Something else: 1',
    ]);
  });

  it('figures: agency pairs are listed most disputed first, then by the raising agency and the other agency, by name', async () => {
    const period = presetPeriod('last-quarter', NOW);
    const figures = await partnershipFigures(t.store.db, await scope(), { period }, NOW);
    expect(
      figures.agencyPairs.map((p) => `${p.raisingAgency} -> ${p.otherAgency}: ${p.count}`),
    ).toEqual([
      `${AGENCY.school} -> ${AGENCY.csc}: 5`,
      `${AGENCY.gp} -> ${AGENCY.csc}: 2`,
      `${AGENCY.gp} -> ${AGENCY.police}: 2`,
      `${AGENCY.school} -> ${AGENCY.police}: 2`,
      `${AGENCY.health} -> ${AGENCY.csc}: 2`,
      `${AGENCY.gp} -> ${AGENCY.health}: 1`,
      `${AGENCY.school} -> ${AGENCY.health}: 1`,
      `${AGENCY.health} -> ${AGENCY.police}: 1`,
    ]);
    expect(figures.agencyPairs[0]).toMatchObject({
      raisingAgencyId: agencyId(t, 'school'),
      otherAgencyId: agencyId(t, 'csc'),
    });
  });

  it('figures: agency pairs ask for the agencies’ names at most 500 at a time, and never with an empty list (PostgreSQL refuses `in ()`)', async () => {
    const period = presetPeriod('last-quarter', NOW);
    const { partnershipId } = await scope();
    // the length of every list of values the queries ask for (`id in (...)`)
    const lists: number[] = [];
    const find = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const kind = (node as OperationNode).kind;
      if (kind === 'PrimitiveValueListNode' || kind === 'ValueListNode')
        lists.push((node as { values: unknown[] }).values.length);
      for (const value of Object.values(node)) find(value);
    };
    const listsSeen: KyselyPlugin = {
      transformQuery: ({ node }) => {
        find(node);
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const db = t.store.db.withPlugin(listsSeen);
    // a period with no cases has no agencies to name
    const empty = customPeriod('2020-01-01', '2020-03-31', NOW);
    expect(await agencyPairs(db, { partnershipId }, { period: empty })).toEqual([]);
    expect(lists).toEqual([]);
    // 520 more agencies disputed with in one case of the period: 525 names to read
    const one = await t.store.db
      .selectFrom('case_agencies')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .where('side', '=', 'other')
      .where('raised_at', '>=', period.from)
      .where('raised_at', '<', period.to)
      .orderBy('raised_at')
      .executeTakeFirstOrThrow();
    const more = Array.from({ length: 520 }, (_, i) => ({
      id: `fictional-agency-${String(i).padStart(3, '0')}`,
      name: `Fictional Agency ${String(i).padStart(3, '0')}`,
    }));
    await t.store.db
      .insertInto('agencies')
      .values(
        more.map((a) => ({
          ...a,
          partnership_id: partnershipId,
          sector: 'health' as const,
          created_at: period.from,
        })),
      )
      .execute();
    try {
      await t.store.db
        .insertInto('case_agencies')
        .values(more.map((a) => ({ ...one, agency_id: a.id })))
        .execute();
      lists.length = 0;
      const pairs = await agencyPairs(db, { partnershipId }, { period });
      expect(pairs.filter((p) => p.otherAgency.startsWith('Fictional Agency'))).toHaveLength(520);
      expect(pairs.every((p) => p.raisingAgency !== '' && p.otherAgency !== '')).toBe(true);
      expect(lists.reduce((n, l) => n + l, 0)).toBe(525);
      expect(lists.every((l) => l > 0 && l <= 500)).toBe(true);
    } finally {
      const ids = more.map((a) => a.id);
      await t.store.db.deleteFrom('case_agencies').where('agency_id', 'in', ids).execute();
      await t.store.db.deleteFrom('agencies').where('id', 'in', ids).execute();
    }
  });

  it('figures: a category no longer in the list, kept in an old record, is counted under its own name', async () => {
    const period = presetPeriod('last-quarter', NOW);
    const { partnershipId } = await scope();
    const old = await t.store.db
      .selectFrom('cases')
      .select(['id', 'category'])
      .where('partnership_id', '=', partnershipId)
      .where('raised_at', '>=', period.from)
      .where('raised_at', '<', period.to)
      .orderBy('raised_at')
      .executeTakeFirstOrThrow();
    const before = await partnershipFigures(t.store.db, { partnershipId }, { period }, NOW);
    // an old record's category is any text: the list's type does not hold it
    const setCategory = (category: string) =>
      t.store.db
        .updateTable('cases')
        .set({ category: category as never })
        .where('id', '=', old.id)
        .execute();
    await setCategory('a-category-since-retired');
    try {
      const figures = await partnershipFigures(t.store.db, { partnershipId }, { period }, NOW);
      const counts = Object.fromEntries(figures.categories.map((c) => [c.category, c.count]));
      const was = Object.fromEntries(before.categories.map((c) => [c.category, c.count]));
      expect(counts).toEqual({
        ...Object.fromEntries(
          Object.entries({ ...was, [old.category]: (was[old.category] ?? 0) - 1 }).filter(
            ([, n]) => n > 0,
          ),
        ),
        'a-category-since-retired': 1,
      });
      expect(figures.categories.find((c) => c.category === 'a-category-since-retired')?.label).toBe(
        'a-category-since-retired',
      );
      expect(figures.totals.raised).toBe(before.totals.raised);
      // counted by name, they are listed the same way: most raised first, then by name
      expect(figures.categories.map((c) => `${c.label}: ${c.count}`)).toEqual([
        'Levels of need: 4',
        'Communication: 2',
        'Progressing plans: 2',
        'Roles and responsibilities: 2',
        'The need for action: 2',
        'a-category-since-retired: 1',
        'Something else: 1',
      ]);
    } finally {
      await setCategory(old.category);
    }
  });

  it('figures: a closed case with no outcome recorded is counted as resolved at its stage, through the roll-ups and counted directly', async () => {
    const period = presetPeriod('last-quarter', NOW);
    const { partnershipId } = await scope();
    // resolved at stage 2 on 19 August (the plan raised on 5 August)
    const old = await t.store.db
      .selectFrom('cases')
      .select(['id', 'outcome'])
      .where('partnership_id', '=', partnershipId)
      .where('raised_at', '>=', '2026-08-05')
      .where('raised_at', '<', '2026-08-06')
      .executeTakeFirstOrThrow();
    expect(old.outcome).toBe('resolved');
    const setOutcome = async (outcome: string | null) => {
      await t.store.db
        .updateTable('cases')
        .set({ outcome: outcome as never })
        .where('id', '=', old.id)
        .execute();
      await fillOutcomeMonths(t.store.db);
    };
    await setOutcome(null);
    try {
      const want = expected(PLANS, Date.parse(period.from), Date.parse(period.to));
      for (const direct of [false, true]) {
        const figures = await partnershipFigures(t.store.db, { partnershipId }, { period }, NOW, {
          direct,
        });
        expect(actual(figures).outcomes).toEqual(want.outcomes);
        expect(figures.outcomes.map((o) => o.outcome)).not.toContain('');
      }
    } finally {
      await setOutcome(old.outcome);
    }
  });

  it('figures, stages: a view filtered by nothing but its period reads the whole months’ ended spells from the monthly roll-up, one asked to count directly reads each spell', async () => {
    const period = presetPeriod('last-quarter', NOW);
    const { partnershipId } = await scope();
    // a row only the roll-up holds: two spells entered in August at a stage no case reached,
    // 2.5 days each, both held to a due time, one ended by it and one after it
    const onlyInRollup = {
      scope: partnershipId,
      month: '2026-08',
      stage_number: 9,
      stage_key: 'rollup-only',
      stage_name: 'A stage only the roll-up holds',
      days_tenths: 25,
      spells: 2,
      timed: 2,
      in_time: 1,
      late: 1,
    };
    await t.store.db.insertInto('stage_spell_months').values(onlyInRollup).execute();
    try {
      const rolledUp = await partnershipFigures(t.store.db, { partnershipId }, { period }, NOW);
      expect(rolledUp.stages.find((s) => s.stage === 9)).toEqual({
        stage: 9,
        key: 'rollup-only',
        name: 'A stage only the roll-up holds',
        entered: 2,
        closed: 2,
        closedWithTimescale: 2,
        closedInTime: 1,
        late: 1,
        timeliness: 0.5,
        medianDays: 2.5,
        p90Days: 2.5,
      });
      const direct = await partnershipFigures(t.store.db, { partnershipId }, { period }, NOW, {
        direct: true,
      });
      expect(direct.stages.map((s) => s.stage)).not.toContain(9);
    } finally {
      await t.store.db
        .deleteFrom('stage_spell_months')
        .where('scope', '=', partnershipId)
        .where('stage_number', '=', 9)
        .execute();
    }
  });

  it('figures: an open case is never counted among the closed, even if its row still holds a closing time', async () => {
    const period = presetPeriod('last-quarter', NOW);
    const { partnershipId } = await scope();
    // still open at stage 1 (the plan raised on 12 August)
    const open = await t.store.db
      .selectFrom('cases')
      .select(['id', 'status', 'closed_at'])
      .where('partnership_id', '=', partnershipId)
      .where('raised_at', '>=', '2026-08-12')
      .where('raised_at', '<', '2026-08-13')
      .executeTakeFirstOrThrow();
    expect(open).toMatchObject({ status: 'open', closed_at: null });
    const setClosedAt = (closedAt: string | null) =>
      t.store.db
        .updateTable('cases')
        .set({ closed_at: closedAt })
        .where('id', '=', open.id)
        .execute();
    await setClosedAt('2026-08-20T09:00:00.000Z');
    try {
      const figures = await partnershipFigures(t.store.db, { partnershipId }, { period }, NOW, {
        direct: true,
      });
      const want = expected(PLANS, Date.parse(period.from), Date.parse(period.to));
      expect([figures.totals.closed, actual(figures).outcomes]).toEqual([
        want.closed,
        want.outcomes,
      ]);
    } finally {
      await setClosedAt(null);
    }
  });
});
