/** The scope and filters every figure is narrowed by, and when the roll-ups can serve them. */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Filters, ReadOptions, Scope } from './types.js';

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
