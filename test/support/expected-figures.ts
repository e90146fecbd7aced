/**
 * The dashboard's figures worked out from the plans of the generated history
 * (test/support/history.ts), not by the code under test, and the same parts of the figures the
 * code gives, for tests to compare.
 */
import type { partnershipFigures } from '../../src/reports/figures/index.js';
import type { TestApp } from './app.js';
import { AGENCY, DAY, type Plan, timeline } from './history.js';

/** The partnership the generated history's cases are raised in (Bromley's), as a scope. */
export async function historyScope(t: TestApp): Promise<{ partnershipId: string }> {
  const key = t.person('frontline', AGENCY.school).partnership;
  const row = await t.store.db
    .selectFrom('partnerships')
    .select('id')
    .where('key', '=', key)
    .executeTakeFirst();
  return { partnershipId: row?.id ?? key };
}

/** The figures of the cases planned in `plans`, for the period `[from, to)` (milliseconds). */
export function expected(plans: Plan[], from: number, to: number) {
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

/** The parts of the figures `expected` works out. */
export function actual(figures: Awaited<ReturnType<typeof partnershipFigures>>) {
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
