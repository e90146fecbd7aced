/**
 * The dashboard's figures against a generated set of cases whose answers are worked out from
 * the plan that generated them (test/support/history.ts, test/support/expected-figures.ts), not
 * by the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnershipFigures } from '../src/reports/figures/index.js';
import { customPeriod, presetPeriod } from '../src/reports/period.js';
import { CATEGORY_LABELS } from '../src/words.js';
import { createTestApp, type TestApp } from './support/app.js';
import { actual, expected, historyScope } from './support/expected-figures.js';
import {
  AGENCY,
  type Agency,
  agencyId,
  generateHistory,
  NOW,
  PLANS,
  type Plan,
} from './support/history.js';

let t: TestApp;

describe('dashboard figures from a generated history with known answers', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await generateHistory(t);
  }, 120_000);
  afterAll(async () => t.close());

  const scope = () => historyScope(t);

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
    // each month by its name, with its cases with immediate risk and the others
    expect(
      figures.raisedPerMonth.map((m) => [m.month, m.label, m.total, m.immediateRisk, m.other]),
    ).toEqual(
      [
        ['2026-05', 'May 2026'],
        ['2026-06', 'June 2026'],
        ['2026-07', 'July 2026'],
        ['2026-08', 'August 2026'],
        ['2026-09', 'September 2026'],
      ].map(([m, label]) => [
        m,
        label,
        perMonth(m as string).length,
        perMonth(m as string).filter((p) => p.immediateRisk).length,
        perMonth(m as string).filter((p) => !p.immediateRisk).length,
      ]),
    );
    expect(figures.raisedPerMonth.some((m) => m.immediateRisk > 0 && m.other > 0)).toBe(true);
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
    'filtered by %s (the other filters absent, or left empty), every figure counts only the matching cases',
    async (_, keep, filter) => {
      const period = presetPeriod('last-quarter', NOW);
      const chosen = {
        ...('agency' in filter ? { agencyId: agencyId(t, filter.agency) } : {}),
        ...('sector' in filter ? { sector: filter.sector as never } : {}),
        ...('category' in filter ? { category: filter.category as never } : {}),
        ...('reachedStage' in filter ? { reachedStage: filter.reachedStage } : {}),
      };
      // the other filters left empty, as a form without them may give them
      const empty = {
        agencyId: undefined,
        sector: undefined,
        category: undefined,
        reachedStage: undefined,
      };
      const want = expected(PLANS.filter(keep), Date.parse(period.from), Date.parse(period.to));
      for (const filters of [
        { period, ...chosen },
        { period, ...empty, ...chosen },
      ]) {
        const figures = await partnershipFigures(t.store.db, await scope(), filters, NOW);
        expect(actual(figures)).toEqual(want);
      }
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
    // nor any of their stages, categories, agencies or outcomes
    const { openByStage, overdue, categories, agencyPairs, outcomes, stages } = figures;
    expect({
      openByStage,
      overdue: overdue.cases,
      categories,
      agencyPairs,
      outcomes,
      stages,
    }).toEqual({
      openByStage: [],
      overdue: [],
      categories: [],
      agencyPairs: [],
      outcomes: [],
      stages: [],
    });
  });

  it('figures for every partnership together are those of their cases, through the roll-ups and counted directly', async () => {
    // only Bromley has cases here, so every partnership's figures are Bromley's
    const period = presetPeriod('last-quarter', NOW);
    const want = expected(PLANS, Date.parse(period.from), Date.parse(period.to));
    for (const direct of [false, true]) {
      const figures = await partnershipFigures(t.store.db, {}, { period }, NOW, { direct });
      expect(actual(figures)).toEqual(want);
    }
  });

  it('figures: a period from the middle of a month to the middle of another counts from its first day to the end of its last, through the roll-ups and counted directly', async () => {
    const period = customPeriod('2026-07-07', '2026-10-15', NOW);
    const want = expected(PLANS, Date.parse(period.from), Date.parse(period.to));
    for (const direct of [false, true]) {
      const figures = await partnershipFigures(t.store.db, await scope(), { period }, NOW, {
        direct,
      });
      expect(actual(figures)).toEqual(want);
      // July from the 7th: the cases raised on 8, 13 and 20 July, not those of 1, 2 and 6 July
      expect(figures.raisedPerMonth.map((m) => [m.month, m.total])).toEqual([
        ['2026-07', 3],
        ['2026-08', 4],
        ['2026-09', 4],
        ['2026-10', 2],
      ]);
    }
  });
});
