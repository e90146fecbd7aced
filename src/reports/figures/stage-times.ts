/**
 * Per stage, for a period: how many reached it, how many were late, the share closed within
 * their timescale, and the median and 90th-percentile days spent there; read from each stage
 * spell directly, or from the monthly roll-ups (migration 014) when no filter but the period is set.
 */
import { sql } from 'kysely';
import type { Db } from '../../store/database.js';
import { wholeMonthsOf } from '../period.js';
import { matching, rollupServes, scopeKey } from './filters.js';
import type { Filters, ReadOptions, Scope, StageFigures } from './types.js';

/**
 * The p-th percentile (nearest rank) of values given as counts per value; null when no value is
 * counted (no value then reaches the least rank, 1).
 */
export function percentileOfCounts(counts: Map<number, number>, p: number): number | null {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const value of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(value) as number;
    if (seen >= rank) return value;
  }
  return null;
}

/** Spells counted down to stage, name and days (tenths), to be summed per stage. */
export interface SpellGroup {
  stage_number: number;
  stage_key: string;
  stage_name: string;
  /**
   * the spells' days at the stage, in tenths; 0 for open spells, which have none: the days
   * count only the closed spells (`closed` of the group), and an open group has none
   */
  days_tenths: number;
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
  // Stryker disable next-line ConditionalExpression: equivalent, because joining the case with no
  // filter set (true here) keeps every spell (each has its case); only its cost is saved
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
    days_tenths: Number(g.days_tenths),
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
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, as in outcomes.ts
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
  return stagesOf(
    rollupServes(f, options)
      ? await spellGroupsRolledUp(db, scope, f, nowIso)
      : await spellGroups(db, scope, f, { from: f.period.from, to: f.period.to }, nowIso),
  );
}

/**
 * The groups summed per stage (number, key and name), with the share closed in time and the
 * median and 90th-percentile days of the closed spells; ordered by stage, key and name.
 */
export function stagesOf(groups: SpellGroup[]): StageFigures[] {
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
    // a value counted 0 times (an open group's) is never a percentile
    r.histogram.set(g.days_tenths, (r.histogram.get(g.days_tenths) ?? 0) + g.closed);
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
