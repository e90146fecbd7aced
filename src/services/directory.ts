/**
 * Loading the directory (partnerships, agencies, people) from a directory file, in one
 * transaction: partnerships are matched by key, agencies by name within their partnership and
 * people by e-mail, so importing the same file twice changes nothing.
 *
 * Longer than 300 lines because one import is one transaction that checks every partnership,
 * agency and person against each other before writing any.
 */
import { randomUUID } from 'node:crypto';
import type { DirectoryFile, PersonEntry } from '../domain/directory.js';
import type { Db } from '../store/database.js';
import { queueAccountNotice } from './account-notices.js';

export interface DirectoryImportOptions {
  /** ids of the policies that exist, to refuse a directory naming an unknown one */
  policyIds: ReadonlySet<string>;
  /**
   * each stored policy's partnership and scope, by id (`registeredPolicies`): when given, a
   * partnership must name its own partnership policy and an agency its own partnership's local
   * version, else the import is refused with the reason
   */
  policies?: ReadonlyMap<string, PolicyOwner>;
  /** the password hash to set for a person, if any (demo sign-ins) */
  passwordHashFor?: (person: PersonEntry) => Promise<string | undefined>;
  now: string;
}

export interface DirectoryImportResult {
  partnerships: number;
  agencies: number;
  people: number;
}

export interface PolicyOwner {
  partnership: string;
  scope: 'partnership' | 'agency';
}

export class DirectoryError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'DirectoryError';
  }
}

/** Checks what a schema cannot: references between entries. */
export function directoryProblems(
  file: DirectoryFile,
  policyIds: ReadonlySet<string>,
  policies?: ReadonlyMap<string, PolicyOwner>,
): string[] {
  const problems: string[] = [];
  const emails = new Map<string, string>();
  file.partnerships.forEach((partnership, p) => {
    const where = `partnerships[${p}]`;
    if (!policyIds.has(partnership.policy)) {
      problems.push(`${where}.policy: ${unknownPolicy(partnership.policy, partnership.key)}`);
    } else {
      const owner = policies?.get(partnership.policy);
      if (owner && owner.partnership !== partnership.key) {
        problems.push(
          `${where}.policy: the policy "${partnership.policy}" is partnership "${owner.partnership}"'s, not "${partnership.key}"'s (its file says "partnership: ${owner.partnership}")`,
        );
      } else if (owner && owner.scope !== 'partnership') {
        problems.push(
          `${where}.policy: the policy "${partnership.policy}" is an agency's local version ("scope: agency"): name the partnership's own policy here, and the local version on the agency`,
        );
      }
    }
    const everyone = [
      ...partnership.people.map((person, i) => ({ person, path: `${where}.people[${i}]` })),
      ...partnership.agencies.flatMap((agency, a) =>
        agency.people.map((person, i) => ({
          person,
          path: `${where}.agencies[${a}].people[${i}]`,
        })),
      ),
    ];
    for (const { person, path } of everyone) {
      const seen = emails.get(person.email.toLowerCase());
      if (seen) problems.push(`${path}.email: ${person.email} is already used at ${seen}`);
      emails.set(person.email.toLowerCase(), path);
    }
    const inPartnership = new Set(everyone.map(({ person }) => person.email.toLowerCase()));
    for (const { person, path } of everyone) {
      const previous = person.previousEmail?.toLowerCase();
      if (previous && emails.has(previous) && previous !== person.email.toLowerCase()) {
        problems.push(
          `${path}.previousEmail: ${person.previousEmail} is also listed as someone's current address`,
        );
      }
    }
    for (const { person, path } of everyone) {
      if (person.lineManager && !inPartnership.has(person.lineManager.toLowerCase())) {
        problems.push(
          `${path}.lineManager: nobody in this partnership has the e-mail ${person.lineManager}`,
        );
      }
    }
    const agencyNames = new Set<string>();
    // everyone in the partnership, by e-mail: whether they sit on the board or executive
    const seated = new Map(
      [...partnership.people, ...partnership.agencies.flatMap((a) => a.people)].map((p) => [
        p.email.toLowerCase(),
        p.onBoard || p.onExecutive,
      ]),
    );
    partnership.agencies.forEach((agency, a) => {
      const at = `${where}.agencies[${a}]`;
      if (agencyNames.has(agency.name))
        problems.push(`${at}.name: "${agency.name}" is listed twice`);
      agencyNames.add(agency.name);
      if (agency.policy && !policyIds.has(agency.policy)) {
        problems.push(`${at}.policy: ${unknownPolicy(agency.policy, partnership.key)}`);
      } else if (agency.policy) {
        const owner = policies?.get(agency.policy);
        if (owner && owner.partnership !== partnership.key) {
          problems.push(
            `${at}.policy: the policy "${agency.policy}" is partnership "${owner.partnership}"'s, not "${partnership.key}"'s: an agency follows its own partnership's procedure`,
          );
        }
      }
      const own = new Set(agency.people.map((person) => person.email.toLowerCase()));
      const manager = agency.escalationManager;
      if (manager && !own.has(manager.toLowerCase())) {
        problems.push(`${at}.escalationManager: ${manager} is not one of this agency's people`);
      }
      // a board member may sit at another agency: the one who represents a pre-school's sector
      for (const field of ['boardMember', 'boardDeputy'] as const) {
        const email = agency[field]?.toLowerCase();
        if (!email) continue;
        const person = seated.get(email);
        if (person === undefined) {
          problems.push(`${at}.${field}: ${agency[field]} is not one of this partnership's people`);
        } else if (!person) {
          problems.push(
            `${at}.${field}: ${agency[field]} does not sit on the board or executive (give them onBoard: true)`,
          );
        }
      }
    });
  });
  return problems;
}

