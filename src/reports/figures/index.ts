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
import type { Db } from '../../store/database.js';
import { openByStage, overdueNow } from './open-now.js';
import { outcomes } from './outcomes.js';
import { agencyPairs, raisedFigures } from './raised.js';
import { stageFigures } from './stage-times.js';
import type { Figures, Filters, ReadOptions, Scope } from './types.js';

export { matching, rollupServes, scopeKey } from './filters.js';
export { openByStage, overdueNow } from './open-now.js';
export { agencyPairs, raisedFigures } from './raised.js';
export { percentileOfCounts, stageFigures, stagesOf } from './stage-times.js';
export * from './types.js';

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
