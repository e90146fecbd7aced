/**
 * A partnership's figures for its dashboard and board report, from the projections kept with
 * every case (`cases`, `case_stages`, `case_agencies`): what is open and overdue now, and for a
 * period: cases raised each month (with immediate risk), categories, the agency pairs in
 * dispute, how cases ended, and per stage how many reached it, how many were late, the share
 * closed within their timescale and the median and 90th-percentile days spent there.
 *
 * Filters narrow every figure to cases involving an agency, a sector, a category, or that
 * reached a stage. Each query reads the period's rows through an index, never the history.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import { CATEGORIES, type Category, type Sector } from '../domain/policy/schema.js';
import type { Db } from '../store/database.js';
import type { Database } from '../store/schema.js';
import { CATEGORY_LABELS } from '../words.js';
import { outcomes } from './outcomes.js';
import { monthsOf, monthWords, type Period, ukMonthStart, wholeMonthsOf } from './period.js';

export interface Scope {
  /** absent: every partnership */
  partnershipId?: string;
}

export interface Filters {
  period: Period;
  agencyId?: string;
  sector?: Sector;
  category?: Category;
  /** only cases that reached this stage number or a later one */
  reachedStage?: number;
}

export interface StageCount {
  stage: number;
  key: string;
  name: string;
  count: number;
}

export interface OverdueCase {
  id: string;
  reference: string;
  stageName: string;
  dueAt: string;
  raisingAgency: string;
  category: string;
}

export interface MonthCount {
  /** YYYY-MM (UK) */
  month: string;
  label: string;
  immediateRisk: number;
  other: number;
  total: number;
}

export interface CategoryCount {
  category: string;
  label: string;
  count: number;
}

export interface AgencyPair {
  raisingAgencyId: string;
  raisingAgency: string;
  otherAgencyId: string;
  otherAgency: string;
  count: number;
}

export interface OutcomeCount {
  /** resolved, chair-decision, panel-decision or withdrawn */
  outcome: string;
  stage: number;
  /** the stage as the case's own policy version names it */
  key: string;
  name: string;
  label: string;
  count: number;
}

export interface StageFigures {
  stage: number;
  key: string;
  name: string;
  /** spells that began in the period */
  entered: number;
  /** of those, ended (escalated, resolved, decided, withdrawn) */
  closed: number;
  /** closed and held to a due time */
  closedWithTimescale: number;
  closedInTime: number;
  /** past their due time: ended after it, or still open after it */
  late: number;
  /** closedInTime / closedWithTimescale; null when no closed spell had a due time */
  timeliness: number | null;
  /** days from entering to leaving, closed spells only; null when none closed */
  medianDays: number | null;
  p90Days: number | null;
}

export interface Figures {
  period: Period;
  now: string;
  totals: {
    openNow: number;
    overdueNow: number;
    raised: number;
    closed: number;
    immediateRisk: number;
    lateStages: number;
  };
  openByStage: StageCount[];
  overdue: { count: number; cases: OverdueCase[] };
  raisedPerMonth: MonthCount[];
  categories: CategoryCount[];
  agencyPairs: AgencyPair[];
  outcomes: OutcomeCount[];
  stages: StageFigures[];
}

/** How many overdue cases the dashboard lists (the count covers them all). */
export const OVERDUE_LISTED = 50;

export interface ReadOptions {
  /**
   * Count everything from the projections, never the roll-ups (tests compare the two; the
   * roll-ups serve only the unfiltered views, whatever this says).
   */
  direct?: boolean;
}

/** Whether the roll-ups (migration 014) can give these figures: no filter but the period. */
export function rollupServes(f: Filters, options: ReadOptions): boolean {
  const { period: _period, ...caseFilters } = f;
  return !options.direct && Object.values(caseFilters).every((v) => v === undefined);
}

export const scopeKey = (scope: Scope) => scope.partnershipId ?? 'all';

type CasesIn = ExpressionBuilder<Database, 'cases'>;

