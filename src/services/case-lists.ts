/**
 * The case lists beyond "My cases": a team's (a manager's reports, anywhere down the line, and
 * a DSL's agency) and a partnership's (the partnership team and the chair), each case with who
 * holds its current stage. Both read listCases, so they list exactly what need-to-know lets the
 * person see, in the list's order (overdue, then soonest due, then undated newest raised).
 */
import type { Db } from '../store/database.js';
import { isPartnershipWide } from './access.js';
import type { CaseServiceDeps } from './cases/index.js';
import {
  type CaseListFilters,
  type CaseListItem,
  countPartnershipCases,
  listCases,
} from './list-cases.js';
import type { Actor } from './people.js';

/** A page of a list: this many cases. */
export const CASES_PER_PAGE = 50;

/**
 * The holders of a stage as its stage-entered event names them. `partnership` (the chair, the
 * panel's members or the partnership team at the chair's stage) is newer than the other two and
 * absent from older events.
 */
export interface StageHolders {
  raising: string[];
  other: string[];
  partnership?: string[];
}

export const holderIds = (h: StageHolders | undefined): string[] => [
  ...(h?.raising ?? []),
  ...(h?.other ?? []),
  ...(h?.partnership ?? []),
];

/** The holders of each case's current stage, from its latest stage-entered event. */
export async function currentHolders(
  db: Db,
  caseIds: string[],
): Promise<Map<string, StageHolders>> {
  const holders = new Map<string, StageHolders>();
  if (caseIds.length === 0) return holders;
  const rows = await db
    .selectFrom('events')
    .select(['case_id', 'data'])
    .where('type', '=', 'stage-entered')
    .where('case_id', 'in', caseIds)
    .orderBy('case_id')
    .orderBy('seq')
    .execute();
  // in order of seq, so the last one set is the latest
  for (const row of rows)
    holders.set(row.case_id, (JSON.parse(row.data) as { holders: StageHolders }).holders);
  return holders;
}

export interface Holder {
  name: string;
  agency: string | null;
}

export interface ListedCase extends CaseListItem {
  holders: Holder[];
}

/** The cases with the names (and agencies) of who holds each now. */
async function withHolders(db: Db, cases: CaseListItem[]): Promise<ListedCase[]> {
  const holders = await currentHolders(
    db,
    cases.map((c) => c.id),
  );
  const ids = [...new Set([...holders.values()].flatMap(holderIds))];
  const people =
    ids.length === 0
      ? []
      : await db
          .selectFrom('people')
          .leftJoin('agencies', 'agencies.id', 'people.agency_id')
          .select(['people.id', 'people.name', 'agencies.name as agency'])
          .where('people.id', 'in', ids)
          .execute();
  const byId = new Map(people.map((p) => [p.id, { name: p.name, agency: p.agency }]));
  return cases.map((c) => ({
    ...c,
    holders: holderIds(holders.get(c.id))
      .map((id) => byId.get(id))
      .filter((h): h is Holder => h !== undefined),
  }));
}

/**
 * Whether the person has a team list: someone reports to them, or they are a DSL (their
 * agency's cases). The partnership team and chair have the partnership's list instead.
 */
export async function hasTeam(db: Db, actor: Actor): Promise<boolean> {
  if (isPartnershipWide(actor)) return false;
  if (actor.role === 'dsl' && actor.agencyId) return true;
  const report = await db
    .selectFrom('people')
    .select('id')
    .where('line_manager_id', '=', actor.personId)
    .limit(1)
    .executeTakeFirst();
  return report !== undefined;
}

/** The most overdue cases a team list counts one by one; beyond it the page says "or more". */
export const OVERDUE_COUNTED = 500;

export interface TeamCases {
  cases: ListedCase[];
  page: number;
  /** whether there is a page after this one */
  more: boolean;
  /** overdue open cases in the whole team list, up to OVERDUE_COUNTED */
  overdue: number;
}

/**
 * The open cases the person's reports (anywhere down the line) or they themself take part in,
 * and for a DSL every open case their agency is in: a page of them, overdue first. The same
 * cases listCases gives them (need-to-know), read off each team member's index walk.
 */
export async function teamCases(deps: CaseServiceDeps, actor: Actor, page = 1): Promise<TeamCases> {
  const filters: CaseListFilters = {
    status: 'open',
    offset: (page - 1) * CASES_PER_PAGE,
    limit: CASES_PER_PAGE + 1,
  };
  const [found, overdue] = await Promise.all([
    listCases(deps, actor, filters),
    teamOverdue(deps, actor),
  ]);
  return {
    cases: await withHolders(deps.db, found.slice(0, CASES_PER_PAGE)),
    page,
    more: found.length > CASES_PER_PAGE,
    overdue,
  };
}

export async function teamOverdue(deps: CaseServiceDeps, actor: Actor): Promise<number> {
  return (await listCases(deps, actor, { overdue: true, limit: OVERDUE_COUNTED })).length;
}

export interface PartnershipCases {
  cases: ListedCase[];
  page: number;
  pages: number;
  /** cases matching the filters */
  total: number;
  /** of those, overdue now */
  overdue: number;
}

/** A page of the partnership's cases (partnership team and chair only) matching the filters. */
export async function partnershipCases(
  deps: CaseServiceDeps,
  actor: Actor,
  filters: Omit<CaseListFilters, 'limit' | 'offset' | 'onlyOwn'>,
  page = 1,
): Promise<PartnershipCases> {
  if (!isPartnershipWide(actor)) return { cases: [], page, pages: 0, total: 0, overdue: 0 };
  const [found, counts] = await Promise.all([
    listCases(deps, actor, {
      ...filters,
      offset: (page - 1) * CASES_PER_PAGE,
      limit: CASES_PER_PAGE,
    }),
    countPartnershipCases(deps, actor, filters),
  ]);
  return {
    cases: await withHolders(deps.db, found),
    page,
    pages: Math.ceil(counts.total / CASES_PER_PAGE),
    total: counts.total,
    overdue: counts.overdue,
  };
}