function unknownPolicy(id: string, partnership: string): string {
  return `no policy has the id "${id}": add the policy first (escalate policy add FILE, or POST /api/v1/policies), with "partnership: ${partnership}" in it`;
}

export async function importDirectory(
  db: Db,
  file: DirectoryFile,
  options: DirectoryImportOptions,
): Promise<DirectoryImportResult> {
  const problems = directoryProblems(file, options.policyIds, options.policies);
  if (problems.length > 0) throw new DirectoryError(problems);

  // Hash outside the transaction: argon2 is deliberately slow.
  const hashes = new Map<string, string | undefined>();
  for (const partnership of file.partnerships) {
    for (const person of [
      ...partnership.people,
      ...partnership.agencies.flatMap((a) => a.people),
    ]) {
      hashes.set(person.email.toLowerCase(), await options.passwordHashFor?.(person));
    }
  }

  return db.transaction().execute(async (trx) => {
    const result: DirectoryImportResult = { partnerships: 0, agencies: 0, people: 0 };
    for (const partnership of file.partnerships) {
      const existing = await trx
        .selectFrom('partnerships')
        .select('id')
        .where('key', '=', partnership.key)
        .executeTakeFirst();
      const partnershipId = existing?.id ?? randomUUID();
      const partnershipRow = {
        name: partnership.name,
        policy_id: partnership.policy,
        calendar: partnership.calendar,
        business_unit_email: partnership.businessUnitEmail ?? null,
        hub_phone: partnership.hubPhone ?? null,
        retention_years: partnership.retention?.yearsAfterClosure ?? null,
      };
      if (existing) {
        await trx
          .updateTable('partnerships')
          .set(partnershipRow)
          .where('id', '=', partnershipId)
          .execute();
      } else {
        await trx
          .insertInto('partnerships')
          .values({
            id: partnershipId,
            key: partnership.key,
            created_at: options.now,
            ...partnershipRow,
          })
          .execute();
      }
      result.partnerships++;

      const personIds = new Map<string, string>();
      const upsertPerson = async (person: PersonEntry, agencyId: string | null) => {
        const email = person.email.toLowerCase();
        let found = await trx
          .selectFrom('people')
          .select('id')
          .where('email', '=', email)
          .executeTakeFirst();
        const previous = person.previousEmail?.toLowerCase();
        if (previous && previous !== email) {
          const before = await trx
            .selectFrom('people')
            .select('id')
            .where('email', '=', previous)
            .executeTakeFirst();
          if (before && found) {
            throw new DirectoryError([
              `${person.email}: both this address and the previous one, ${person.previousEmail}, belong to people already; leave out previousEmail, or remove one of them first`,
            ]);
          }
          if (before) {
            // The address changes: the same person (account, cases) at a new address, and the
            // old address is told (ASVS V2.5.5), in this transaction.
            await trx.updateTable('people').set({ email }).where('id', '=', before.id).execute();
            await queueAccountNotice(trx, {
              personId: before.id,
              email: previous,
              change: 'email-changed',
              at: new Date(options.now),
            });
            found = before;
          }
        }
        const id = found?.id ?? randomUUID();
        const row = {
          partnership_id: partnershipId,
          agency_id: agencyId,
          name: person.name,
          role: person.role,
          on_board: person.onBoard ? 1 : 0,
          on_executive: person.onExecutive ? 1 : 0,
          designated_health: person.designatedHealth ? 1 : 0,
          phone: person.phone ?? null,
          ...(hashes.get(email) ? { password_hash: hashes.get(email) } : {}),
        };
        if (found) await trx.updateTable('people').set(row).where('id', '=', id).execute();
        else {
          await trx
            .insertInto('people')
            .values({
              id,
              email,
              line_manager_id: null,
              created_at: options.now,
              password_hash: null,
              ...row,
            })
            .execute();
        }
        personIds.set(email, id);
        result.people++;
      };

      for (const person of partnership.people) await upsertPerson(person, null);
      const agencyIds = new Map<string, string>();
      for (const agency of partnership.agencies) {
        const found = await trx
          .selectFrom('agencies')
          .select('id')
          .where('partnership_id', '=', partnershipId)
          .where('name', '=', agency.name)
          .executeTakeFirst();
        const agencyId = found?.id ?? randomUUID();
        const row = {
          sector: agency.sector,
          policy_id: agency.policy ?? null,
          duty_email: agency.dutyEmail ?? null,
          duty_phone: agency.dutyPhone ?? null,
        };
        if (found) await trx.updateTable('agencies').set(row).where('id', '=', agencyId).execute();
        else {
          await trx
            .insertInto('agencies')
            .values({
              id: agencyId,
              partnership_id: partnershipId,
              name: agency.name,
              escalation_manager_id: null,
              board_member_id: null,
              board_deputy_id: null,
              created_at: options.now,
              ...row,
            })
            .execute();
        }
        result.agencies++;
        for (const person of agency.people) await upsertPerson(person, agencyId);
        await trx
          .updateTable('agencies')
          .set({
            escalation_manager_id: agency.escalationManager
              ? (personIds.get(agency.escalationManager.toLowerCase()) ?? null)
              : null,
          })
          .where('id', '=', agencyId)
          .execute();
        agencyIds.set(agency.name, agencyId);
      }

      // Board members after everyone: a pre-school's may sit at an agency listed later.
      const idOf = (email: string | undefined) =>
        email ? (personIds.get(email.toLowerCase()) ?? null) : null;
      for (const agency of partnership.agencies) {
        await trx
          .updateTable('agencies')
          .set({
            board_member_id: idOf(agency.boardMember),
            board_deputy_id: idOf(agency.boardDeputy),
          })
          .where('id', '=', agencyIds.get(agency.name) as string)
          .execute();
      }

      // Line managers last: a manager may be listed after the people they manage.
      const everyone = [...partnership.people, ...partnership.agencies.flatMap((a) => a.people)];
      for (const person of everyone) {
        const managerId = person.lineManager
          ? personIds.get(person.lineManager.toLowerCase())
          : undefined;
        await trx
          .updateTable('people')
          .set({ line_manager_id: managerId ?? null })
          .where('email', '=', person.email.toLowerCase())
          .execute();
      }
    }
    return result;
  });
}