/** The scope and filters as one condition on `cases` (a period is applied by each figure). */
function caseFilter(eb: CasesIn, scope: Scope, f: Omit<Filters, 'period'>) {
  const conditions = [];
  if (scope.partnershipId !== undefined)
    conditions.push(eb('cases.partnership_id', '=', scope.partnershipId));
  if (f.category !== undefined) conditions.push(eb('cases.category', '=', f.category));
  if (f.reachedStage !== undefined) conditions.push(eb('cases.stage_number', '>=', f.reachedStage));
  if (f.agencyId !== undefined) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('case_agencies as fa')
          .select('fa.case_id')
          .whereRef('fa.case_id', '=', 'cases.id')
          .where('fa.agency_id', '=', f.agencyId),
      ),
    );
  }
  if (f.sector !== undefined) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('case_agencies as fs')
          .innerJoin('agencies as sa', 'sa.id', 'fs.agency_id')
          .select('fs.case_id')
          .whereRef('fs.case_id', '=', 'cases.id')
          .where('sa.sector', '=', f.sector),
      ),
    );
  }
  return eb.and(conditions);
}

/** The condition as a `where` callback for any query that has `cases` in it. */
export function matching(scope: Scope, f: Omit<Filters, 'period'>) {
  return <DB extends Database, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) =>
    caseFilter(eb as unknown as CasesIn, scope, f);
}

export const count = sql<number | string>`count(*)`.as('count');

export async function openByStage(db: Db, scope: Scope, f: Filters): Promise<StageCount[]> {
  const rows = await db
    .selectFrom('cases')
    .innerJoin('case_stages', (join) =>
      join.onRef('case_stages.case_id', '=', 'cases.id').on('case_stages.ended_at', 'is', null),
    )
    .select(['cases.stage_number', 'cases.stage_key', 'case_stages.stage_name', count])
    .where('cases.status', '=', 'open')
    .where(matching(scope, f))
    .groupBy(['cases.stage_number', 'cases.stage_key', 'case_stages.stage_name'])
    .orderBy('cases.stage_number')
    .orderBy('cases.stage_key')
    .execute();
  return rows.map((r) => ({
    stage: r.stage_number,
    key: r.stage_key,
    name: r.stage_name,
    count: Number(r.count),
  }));
}

export async function overdueNow(
  db: Db,
  scope: Scope,
  f: Filters,
  now: Date,
): Promise<Figures['overdue']> {
  const nowIso = now.toISOString();
  const total = await db
    .selectFrom('cases')
    .select(count)
    .where('cases.status', '=', 'open')
    .where('cases.due_at_utc', '<', nowIso)
    .where(matching(scope, f))
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('cases')
    .innerJoin('agencies', 'agencies.id', 'cases.raising_agency_id')
    .innerJoin('case_stages', (join) =>
      join.onRef('case_stages.case_id', '=', 'cases.id').on('case_stages.ended_at', 'is', null),
    )
    .select([
      'cases.id',
      'cases.reference',
      'cases.due_at',
      'cases.category',
      'agencies.name as agency',
      'case_stages.stage_name',
    ])
    .where('cases.status', '=', 'open')
    .where('cases.due_at_utc', '<', nowIso)
    .where(matching(scope, f))
    .orderBy('cases.due_at_utc')
    .orderBy('cases.reference')
    .limit(OVERDUE_LISTED)
    .execute();
  return {
    count: Number(total.count),
    cases: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      stageName: r.stage_name,
      dueAt: r.due_at as string,
      raisingAgency: r.agency,
      category: CATEGORY_LABELS[r.category] ?? r.category,
    })),
  };
}

/**
 * Cases raised per UK month, split by immediate risk, and per category: one count per month
 * over the period's rows (UK months begin on whole UTC hours, so each is a range of
 * `raised_at`), summed with conditions rather than grouped. A GROUP BY over a year of national
 * cases sorts them all (SQLite has no hash aggregate); a range count walks the covering index
 * `cases_raised_figures` and stops (bench/RESULTS.md).
 */
