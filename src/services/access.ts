/**
 * Need-to-know (QUALITY.md "Security"): a person sees a case only as a participant, a
 * participant's manager (anywhere up the line-management chain), their agency's DSL, or the
 * partnership team or chair of the case's partnership. Anyone else is told the case does not
 * exist (404), so a refusal leaks nothing.
 */
import type { Db } from '../store/database.js';
import type { Actor } from './people.js';

const PARTNERSHIP_WIDE = new Set(['partnership-team', 'chair']);

/** The partnership team and the chair see every case of their partnership. */
export function isPartnershipWide(actor: Pick<Actor, 'role'>): boolean {
  return PARTNERSHIP_WIDE.has(actor.role);
}

/** The actor and everyone who reports to them, directly or through other managers. */
export async function selfAndReports(db: Db, personId: string): Promise<string[]> {
  const found = new Set([personId]);
  let frontier = [personId];
  while (frontier.length > 0) {
    const reports = await db
      .selectFrom('people')
      .select('id')
      .where('line_manager_id', 'in', frontier)
      .execute();
    frontier = reports.map((r) => r.id).filter((id) => !found.has(id));
    for (const id of frontier) found.add(id);
  }
  return [...found];
}

/** A Kysely filter of the case ids this actor may see, for lists. */
export async function visibleCaseIds(db: Db, actor: Actor) {
  if (PARTNERSHIP_WIDE.has(actor.role)) {
    return db
      .selectFrom('cases')
      .select('cases.id')
      .where('cases.partnership_id', '=', actor.partnershipId);
  }
  const people = await selfAndReports(db, actor.personId);
  let query = db
    .selectFrom('case_participants')
    .select('case_participants.case_id as id')
    .where('case_participants.person_id', 'in', people);
  if (actor.role === 'dsl' && actor.agencyId) {
    query = query.union(
      db
        .selectFrom('case_agencies')
        .select('case_agencies.case_id as id')
        .where('case_agencies.agency_id', '=', actor.agencyId),
    );
  }
  return query;
}

export async function maySeeCase(db: Db, actor: Actor, caseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('cases')
    .select(['id', 'partnership_id'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  return row ? maySeeCaseRow(db, actor, row) : false;
}

/** As maySeeCase, for a case whose row the caller has already read. */
export async function maySeeCaseRow(
  db: Db,
  actor: Actor,
  row: { id: string; partnership_id: string },
): Promise<boolean> {
  const caseId = row.id;
  if (PARTNERSHIP_WIDE.has(actor.role)) return row.partnership_id === actor.partnershipId;
  if (actor.role === 'dsl' && actor.agencyId) {
    const ofAgency = await db
      .selectFrom('case_agencies')
      .select('case_id')
      .where('case_id', '=', caseId)
      .where('agency_id', '=', actor.agencyId)
      .executeTakeFirst();
    if (ofAgency) return true;
  }
  const people = await selfAndReports(db, actor.personId);
  const participant = await db
    .selectFrom('case_participants')
    .select('person_id')
    .where('case_id', '=', caseId)
    .where('person_id', 'in', people)
    .executeTakeFirst();
  return participant !== undefined;
}
