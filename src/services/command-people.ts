/**
 * The people a command names (the person consulted, the panel's members, who made a
 * representation) become participants of the case, and so may read it. A caller of the API could
 * name anyone's id, or claim a role or a board seat the person does not have, so every person a
 * command names is looked up here, in the directory, before the command is decided:
 * - they must work at an agency of the case's own partnership (and, for a consultation, at the
 *   raising agency; for a representation, at one of the agencies in the disagreement);
 * - their role and agency are taken from the directory, not from the caller. (A panel member's
 *   board or executive seat stays as the chair records it: only the chair convenes a panel, and
 *   the chair, not a possibly stale directory, knows who sits on their board.)
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
}

async function lookUp(db: Db, partnershipId: string, ids: string[]): Promise<Map<string, Named>> {
  const rows =
    ids.length === 0
      ? []
      : await db
          .selectFrom('people')
          .innerJoin('agencies', 'agencies.id', 'people.agency_id')
          .select(['people.id', 'people.role', 'people.agency_id'])
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
      },
    ]),
  );
}

export interface CaseAgencies {
  partnershipId: string;
  raisingAgencyId: string;
  otherAgencyIds: readonly string[];
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
    if (!found || found.agencyId !== c.raisingAgencyId) {
      throw new NamedPersonRefused(
        'Select the person you consulted from your own agency.',
        'with.personId',
      );
    }
    return {
      ...command,
      with: { personId: found.id, role: found.role as typeof command.with.role },
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
    const members = command.members.map((m, i) => {
      const person = found.get(m.personId);
      if (!person) {
        throw new NamedPersonRefused(
          'Select the panel members from the people at your partnership’s agencies.',
          `members.${i}.personId`,
        );
      }
      return { personId: person.id, agencyId: person.agencyId, boardMember: m.boardMember };
    });
    if (new Set(ids).size !== ids.length) {
      throw new NamedPersonRefused('Select each panel member once.', 'members');
    }
    return { ...command, members };
  }
  return command;
}