export async function raisedFigures(
  db: Db,
  scope: Scope,
  f: Filters,
): Promise<{ months: MonthCount[]; categories: CategoryCount[] }> {
  const months = monthsOf(f.period).map((month) => ({
    month,
    label: monthWords(month),
    immediateRisk: 0,
    other: 0,
    total: 0,
  }));
  const starts = months.map((m) => ukMonthStart(m.month));
  const byCategory = new Map<string, number>();
  let uncategorised = 0;
  await Promise.all(
    months.map(async (month, i) => {
      const start = starts[i] as string;
      // biome-ignore lint/complexity/useMathMinMax: ISO timestamps compared as strings, not numbers
      const from = f.period.from > start ? f.period.from : start;
      const next = starts[i + 1];
      const to = next === undefined || next > f.period.to ? f.period.to : next;
      if (from >= to) return;
      const row = await db
        .selectFrom('cases')
        .select([
          count,
          sql<number | string | null>`sum(cases.immediate_risk)`.as('risk'),
          ...CATEGORIES.map((c, k) =>
            sql<number | string | null>`sum(case when cases.category = ${c} then 1 else 0 end)`.as(
              `c${k}`,
            ),
          ),
        ])
        .where('cases.raised_at', '>=', from)
        .where('cases.raised_at', '<', to)
        .where(matching(scope, f))
        .executeTakeFirstOrThrow();
      const total = Number(row.count);
      const risk = Number(row.risk ?? 0);
      month.total += total;
      month.immediateRisk += risk;
      month.other += total - risk;
      let known = 0;
      CATEGORIES.forEach((c, k) => {
        const n = Number((row as Record<string, unknown>)[`c${k}`] ?? 0);
        known += n;
        if (n > 0) byCategory.set(c, (byCategory.get(c) ?? 0) + n);
      });
      uncategorised += total - known;
    }),
  );
  // a category no longer in the list (kept in old records) is counted by name
  const counted =
    uncategorised > 0
      ? (await categories(db, scope, f)).map((c) => [c.category, c.count] as const)
      : [...byCategory.entries()];
  return {
    months,
    categories: counted
      .map(([category, n]) => ({
        category,
        label: CATEGORY_LABELS[category] ?? category,
        count: n,
      }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
  };
}

/** Cases raised per UK month, split by immediate risk. */
export async function raisedPerMonth(db: Db, scope: Scope, f: Filters): Promise<MonthCount[]> {
  return (await raisedFigures(db, scope, f)).months;
}

/** Cases raised in the period by category, counted by name. */
export async function categories(db: Db, scope: Scope, f: Filters): Promise<CategoryCount[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['cases.category', count])
    .where('cases.raised_at', '>=', f.period.from)
    .where('cases.raised_at', '<', f.period.to)
    .where(matching(scope, f))
    .groupBy('cases.category')
    .execute();
  return rows
    .map((r) => ({
      category: r.category,
      label: CATEGORY_LABELS[r.category] ?? r.category,
      count: Number(r.count),
    }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/**
 * Cases raised in the period, by the raising agency and each agency it disagreed with. Counted
 * from case_agencies alone (each row carries its case's partnership, raising agency and raised
 * time); the case is looked at only when another filter needs it.
 */
export async function agencyPairs(db: Db, scope: Scope, f: Filters): Promise<AgencyPair[]> {
  const { period: _period, ...caseFilters } = f;
  const needsCase = Object.values(caseFilters).some((v) => v !== undefined);
  const rows = await db
    .selectFrom('case_agencies as other')
    .select(['other.raising_agency_id as raisingId', 'other.agency_id as otherId', count])
    .$if(scope.partnershipId !== undefined, (q) =>
      q.where('other.partnership_id', '=', scope.partnershipId as string),
    )
    .where('other.side', '=', 'other')
    .where('other.raised_at', '>=', f.period.from)
    .where('other.raised_at', '<', f.period.to)
    .$if(needsCase, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('cases')
            .select('cases.id')
            .whereRef('cases.id', '=', 'other.case_id')
            .where(matching({}, caseFilters)),
        ),
      ),
    )
    .groupBy(['other.raising_agency_id', 'other.agency_id'])
    .execute();
  const ids = [...new Set(rows.flatMap((r) => [r.raisingId as string, r.otherId]))];
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const agencies = await db
      .selectFrom('agencies')
      .select(['id', 'name'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const a of agencies) names.set(a.id, a.name);
  }
  return rows
    .map((r) => ({
      raisingAgencyId: r.raisingId as string,
      raisingAgency: names.get(r.raisingId as string) ?? '',
      otherAgencyId: r.otherId,
      otherAgency: names.get(r.otherId) ?? '',
      count: Number(r.count),
    }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        a.raisingAgency.localeCompare(b.raisingAgency) ||
        a.otherAgency.localeCompare(b.otherAgency),
    );
}

/** The p-th percentile (nearest rank) of values given as counts per value. */
export function percentileOfCounts(counts: Map<number, number>, p: number): number | null {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const value of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(value) as number;
    if (seen >= rank) return value;
  }
  return null;
}

/** Spells counted down to stage, name and days (tenths), to be summed per stage. */
interface SpellGroup {
  stage_number: number;
  stage_key: string;
  stage_name: string;
  days_tenths: number | null;
  entered: number;
  closed: number;
  timed: number;
  in_time: number;
  late: number;
}

/**
 * The spells that began in `[from, to)` (all, only the ended or only the open ones), from
 * `case_stages`, grouped down to the duration: one pass over the range's spells.
 */
async function spellGroups(
  db: Db,
  scope: Scope,
  f: Filters,
  range: { from: string; to: string; only?: 'ended' | 'open' },
  nowIso: string,
): Promise<SpellGroup[]> {
  // the spells carry their partnership; the case is joined only for the other filters
  const { period: _period, ...caseFilters } = f;
  const needsCase = Object.values(caseFilters).some((v) => v !== undefined);
  const ended = sql`case_stages.ended_at is not null`;
  const timed = sql`case_stages.due_at_utc is not null`;
  const rows = await db
    .selectFrom('case_stages')
    .where('case_stages.entered_at', '>=', range.from)
    .where('case_stages.entered_at', '<', range.to)
    .$if(range.only === 'ended', (q) => q.where('case_stages.ended_at', 'is not', null))
    .$if(range.only === 'open', (q) => q.where('case_stages.ended_at', 'is', null))
    .$if(scope.partnershipId !== undefined, (q) =>
      q.where('case_stages.partnership_id', '=', scope.partnershipId as string),
    )
    .$if(needsCase, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('cases')
            .select('cases.id')
            .whereRef('cases.id', '=', 'case_stages.case_id')
            .where(matching({}, caseFilters)),
        ),
      ),
    )
    .select([
      'case_stages.stage_number',
      'case_stages.stage_key',
      'case_stages.stage_name',
      'case_stages.days_tenths',
      sql<number | string>`count(*)`.as('entered'),
      sql<number | string>`sum(case when ${ended} then 1 else 0 end)`.as('closed'),
      sql<number | string>`sum(case when ${ended} and ${timed} then 1 else 0 end)`.as('timed'),
      sql<number | string>`sum(case when ${ended} and ${timed}
        and case_stages.ended_at <= case_stages.due_at_utc then 1 else 0 end)`.as('in_time'),
      sql<number | string>`sum(case when ${timed} and ((${ended}
        and case_stages.ended_at > case_stages.due_at_utc)
        or (case_stages.ended_at is null and case_stages.due_at_utc < ${nowIso}))
        then 1 else 0 end)`.as('late'),
    ])
    .groupBy([
      'case_stages.stage_number',
      'case_stages.stage_key',
      'case_stages.stage_name',
      'case_stages.days_tenths',
    ])
    .execute();
  return rows.map((g) => ({
    stage_number: g.stage_number,
    stage_key: g.stage_key,
    stage_name: g.stage_name,
    days_tenths: g.days_tenths === null ? null : Number(g.days_tenths),
    entered: Number(g.entered),
    closed: Number(g.closed),
    timed: Number(g.timed),
    in_time: Number(g.in_time),
    late: Number(g.late),
  }));
}

