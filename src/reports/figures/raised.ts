/** For a period: cases raised per month (with immediate risk), by category, and the agency pairs in dispute. */
import { sql } from 'kysely';
import { CATEGORIES } from '../../domain/policy/schema.js';
import type { Db } from '../../store/database.js';
import { CATEGORY_LABELS } from '../../words.js';
import { monthsOf, monthWords, ukMonthStart } from '../period.js';
import { count, matching } from './filters.js';
import type { AgencyPair, CategoryCount, Filters, MonthCount, Scope } from './types.js';

/** The categories in today's list, each counted in the month's own sums. */
const LISTED = new Set<string>(CATEGORIES);

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
      // the first month from the period's first day, the last to its end: the months are those
      // the period's days touch, so every other month starts after its first day and before its end
      const from = i === 0 ? f.period.from : (starts[i] as string);
      const to = starts[i + 1] ?? f.period.to;
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
        // Stryker disable next-line AssignmentOperator: equivalent, because a wrong sum here only
        // makes the retired categories be looked for when there are none: the query finds none
        known += n;
        if (n > 0) byCategory.set(c, (byCategory.get(c) ?? 0) + n);
      });
      // Stryker disable next-line ArithmeticOperator: equivalent, as for `known` above
      uncategorised += total - known;
    }),
  );
  // a category no longer in the list (kept in old records) is counted by name
  const counted = [...byCategory.entries()];
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, because with
  // none uncategorised the query for the retired categories finds none (only its cost is saved)
  if (uncategorised > 0) counted.push(...(await retiredCategories(db, scope, f)));
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

/** Cases raised in the period in a category no longer in the list, counted by name. */
async function retiredCategories(db: Db, scope: Scope, f: Filters): Promise<[string, number][]> {
  const rows = await db
    .selectFrom('cases')
    .select(['cases.category', count])
    .where('cases.raised_at', '>=', f.period.from)
    .where('cases.raised_at', '<', f.period.to)
    .where(matching(scope, f))
    .groupBy('cases.category')
    .execute();
  return rows
    .filter((r) => !LISTED.has(r.category))
    .map((r): [string, number] => [r.category, Number(r.count)]);
}

/**
 * Cases raised in the period, by the raising agency and each agency it disagreed with. Counted
 * from case_agencies alone (each row carries its case's partnership, raising agency and raised
 * time); the case is looked at only when another filter needs it.
 */
export async function agencyPairs(db: Db, scope: Scope, f: Filters): Promise<AgencyPair[]> {
  const { period: _period, ...caseFilters } = f;
  // Stryker disable next-line ConditionalExpression: equivalent, because joining the case with no
  // filter set (true here) keeps every row; only its cost is saved
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
      // Stryker disable next-line StringLiteral: equivalent, because every agency of a case is in
      // agencies (case_agencies.agency_id references it, agencies are never deleted): never used
      raisingAgency: names.get(r.raisingId as string) ?? '',
      otherAgencyId: r.otherId,
      // Stryker disable next-line StringLiteral: equivalent, as for the raising agency
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
