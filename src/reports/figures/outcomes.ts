/**
 * How the cases closed in a period ended: resolved or withdrawn at which stage, or decided by
 * the chair or a Resolution Panel. A stage is the one the case's own policy version names: a
 * stage number means different things under different policies (a pre-school's stage 2 is its
 * own line manager, the partnership's is manager to manager), so each (number, key, name) is
 * its own row and its name is the policy's, never another policy's name for that number.
 */
import { sql } from 'kysely';
import type { Db } from '../../store/database.js';
import { wholeMonthsOf } from '../period.js';
import { count, matching, rollupServes, scopeKey } from './filters.js';
import type { Filters, OutcomeCount, ReadOptions, Scope } from './types.js';

const OUTCOME_ORDER = ['resolved', 'chair-decision', 'panel-decision', 'withdrawn'];

/** Closed cases counted by outcome (null: none recorded) and stage. */
export type OutcomeRow = {
  outcome: string | null;
  stage_number: number;
  stage_key: string;
  stage_name: string;
  count: number;
};

/** Closed cases in `[from, to)` by outcome and stage, from `cases`. */
async function outcomeRows(
  db: Db,
  scope: Scope,
  f: Filters,
  from: string,
  to: string,
): Promise<OutcomeRow[]> {
  const stageName = sql<string>`coalesce(cases.stage_name, cases.stage_key)`;
  const rows = await db
    .selectFrom('cases')
    .select([
      'cases.outcome',
      'cases.stage_number',
      'cases.stage_key',
      stageName.as('stage_name'),
      count,
    ])
    .where('cases.closed_at', '>=', from)
    .where('cases.closed_at', '<', to)
    .where('cases.status', '!=', 'open')
    .where(matching(scope, f))
    .groupBy(['cases.outcome', 'cases.stage_number', 'cases.stage_key', stageName])
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/**
 * Closed cases by outcome and stage over the period: the whole UK months from `outcome_months`,
 * the part-months at either end from `cases`.
 */
async function outcomeRowsRolledUp(db: Db, scope: Scope, f: Filters): Promise<OutcomeRow[]> {
  const { first, last, parts } = wholeMonthsOf(f.period);
  const found = new Map<string, OutcomeRow>();
  const add = (r: OutcomeRow) => {
    const key = JSON.stringify([r.outcome, r.stage_number, r.stage_key, r.stage_name]);
    const known = found.get(key);
    if (known) known.count += r.count;
    else found.set(key, { ...r });
  };
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, because
  // wholeMonthsOf gives both months or neither, and with neither the query finds no rows
  // (`month >= null` holds for none)
  if (first !== null && last !== null) {
    const rows = await db
      .selectFrom('outcome_months')
      .select([
        'outcome',
        'stage_number',
        'stage_key',
        'stage_name',
        sql<number | string>`sum(outcome_months.cases)`.as('count'),
      ])
      .where('scope', '=', scopeKey(scope))
      .where('month', '>=', first)
      .where('month', '<=', last)
      .groupBy(['outcome', 'stage_number', 'stage_key', 'stage_name'])
      .execute();
    for (const r of rows) {
      add({ ...r, outcome: r.outcome === '' ? null : r.outcome, count: Number(r.count) });
    }
  }
  for (const [from, to] of parts) {
    for (const r of await outcomeRows(db, scope, f, from, to)) add(r);
  }
  return [...found.values()];
}

/** "Resolved at stage 2 (Manager to manager)", with the stage's name from the case's policy. */
export function outcomeLabel(outcome: string, stage: number, stageName: string): string {
  switch (outcome) {
    case 'chair-decision':
      return 'Decided by the chair';
    case 'panel-decision':
      return 'Decided by a Resolution Panel';
    case 'withdrawn':
      return `Withdrawn at stage ${stage} (${stageName})`;
    default:
      return `Resolved at stage ${stage} (${stageName})`;
  }
}

/**
 * The outcome rows counted into the figures: one row per outcome and label (the chair's and a
 * panel's decisions are one row each, whatever the stage is called; a closed case with no
 * outcome recorded is counted as resolved; none with no cases), ordered resolved, the chair's, a panel's, withdrawn,
 * then by stage and label.
 */
export function outcomeCounts(rows: OutcomeRow[]): OutcomeCount[] {
  const counted = new Map<string, OutcomeCount>();
  for (const r of rows) {
    const outcome = r.outcome ?? 'resolved';
    const label = outcomeLabel(outcome, r.stage_number, r.stage_name);
    const id = `${outcome} ${label}`;
    const known = counted.get(id);
    if (known) {
      known.count += r.count;
      // named by the earliest of its stages, so the order rows come in does not matter
      if (
        r.stage_number < known.stage ||
        (r.stage_number === known.stage &&
          // Stryker disable next-line EqualityOperator: equivalent, because the rows of one outcome
          // never repeat a stage's number, key and name (they are grouped by them)
          `${r.stage_key} ${r.stage_name}` < `${known.key} ${known.name}`)
      ) {
        Object.assign(known, { stage: r.stage_number, key: r.stage_key, name: r.stage_name });
      }
    } else
      counted.set(id, {
        outcome,
        stage: r.stage_number,
        key: r.stage_key,
        name: r.stage_name,
        label,
        count: r.count,
      });
  }
  // a roll-up row whose cases were all reopened counts none
  return [...counted.values()]
    .filter((o) => o.count > 0)
    .sort(
      (a, b) =>
        OUTCOME_ORDER.indexOf(a.outcome) - OUTCOME_ORDER.indexOf(b.outcome) ||
        a.stage - b.stage ||
        a.label.localeCompare(b.label),
    );
}

/** Cases closed in the period: resolved at which stage, decided by the chair or a panel, withdrawn. */
export async function outcomes(
  db: Db,
  scope: Scope,
  f: Filters,
  options: ReadOptions = {},
): Promise<OutcomeCount[]> {
  return outcomeCounts(
    rollupServes(f, options)
      ? await outcomeRowsRolledUp(db, scope, f)
      : await outcomeRows(db, scope, f, f.period.from, f.period.to),
  );
}
