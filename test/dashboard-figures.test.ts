/**
 * The dashboard's figures against a generated set of cases whose answers are worked out here,
 * from the plan that generated them (test/support/history.ts), not by the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnershipFigures } from '../src/reports/figures/index.js';
import { customPeriod, presetPeriod } from '../src/reports/period.js';
import { CATEGORY_LABELS } from '../src/words.js';
import { createTestApp, type TestApp } from './support/app.js';
import {
  AGENCY,
  type Agency,
  agencyId,
  DAY,
  generateHistory,
  NOW,
  PLANS,
  type Plan,
  timeline,
} from './support/history.js';

let t: TestApp;

function expected(plans: Plan[], from: number, to: number) {
  const inPeriod = (ms: number | null) => ms !== null && ms >= from && ms < to;
  const raised = plans.filter((p) => inPeriod(timeline(p).raisedAt));
  const perStage = new Map<
    number,
    { entered: number; late: number; closed: number; inTime: number; days: number[] }
  >();
  for (const plan of plans) {
    for (const s of timeline(plan).stages) {
      if (!inPeriod(s.entered)) continue;
      const entry = perStage.get(s.stage) ?? {
        entered: 0,
        late: 0,
        closed: 0,
        inTime: 0,
        days: [],
      };
      entry.entered += 1;
      if (s.late) entry.late += 1;
      if (s.ended !== null) {
        entry.closed += 1;
        if (!s.late) entry.inTime += 1;
        entry.days.push(Math.round(((s.ended - s.entered) / DAY) * 10) / 10);
      }
      perStage.set(s.stage, entry);
    }
  }
  const nearestRank = (values: number[], p: number) => {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.ceil((p / 100) * sorted.length) - 1];
  };
  const pairs = new Map<string, number>();
  for (const plan of raised) {
    for (const other of plan.against) {
      const key = `${AGENCY[plan.from]} -> ${AGENCY[other]}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
  }
  const categories = new Map<string, number>();
  for (const plan of raised)
    categories.set(plan.category, (categories.get(plan.category) ?? 0) + 1);
  const closedIn = plans.filter((p) => inPeriod(timeline(p).closedAt));
  const outcomes = new Map<string, number>();
  for (const plan of closedIn) {
    const stage = plan.steps.length;
    const key =
      plan.end === 'chair'
        ? 'chair-decision'
        : `${plan.end === 'resolve' ? 'resolved' : 'withdrawn'} ${stage}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }
  return {
    raised: raised.length,
    immediateRisk: raised.filter((p) => p.immediateRisk).length,
    closed: closedIn.length,
    stages: [...perStage.entries()]
      .sort(([a], [b]) => a - b)
      .map(([stage, e]) => ({
        stage,
        entered: e.entered,
        closed: e.closed,
        late: e.late,
        timeliness: e.closed === 0 ? null : e.inTime / e.closed,
        medianDays: nearestRank(e.days, 50),
        p90Days: nearestRank(e.days, 90),
      })),
    pairs: Object.fromEntries(pairs),
    categories: Object.fromEntries(categories),
    outcomes: Object.fromEntries(outcomes),
  };
}

describe('dashboard figures from a generated history with known answers', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await generateHistory(t);
  }, 120_000);
  afterAll(async () => t.close());

  const partnership = () => t.person('frontline', AGENCY.school).partnership;
  const scope = async () => {
    const row = await t.store.db
      .selectFrom('partnerships')
      .select('id')
      .where('key', '=', partnership())
      .executeTakeFirst();
    return { partnershipId: row?.id ?? partnership() };
  };

  function actual(figures: Awaited<ReturnType<typeof partnershipFigures>>) {
    return {
      raised: figures.totals.raised,
      immediateRisk: figures.totals.immediateRisk,
      closed: figures.totals.closed,
      stages: figures.stages.map((s) => ({
        stage: s.stage,
        entered: s.entered,
        closed: s.closed,
        late: s.late,
        timeliness: s.timeliness,
        medianDays: s.medianDays,
        p90Days: s.p90Days,
      })),
      pairs: Object.fromEntries(
        figures.agencyPairs.map((p) => [`${p.raisingAgency} -> ${p.otherAgency}`, p.count]),
      ),
      categories: Object.fromEntries(figures.categories.map((c) => [c.category, c.count])),
      outcomes: Object.fromEntries(
        figures.outcomes.map((o) => [
          o.outcome === 'chair-decision' ? o.outcome : `${o.outcome} ${o.stage}`,
          o.count,
        ]),
      ),
    };
  }

  it('last quarter: raised, closed, per stage (late, timeliness, median and p90 days), pairs, categories, outcomes', async () => {
    const period = presetPeriod('last-quarter', NOW);
    expect(period.label).toBe('1 July 2026 to 30 September 2026');
    const figures = await partnershipFigures(t.store.db, await scope(), { period }, NOW);
    const want = expected(PLANS, Date.parse(period.from), Date.parse(period.to));
    expect(actual(figures)).toEqual(want);
    // the total of late stage spells is the stages' own, spell by spell
    const late = want.stages.reduce((n, s) => n + s.late, 0);
    expect(late).toBeGreaterThan(1);
    expect(figures.totals.lateStages).toBe(late);
    // "how many escalations reached stage 3 last quarter": six plans enter stage 3 in July to September
    expect(figures.stages.find((s) => s.stage === 3)?.entered).toBe(6);
  });

  it('open and overdue now, from the open plans', async () => {
    const figures = await partnershipFigures(
      t.store.db,
      await scope(),
      { period: presetPeriod('last-12-months', NOW) },
      NOW,
    );
    const open = PLANS.filter((p) => p.end === 'open');
    const byStage = new Map<number, number>();
    for (const plan of open) {
      const stage = Math.max(plan.steps.length, 1);
      byStage.set(stage, (byStage.get(stage) ?? 0) + 1);
    }
    expect(Object.fromEntries(figures.openByStage.map((s) => [s.stage, s.count]))).toEqual(
      Object.fromEntries(byStage),
    );
    // every open case is overdue but the one raised an hour ago
    expect(figures.overdue.count).toBe(open.length - 1);
    expect(figures.overdue.cases).toHaveLength(open.length - 1);
    const dues = figures.overdue.cases.map((c) => Date.parse(c.dueAt));
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    expect(figures.totals.openNow).toBe(open.length);
    // each overdue case says who raised it and about what, in words, and the stage it is at
    expect(figures.overdue.cases.map((c) => `${c.raisingAgency}: ${c.category}`).sort()).toEqual(
      open
        .filter((p) => p.steps.length > 0)
        .map((p) => `${AGENCY[p.from]}: ${CATEGORY_LABELS[p.category]}`)
        .sort(),
    );
    const stageNames = figures.openByStage.map((s) => s.name);
    for (const c of figures.overdue.cases) {
      expect(stageNames).toContain(c.stageName);
      expect(c.reference).toMatch(/^ESC-/);
    }
  });

  it('raised per month covers every month of the period, empty ones too', async () => {
    const period = customPeriod('2026-05-01', '2026-09-30', NOW);
    const figures = await partnershipFigures(t.store.db, await scope(), { period }, NOW);
    const perMonth = (month: string) =>
      PLANS.filter((p) => p.steps.length > 0 && p.raised.startsWith(month));
    expect(figures.raisedPerMonth.map((m) => [m.month, m.total, m.immediateRisk])).toEqual(
      ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09'].map((m) => [
        m,
        perMonth(m).length,
        perMonth(m).filter((p) => p.immediateRisk).length,
      ]),
    );
  });

  it.each([
    [
      'an agency',
      (p: Plan) => p.from === 'gp' || p.against.includes('gp'),
      { agency: 'gp' as Agency },
    ],
    [
      'a sector',
      (p: Plan) => p.from === 'police' || p.against.includes('police'),
      { sector: 'police' },
    ],
    ['a category', (p: Plan) => p.category === 'levels-of-need', { category: 'levels-of-need' }],
    ['reached stage 3', (p: Plan) => p.steps.length >= 3, { reachedStage: 3 }],
  ] as const)(
    'filtered by %s, every figure counts only the matching cases',
    async (_, keep, filter) => {
      const period = presetPeriod('last-quarter', NOW);
      const filters = {
        period,
        ...('agency' in filter ? { agencyId: agencyId(t, filter.agency) } : {}),
        ...('sector' in filter ? { sector: filter.sector as never } : {}),
        ...('category' in filter ? { category: filter.category as never } : {}),
        ...('reachedStage' in filter ? { reachedStage: filter.reachedStage } : {}),
      };
      const figures = await partnershipFigures(t.store.db, await scope(), filters, NOW);
      expect(actual(figures)).toEqual(
        expected(PLANS.filter(keep), Date.parse(period.from), Date.parse(period.to)),
      );
    },
  );

  it('another partnership sees none of these cases', async () => {
    const other = t.person('frontline', 'Bayview Academy').partnership;
    const row = await t.store.db
      .selectFrom('partnerships')
      .select('id')
      .where('key', '=', other)
      .executeTakeFirst();
    const figures = await partnershipFigures(
      t.store.db,
      { partnershipId: row?.id ?? other },
      { period: presetPeriod('last-12-months', NOW) },
      NOW,
    );
    expect(figures.totals).toEqual({
      openNow: 0,
      overdueNow: 0,
      raised: 0,
      closed: 0,
      immediateRisk: 0,
      lateStages: 0,
    });
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
    } finally {
      await setCategory(old.category);
    }
  });
});
