/**
 * Need-to-know (docs/security.md): a person sees a case only as a participant, a
 * participant's manager (anywhere up the line-management chain), their agency's DSL, or the
 * partnership team or chair of the case's partnership. Anyone else is told the case does not
 * exist (404), so a refusal leaks nothing.
 */
import { sql } from 'kysely';
import type { Actor as EngineActor } from '../domain/case/index.js';
import type { Db } from '../store/database.js';
import { prepared } from '../store/prepared.js';
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

/**
 * Whether a participant of the case is the actor or someone reporting to them, however far
 * down the line (a recursive query; UNION drops repeats, so even a loop in the line-management
 * data ends), or, for a DSL, whether the case involves their agency: one query, not one per
 * level of the chain (bench/RESULTS.md, session 3).
 */
function team(db: Db, personId: string) {
  return db.withRecursive('team(id)', (qb) =>
    qb
      // the alias is not read (team(id) names the column): an empty one passes on SQLite, where
      // Stryker runs, and fails need-to-know.test.ts on PostgreSQL, which refuses it
      .selectNoFrom(sql<string>`cast(${personId} as text)`.as('id'))
      .union(
        qb
          .selectFrom('people')
          .innerJoin('team', 'team.id', 'people.line_manager_id')
          .select('people.id'),
      ),
  );
}

const seenAsParticipant = prepared((db, p: { caseId: string; personId: string }) =>
  team(db, p.personId)
    // only whether a row comes back counts: an empty alias passes on SQLite, where Stryker runs,
    // and fails need-to-know.test.ts on PostgreSQL, which refuses it
    .selectNoFrom(sql<number>`1`.as('seen'))
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('case_participants')
          .select('case_participants.case_id')
          .where('case_participants.case_id', '=', p.caseId)
          .where('case_participants.person_id', 'in', selectFrom('team').select('team.id')),
      ),
    ),
);

const seenAsDsl = prepared((db, p: { caseId: string; personId: string; agencyId: string }) =>
  team(db, p.personId)
    // only whether a row comes back counts: an empty alias passes on SQLite, where Stryker runs,
    // and fails need-to-know.test.ts on PostgreSQL, which refuses it
    .selectNoFrom(sql<number>`1`.as('seen'))
    .where(({ exists, or, selectFrom }) =>
      or([
        exists(
          selectFrom('case_agencies')
            .select('case_agencies.case_id')
            .where('case_agencies.case_id', '=', p.caseId)
            .where('case_agencies.agency_id', '=', p.agencyId),
        ),
        exists(
          selectFrom('case_participants')
            .select('case_participants.case_id')
            .where('case_participants.case_id', '=', p.caseId)
            .where('case_participants.person_id', 'in', selectFrom('team').select('team.id')),
        ),
      ]),
    ),
);

/** As maySeeCase, for a case whose row the caller has already read. */
export async function maySeeCaseRow(
  db: Db,
  actor: Actor,
  row: { id: string; partnership_id: string },
): Promise<boolean> {
  if (PARTNERSHIP_WIDE.has(actor.role)) return row.partnership_id === actor.partnershipId;
  const seen =
    actor.role === 'dsl' && actor.agencyId
      ? await seenAsDsl.first(db, {
          caseId: row.id,
          personId: actor.personId,
          agencyId: actor.agencyId,
        })
      : await seenAsParticipant.first(db, { caseId: row.id, personId: actor.personId });
  return seen !== undefined;
}

/**
 * The person as the case engine sees them: their role, agency and everyone they may act for
 * (themselves and their reports, however far down the line), so that a manager may take the
 * turn of the person they manage (src/domain/case/permissions.ts).
 */
export async function engineActor(db: Db, actor: Actor): Promise<EngineActor> {
  const actsFor = isPartnershipWide(actor)
    ? [actor.personId]
    : (await teamOf.execute(db, { personId: actor.personId })).map((r) => r.id);
  return { ...actor, actsFor };
}

/** The person and everyone reporting to them, however far down: one recursive query. */
const teamOf = prepared((db, p: { personId: string }) =>
  team(db, p.personId).selectFrom('team').select('team.id'),
);
