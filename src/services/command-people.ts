/**
 * The people a command names (the person consulted, the panel's members, who made a
 * representation) become participants of the case, and so may read it. A caller of the API could
 * name anyone's id, or claim a role or a board seat the person does not have, so every person a
 * command names is looked up here, in the directory, before the command is decided:
 * - they must work at an agency of the case's own partnership (and, for a consultation, at the
 *   raising agency, or at an agency it is with where the policy's step is a discussion with the
 *   other agency; for a representation, at one of the agencies in the disagreement);
 * - their role, agency and seat on the partnership's board or executive, and the agencies in the
 *   disagreement they represent there (as an agency's board member or deputy), are taken from the
 *   directory, not from the caller, so the engine checks a panel against the directory.
 * Anyone else is refused with a message naming the field, and nothing is written.
 */

import type { CaseCommand } from '../domain/case/index.js';
import type { Db } from '../store/database.js';

/** A refusal: the service turns it into InvalidRequest (422). */
export class NamedPersonRefused extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

interface Named {
  id: string;
  role: string;
  agencyId: string;
  seat: 'board' | 'executive' | 'none';
}

/** `ids` is never empty: a command names one person, or a panel of at least one member. */
async function lookUp(db: Db, partnershipId: string, ids: string[]): Promise<Map<string, Named>> {
  const rows = await db
    .selectFrom('people')
    .innerJoin('agencies', 'agencies.id', 'people.agency_id')
    .select([
      'people.id',
      'people.role',
      'people.agency_id',
      'people.on_board',
      'people.on_executive',
    ])
    .where('people.id', 'in', ids)
    .where('people.partnership_id', '=', partnershipId)
    .where('agencies.partnership_id', '=', partnershipId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        role: r.role,
        agencyId: r.agency_id as string,
        seat: r.on_executive
          ? ('executive' as const)
          : r.on_board
            ? ('board' as const)
            : ('none' as const),
      },
    ]),
  );
}

export interface CaseAgencies {
  partnershipId: string;
  raisingAgencyId: string;
  otherAgencyIds: readonly string[];
  /** whom the policy's consultation step is with */
  consultationWith: 'own-agency' | 'other-agency';
}

/** For each agency in the disagreement, who represents it on the board: member and deputy. */
async function representatives(db: Db, agencyIds: readonly string[]) {
  const rows = await db
    .selectFrom('agencies')
    .select(['id', 'board_member_id', 'board_deputy_id'])
    .where('id', 'in', [...agencyIds])
    .execute();
  return (personId: string) =>
    rows
      .filter((r) => r.board_member_id === personId || r.board_deputy_id === personId)
      .map((r) => r.id);
}

/** The command with the people it names checked against the directory, or NamedPersonRefused. */
export async function checkNamedPeople(
  db: Db,
  command: CaseCommand,
  c: CaseAgencies,
): Promise<CaseCommand> {
  if (command.type === 'record-consultation') {
    const found = (await lookUp(db, c.partnershipId, [command.with.personId])).get(
      command.with.personId,
    );
    const withOther = c.consultationWith === 'other-agency';
    const atRightAgency =
      found !== undefined &&
      (withOther
        ? c.otherAgencyIds.includes(found.agencyId)
        : found.agencyId === c.raisingAgencyId);
    if (!found || !atRightAgency) {
      throw new NamedPersonRefused(
        withOther
          ? 'Select the person you discussed it with at the other agency.'
          : 'Select the person you consulted from your own agency.',
        'with.personId',
      );
    }
    return {
      ...command,
      with: {
        personId: found.id,
        role: found.role as typeof command.with.role,
        agencyId: found.agencyId,
      },
    };
  }
  if (command.type === 'record-representation') {
    const found = (await lookUp(db, c.partnershipId, [command.fromPersonId])).get(
      command.fromPersonId,
    );
    const inDispute = [c.raisingAgencyId, ...c.otherAgencyIds];
    if (!found || !inDispute.includes(found.agencyId)) {
      throw new NamedPersonRefused(
        'Select who made the representation from an agency in the disagreement.',
        'fromPersonId',
      );
    }
    return { ...command, fromPersonId: found.id, fromAgencyId: found.agencyId };
  }
  if (command.type === 'convene-panel') {
    const ids = command.members.map((m) => m.personId);
    const found = await lookUp(db, c.partnershipId, ids);
    const represented = await representatives(db, [c.raisingAgencyId, ...c.otherAgencyIds]);
    const members = command.members.map((m, i) => {
      const person = found.get(m.personId);
      if (!person) {
        throw new NamedPersonRefused(
          'Select the panel members from the people at your partnership’s agencies.',
          `members.${i}.personId`,
        );
      }
      return {
        personId: person.id,
        agencyId: person.agencyId,
        seat: person.seat,
        represents: represented(person.id),
      };
    });
    if (new Set(ids).size !== ids.length) {
      throw new NamedPersonRefused('Select each panel member once.', 'members');
    }
    return { ...command, members };
  }
  return command;
}