/**
 * The same groups for an unfiltered view, from the roll-up: the ended spells of the whole UK
 * months in `stage_spell_months` (about a thousand rows a year nationally, against a row per
 * spell), the ended spells of the part-months at either end and every open spell from
 * `case_stages` (the open ones on their own partial index).
 */
async function spellGroupsRolledUp(
  db: Db,
  scope: Scope,
  f: Filters,
  nowIso: string,
): Promise<SpellGroup[]> {
  const { first, last, parts } = wholeMonthsOf(f.period);
  const groups: SpellGroup[] = [];
  if (first !== null && last !== null) {
    const rows = await db
      .selectFrom('stage_spell_months')
      .select([
        'stage_number',
        'stage_key',
        'stage_name',
        'days_tenths',
        sql<number | string>`sum(spells)`.as('spells'),
        sql<number | string>`sum(timed)`.as('timed'),
        sql<number | string>`sum(in_time)`.as('in_time'),
        sql<number | string>`sum(late)`.as('late'),
      ])
      .where('scope', '=', scopeKey(scope))
      .where('month', '>=', first)
      .where('month', '<=', last)
      .groupBy(['stage_number', 'stage_key', 'stage_name', 'days_tenths'])
      .execute();
    for (const r of rows) {
      groups.push({
        stage_number: r.stage_number,
        stage_key: r.stage_key,
        stage_name: r.stage_name,
        days_tenths: Number(r.days_tenths),
        entered: Number(r.spells),
        closed: Number(r.spells),
        timed: Number(r.timed),
        in_time: Number(r.in_time),
        late: Number(r.late),
      });
    }
  }
  const direct = await Promise.all([
    ...parts.map(([from, to]) => spellGroups(db, scope, f, { from, to, only: 'ended' }, nowIso)),
    spellGroups(db, scope, f, { from: f.period.from, to: f.period.to, only: 'open' }, nowIso),
  ]);
  return groups.concat(...direct);
}

