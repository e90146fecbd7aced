/**
 * The case lists: what a person may see, in the lists' order (soonest due first, then undated,
 * newest raised first, then by id), read off indexes in that order and stopped at the limit
 * (docs/adr/0015-lists-walk-indexes.md; docs/architecture.md "What the features do").
 */
import type { Selectable } from 'kysely';
import type { CaseStatus } from '../domain/case/index.js';
import type { Category } from '../domain/policy/schema.js';
import type { CaseTable } from '../store/schema.js';
import { isPartnershipWide, selfAndReports } from './access.js';
import type { CaseServiceDeps } from './cases/index.js';
import type { Actor } from './people.js';

const isoNow = (deps: CaseServiceDeps) => deps.now().toISOString();

export interface CaseListFilters {
  status?: CaseStatus;
  stage?: number;
  overdue?: boolean;
  /** cases this agency is in, on either side */
  agency?: string;
  category?: Category;
  limit?: number;
  /** how many of the list, in its order, to pass over first (a page after the first) */
  offset?: number;
  /**
   * only the cases the person takes part in themself (My cases), not their reports', their
   * agency's or their partnership's: read off their own participant rows whatever their role
   */
  onlyOwn?: boolean;
}

export interface CaseListItem {
  id: string;
  reference: string;
  status: CaseStatus;
  stage: { number: number; key: string };
  dueAt: string | null;
  overdue: boolean;
  category: Category;
  immediateRisk: boolean;
  raisedAt: string;
  /** the person who raised it */
  raisedBy: string;
  version: number;
}

export async function listCases(
  deps: CaseServiceDeps,
  actor: Actor,
  filters: CaseListFilters,
): Promise<CaseListItem[]> {
  const limit = filters.limit ?? 200;
  if (filters.onlyOwn || !isPartnershipWide(actor))
    return listTeamCases(deps, actor, filters, limit);
  const nowUtc = isoNow(deps);
  const offset = filters.offset ?? 0;
  const walk = partnershipWalk(deps, actor.partnershipId, filters);
  // soonest due first, then those with no due time (most of a history: closed cases), the same
  // on both databases. Two queries rather than one ordered by "due time is null", which no index
  // serves: each comes off a (partnership_id, ..., due_at_utc, raised_at) index in its order and
  // stops at the limit, instead of sorting the partnership's whole history (bench/RESULTS.md)
  const rows = await walk(true).offset(offset).limit(limit).execute();
  if (rows.length < limit && filters.overdue !== true) {
    // a page that starts among the undated passes over the dated ones first: how many there
    // are is known from this page unless it started past them all (then counted, off the same
    // index: the dated are the open cases, a short range)
    const dated =
      rows.length > 0 || offset === 0 ? offset + rows.length : await countOf(walk(true));
    const undated = await walk(false)
      .offset(Math.max(0, offset - dated))
      .limit(limit - rows.length)
      .execute();
    rows.push(...undated);
  }
  return rows.map((row) => listItem(row, nowUtc));
}

/**
 * How many cases the partnership-wide list has for these filters, and how many of them are
 * overdue: range counts on the indexes the list itself walks (migration 018).
 */
export async function countPartnershipCases(
  deps: CaseServiceDeps,
  actor: Actor,
  filters: CaseListFilters,
): Promise<{ total: number; overdue: number }> {
  if (!isPartnershipWide(actor)) return { total: 0, overdue: 0 };
  const walk = partnershipWalk(deps, actor.partnershipId, filters);
  const overdueWalk = partnershipWalk(deps, actor.partnershipId, { ...filters, overdue: true });
  const [dated, undated, overdue] = await Promise.all([
    countOf(walk(true)),
    filters.overdue === true ? 0 : countOf(walk(false)),
    filters.overdue === false ? 0 : countOf(overdueWalk(true)),
  ]);
  return { total: dated + undated, overdue };
}

