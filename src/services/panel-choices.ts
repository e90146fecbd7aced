/**
 * Whom the chair's-stage forms offer: the board and executive members a Resolution Panel is drawn
 * from, with their seat and the agencies in the disagreement they represent (as an agency's board
 * member or deputy, which is how a pre-school without a seat of its own is represented); the
 * board members to engage before a referral to the chair; the panel's members.
 */
import type { Db } from '../store/database.js';
import { type PersonChoice, peopleWithAgency } from './case-page.js';

export interface PanelCandidate extends PersonChoice {
  seat: 'board' | 'executive';
  /** names of the agencies in the disagreement this person represents on the board */
  represents: string[];
}

async function representing(db: Db, agencyIds: readonly string[]) {
  const rows =
    agencyIds.length === 0
      ? []
      : await db
          .selectFrom('agencies')
          .select(['name', 'board_member_id', 'board_deputy_id'])
          .where('id', 'in', [...agencyIds])
          .orderBy('name')
          .execute();
  return (personId: string) =>
    rows
      .filter((r) => r.board_member_id === personId || r.board_deputy_id === personId)
      .map((r) => r.name);
}

/** Board and executive members at the partnership's agencies: who may sit on a panel. */
export async function panelCandidates(
  db: Db,
  partnershipId: string,
  caseAgencyIds: readonly string[],
): Promise<PanelCandidate[]> {
  const rows = await peopleWithAgency(db)
    .select(['people.on_executive'])
    .where('people.partnership_id', '=', partnershipId)
    .where((eb) => eb.or([eb('people.on_board', '=', 1), eb('people.on_executive', '=', 1)]))
    .execute();
  const represents = await representing(db, caseAgencyIds);
  return rows.map(({ on_executive, ...person }) => ({
    ...person,
    seat: on_executive ? 'executive' : 'board',
    represents: represents(person.id),
  }));
}

/** The board members (and deputies) who represent the agencies in a disagreement. */
export async function boardMembersFor(
  db: Db,
  caseAgencyIds: readonly string[],
): Promise<PanelCandidate[]> {
  const represents = await representing(db, caseAgencyIds);
  const rows = await peopleWithAgency(db)
    .select(['people.on_executive'])
    .where((eb) =>
      eb.or([
        eb(
          'people.id',
          'in',
          eb
            .selectFrom('agencies')
            .select('board_member_id')
            .where('id', 'in', [...caseAgencyIds]),
        ),
        eb(
          'people.id',
          'in',
          eb
            .selectFrom('agencies')
            .select('board_deputy_id')
            .where('id', 'in', [...caseAgencyIds]),
        ),
      ]),
    )
    .execute();
  return rows.map(({ on_executive, ...person }) => ({
    ...person,
    seat: on_executive ? 'executive' : 'board',
    represents: represents(person.id),
  }));
}

/** The given people, with their agency (members of a convened panel). */
export function peopleById(db: Db, ids: readonly string[]): Promise<PersonChoice[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return peopleWithAgency(db)
    .where('people.id', 'in', [...ids])
    .execute();
}