/**
 * Per stage, the spells that began in the period (passed-over stages are not counted), counted
 * in SQL. Days at a stage come from each spell's duration in tenths of a day (kept in the
 * projection), counted per value: the nearest-rank percentile of those counts is the
 * percentile of the durations, rounded to a tenth, without reading the spells one by one.
 * A stage is the one each case's own policy version names: a stage number means different
 * things under different policies, so every (number, key, name) is its own row, never a
 * number labelled with whichever policy's name came first.
 */
export async function stageFigures(
  db: Db,
  scope: Scope,
  f: Filters,
  now: Date,
  options: ReadOptions = {},
): Promise<StageFigures[]> {
  const nowIso = now.toISOString();
  const groups = rollupServes(f, options)
    ? await spellGroupsRolledUp(db, scope, f, nowIso)
    : await spellGroups(db, scope, f, { from: f.period.from, to: f.period.to }, nowIso);
  const byStage = new Map<
    string,
    Omit<SpellGroup, 'days_tenths'> & { histogram: Map<number, number> }
  >();
  for (const g of groups) {
    if (g.entered === 0) continue;
    const id = JSON.stringify([g.stage_number, g.stage_key, g.stage_name]);
    const r = byStage.get(id) ?? {
      stage_number: g.stage_number,
      stage_key: g.stage_key,
      stage_name: g.stage_name,
      entered: 0,
      closed: 0,
      timed: 0,
      in_time: 0,
      late: 0,
      histogram: new Map<number, number>(),
    };
    r.entered += g.entered;
    r.closed += g.closed;
    r.timed += g.timed;
    r.in_time += g.in_time;
    r.late += g.late;
    if (g.days_tenths !== null && g.closed > 0) {
      r.histogram.set(g.days_tenths, (r.histogram.get(g.days_tenths) ?? 0) + g.closed);
    }
    byStage.set(id, r);
  }
  const tenths = (n: number | null) => (n === null ? null : n / 10);
  return [...byStage.values()]
    .map((r) => {
      const histogram = r.histogram;
      const closedWithTimescale = r.timed;
      const closedInTime = r.in_time;
      return {
        stage: r.stage_number,
        key: r.stage_key,
        name: r.stage_name,
        entered: r.entered,
        closed: r.closed,
        closedWithTimescale,
        closedInTime,
        late: r.late,
        timeliness: closedWithTimescale === 0 ? null : closedInTime / closedWithTimescale,
        medianDays: tenths(percentileOfCounts(histogram, 50)),
        p90Days: tenths(percentileOfCounts(histogram, 90)),
      };
    })
    .sort(
      (a, b) => a.stage - b.stage || a.key.localeCompare(b.key) || a.name.localeCompare(b.name),
    );
}

/** Everything the dashboard shows, for one partnership or (no id) for all. */
export async function partnershipFigures(
  db: Db,
  scope: Scope,
  filters: Filters,
  now: Date,
  options: ReadOptions = {},
): Promise<Figures> {
  const [open, overdue, raised, pairs, stages] = await Promise.all([
    openByStage(db, scope, filters),
    overdueNow(db, scope, filters, now),
    raisedFigures(db, scope, filters),
    agencyPairs(db, scope, filters),
    stageFigures(db, scope, filters, now, options),
  ]);
  const { months, categories: cats } = raised;
  const ended = await outcomes(db, scope, filters, options);
  // the outcomes count every case closed in the period, each once
  const closed = ended.reduce((n, o) => n + o.count, 0);
  return {
    period: filters.period,
    now: now.toISOString(),
    totals: {
      openNow: open.reduce((n, s) => n + s.count, 0),
      overdueNow: overdue.count,
      raised: months.reduce((n, m) => n + m.total, 0),
      closed,
      immediateRisk: months.reduce((n, m) => n + m.immediateRisk, 0),
      lateStages: stages.reduce((n, s) => n + s.late, 0),
    },
    openByStage: open,
    overdue,
    raisedPerMonth: months,
    categories: cats,
    agencyPairs: pairs,
    outcomes: ended,
    stages,
  };
}