async function countOf(query: ReturnType<ReturnType<typeof partnershipWalk>>): Promise<number> {
  const row = await query
    .clearSelect()
    .clearOrderBy()
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * One half of the partnership-wide list (dated, soonest first; or undated, newest raised
 * first), in the list's order to the id. Filtered on the partnership directly, so an index
 * that starts with it serves the list in order (bench/RESULTS.md); a category filter walks
 * (partnership, category, due, raised desc, id) and an agency filter walks that agency's
 * `case_agencies` rows (agency, due, raised desc, case), which carry the case's due and
 * raised times (migration 015), joining each case only to check the rest.
 */
export function partnershipWalk(
  deps: CaseServiceDeps,
  partnershipId: string,
  filters: CaseListFilters,
) {
  const { db } = deps;
  const nowUtc = isoNow(deps);
  const byAgency = db
    .selectFrom('case_agencies as v')
    .innerJoin('cases', 'cases.id', 'v.case_id')
    .where('v.agency_id', '=', filters.agency ?? '');
  // one query shape for both: Kysely types the join; without an agency, `v` is never named
  const from = filters.agency ? byAgency : (db.selectFrom('cases') as unknown as typeof byAgency);
  const order = filters.agency
    ? ({ due: 'v.due_at_utc', raised: 'v.raised_at', id: 'v.case_id' } as const)
    : ({ due: 'cases.due_at_utc', raised: 'cases.raised_at', id: 'cases.id' } as const);
  return (dated: boolean) => {
    let query = from
      .selectAll('cases')
      .where('cases.partnership_id', '=', partnershipId)
      .where(order.due, dated ? 'is not' : 'is', null);
    if (filters.category) query = query.where('cases.category', '=', filters.category);
    if (filters.status) query = query.where('cases.status', '=', filters.status);
    if (filters.stage !== undefined) query = query.where('cases.stage_number', '=', filters.stage);
    if (filters.overdue === true)
      query = query.where('cases.status', '=', 'open').where(order.due, '<', nowUtc);
    if (filters.overdue === false && dated) query = query.where(order.due, '>=', nowUtc);
    // the undated are ordered by their (null) due time too: a no-op for the order, but then it
    // is the index's own, and PostgreSQL, which does not take "is null" as fixing the column,
    // walks the index instead of sorting the partnership's whole closed history
    return query.orderBy(order.due).orderBy(order.raised, 'desc').orderBy(order.id);
  };
}

/** The case list's order: soonest due first, then undated, newest raised first; then by id. */
export function listOrder(
  a: { due_at_utc: string | null; raised_at: string; id: string },
  b: { due_at_utc: string | null; raised_at: string; id: string },
): number {
  if (a.due_at_utc !== b.due_at_utc) {
    if (a.due_at_utc === null) return 1;
    if (b.due_at_utc === null) return -1;
    return a.due_at_utc < b.due_at_utc ? -1 : 1;
  }
  if (a.raised_at !== b.raised_at) return a.raised_at > b.raised_at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Everyone but the partnership-wide sees the cases they or anyone reporting to them take part
 * in (and a DSL, those involving their agency). Each person's (and the agency's) rows carry the
 * case's due and raised times (migration 015), so each is read off its index in the list's order
 * and stops at the limit: the first `limit` of the union are among the first `limit` of each.
 * Merged here, repeats dropped, cut to the limit (a later page: each walk reads to the page's
 * end, and the merge is cut to the page). With `onlyOwn` (My cases) only the person's own rows
 * are walked, whatever their role. Flat in the team's history; one short walk
 * per person in the team (bench/RESULTS.md, "Session 4: the national dashboard's roll-ups and a manager's case list").
 */
async function listTeamCases(
  deps: CaseServiceDeps,
  actor: Actor,
  filters: CaseListFilters,
  limit: number,
): Promise<CaseListItem[]> {
  const { db } = deps;
  const nowUtc = isoNow(deps);
  // a later page needs every case before it: each walk reads up to the page's end
  const offset = filters.offset ?? 0;
  const reach = offset + limit;
  const people = filters.onlyOwn ? [actor.personId] : await selfAndReports(db, actor.personId);
  type Source = {
    table: 'case_participants' | 'case_agencies';
    column: 'person_id' | 'agency_id';
    id: string;
  };
  const sources: Source[] = people.map((id) => ({
    table: 'case_participants',
    column: 'person_id',
    id,
  }));
  if (actor.role === 'dsl' && actor.agencyId && !filters.onlyOwn) {
    sources.push({ table: 'case_agencies', column: 'agency_id', id: actor.agencyId });
  }
  // the case is joined only when a filter needs it; otherwise each walk is read off the index
  // alone, and only the cases that make the list are fetched
  const needsCase =
    filters.status !== undefined ||
    filters.stage !== undefined ||
    filters.overdue === true ||
    filters.category !== undefined;
  const walk = (source: Source, dated: boolean) => {
    // both tables have case_id, due_at_utc and raised_at; typed as the first for Kysely
    let query = db
      .selectFrom(`${source.table} as v` as 'case_participants as v')
      .select(['v.case_id as id', 'v.due_at_utc', 'v.raised_at'])
      .where(`v.${source.column}` as 'v.person_id', '=', source.id)
      .where('v.due_at_utc', dated ? 'is not' : 'is', null);
    if (needsCase) {
      query = query.where(({ exists, selectFrom }) => {
        let found = selectFrom('cases').select('cases.id').whereRef('cases.id', '=', 'v.case_id');
        if (filters.status) found = found.where('cases.status', '=', filters.status);
        if (filters.stage !== undefined)
          found = found.where('cases.stage_number', '=', filters.stage);
        if (filters.overdue === true) found = found.where('cases.status', '=', 'open');
        if (filters.category) found = found.where('cases.category', '=', filters.category);
        return exists(found);
      });
    }
    if (filters.agency) {
      const agencyId = filters.agency;
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('case_agencies as a')
            .select('a.case_id')
            .whereRef('a.case_id', '=', 'v.case_id')
            .where('a.agency_id', '=', agencyId),
        ),
      );
    }
    if (filters.overdue === true) query = query.where('v.due_at_utc', '<', nowUtc);
    if (filters.overdue === false && dated) query = query.where('v.due_at_utc', '>=', nowUtc);
    if (dated) query = query.orderBy('v.due_at_utc');
    return query.orderBy('v.raised_at', 'desc').orderBy('v.case_id').limit(reach).execute();
  };
  const walks = await Promise.all(
    sources.flatMap((source) =>
      filters.overdue === true ? [walk(source, true)] : [walk(source, true), walk(source, false)],
    ),
  );
  const byId = new Map<string, { id: string; due_at_utc: string | null; raised_at: string }>();
  for (const rows of walks) {
    for (const row of rows) byId.set(row.id, { ...row, raised_at: row.raised_at as string });
  }
  const ids = [...byId.values()]
    .sort(listOrder)
    .slice(offset, reach)
    .map((row) => row.id);
  if (ids.length === 0) return [];
  const cases = new Map(
    (await db.selectFrom('cases').selectAll().where('id', 'in', ids).execute()).map((row) => [
      row.id,
      row,
    ]),
  );
  return ids.map((id) => listItem(cases.get(id) as Selectable<CaseTable>, nowUtc));
}

function listItem(row: Selectable<CaseTable>, nowUtc: string): CaseListItem {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    stage: { number: row.stage_number, key: row.stage_key },
    dueAt: row.due_at,
    overdue: row.status === 'open' && row.due_at_utc !== null && row.due_at_utc < nowUtc,
    category: row.category,
    immediateRisk: row.immediate_risk === 1,
    raisedAt: row.raised_at,
    raisedBy: row.raised_by_id,
    version: row.version,
  };
}
