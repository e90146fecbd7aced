/**
 * A partnership's figures for its dashboard, from the case projection (`cases`): open cases by
 * stage, what is overdue now, cases raised per month and how closed cases ended. For one
 * partnership, or for all (`partnershipId` absent). Each is one indexed query whose cost grows
 * with the rows it answers about (open cases, the months shown), not with the whole history.
 */
import type { Db } from '../store/database.js';

export interface Scope {
  /** absent: every partnership */
  partnershipId?: string;
}

export interface StageCount {
  stage: number;
  key: string;
  count: number;
}

export interface Overdue {
  count: number;
  /** the earliest due time among the overdue cases (UTC ISO), or null */
  oldestDueAt: string | null;
}

export interface MonthCount {
  /** YYYY-MM (UTC) */
  month: string;
  count: number;
}

export interface Outcome {
  /** resolved, decided or withdrawn */
  status: string;
  /** the stage the case ended at */
  stage: number;
  count: number;
}

export interface Period {
  /** inclusive, UTC ISO */
  from: string;
  /** exclusive, UTC ISO */
  to: string;
}

export interface Figures {
  openByStage: StageCount[];
  overdue: Overdue;
  raisedPerMonth: MonthCount[];
  outcomes: Outcome[];
  period: Period;
}

function cases(db: Db, scope: Scope) {
  const query = db.selectFrom('cases');
  return scope.partnershipId === undefined
    ? query
    : query.where('partnership_id', '=', scope.partnershipId);
}

export async function openByStage(db: Db, scope: Scope): Promise<StageCount[]> {
  const rows = await cases(db, scope)
    .select(['stage_number', 'stage_key', (eb) => eb.fn.countAll<number | string>().as('count')])
    .where('status', '=', 'open')
    .groupBy(['stage_number', 'stage_key'])
    .orderBy('stage_number')
    .orderBy('stage_key')
    .execute();
  return rows.map((r) => ({ stage: r.stage_number, key: r.stage_key, count: Number(r.count) }));
}

export async function overdueNow(db: Db, scope: Scope, now: Date): Promise<Overdue> {
  const row = await cases(db, scope)
    .select([
      (eb) => eb.fn.countAll<number | string>().as('count'),
      (eb) => eb.fn.min('due_at_utc').as('oldest'),
    ])
    .where('status', '=', 'open')
    .where('due_at_utc', '<', now.toISOString())
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldestDueAt: row.oldest ?? null };
}

export async function raisedPerMonth(db: Db, scope: Scope, period: Period): Promise<MonthCount[]> {
  const rows = await cases(db, scope)
    .select([
      (eb) => eb.fn<string>('substr', ['raised_at', eb.val(1), eb.val(7)]).as('month'),
      (eb) => eb.fn.countAll<number | string>().as('count'),
    ])
    .where('raised_at', '>=', period.from)
    .where('raised_at', '<', period.to)
    .groupBy('month')
    .orderBy('month')
    .execute();
  return rows.map((r) => ({ month: r.month, count: Number(r.count) }));
}

export async function outcomes(db: Db, scope: Scope, period: Period): Promise<Outcome[]> {
  const rows = await cases(db, scope)
    .select(['status', 'stage_number', (eb) => eb.fn.countAll<number | string>().as('count')])
    .where('closed_at', '>=', period.from)
    .where('closed_at', '<', period.to)
    .where('status', '!=', 'open')
    .groupBy(['status', 'stage_number'])
    .orderBy('status')
    .orderBy('stage_number')
    .execute();
  return rows.map((r) => ({ status: r.status, stage: r.stage_number, count: Number(r.count) }));
}

/** The twelve whole calendar months (UTC) before `now`'s month, and this month so far. */
export function lastTwelveMonths(now: Date): Period {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 12, 1));
  return { from: from.toISOString(), to: now.toISOString() };
}

/** Everything a partnership dashboard shows, for one partnership or (no id) for all. */
export async function partnershipFigures(
  db: Db,
  scope: Scope,
  now: Date,
  period: Period = lastTwelveMonths(now),
): Promise<Figures> {
  const [open, overdue, raised, ended] = await Promise.all([
    openByStage(db, scope),
    overdueNow(db, scope, now),
    raisedPerMonth(db, scope, period),
    outcomes(db, scope, period),
  ]);
  return { openByStage: open, overdue, raisedPerMonth: raised, outcomes: ended, period };
}
