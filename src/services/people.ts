/**
 * Reading the directory: the people and agencies of every partnership.
 */
import type { Role, Sector } from '../domain/policy/schema.js';
import type { Db } from '../store/database.js';
import { prepared } from '../store/prepared.js';
import { governingPolicyId } from './policy-registry.js';

export interface PersonSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
  agency: { id: string; name: string; sector: Sector } | null;
  partnership: string;
}

export interface AgencySummary {
  id: string;
  name: string;
  sector: Sector;
  partnership: string;
  /** the policy that governs a case this agency raises: its local version, else its partnership's */
  policy: string;
}

/** Someone signed in or holding a token: what access decisions and commands need. */
export interface Actor {
  personId: string;
  email: string;
  name: string;
  role: Role;
  agencyId: string | null;
  partnershipId: string;
}

function personQuery(db: Db) {
  return db
    .selectFrom('people')
    .innerJoin('partnerships', 'partnerships.id', 'people.partnership_id')
    .leftJoin('agencies', 'agencies.id', 'people.agency_id')
    .select([
      'people.id',
      'people.email',
      'people.name',
      'people.role',
      'people.partnership_id',
      'partnerships.key as partnership',
      'agencies.id as agency_id',
      'agencies.name as agency_name',
      'agencies.sector as agency_sector',
    ]);
}

type PersonRow = Awaited<ReturnType<ReturnType<typeof personQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: PersonRow): PersonSummary {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    agency:
      row.agency_id && row.agency_name && row.agency_sector
        ? { id: row.agency_id, name: row.agency_name, sector: row.agency_sector as Sector }
        : null,
    partnership: row.partnership,
  };
}

export async function listPeople(db: Db): Promise<PersonSummary[]> {
  const rows = await personQuery(db)
    .orderBy('partnerships.key')
    .orderBy('agencies.name')
    .orderBy('people.name')
    .execute();
  return rows.map(toSummary);
}

export async function listAgencies(db: Db): Promise<AgencySummary[]> {
  const rows = await db
    .selectFrom('agencies')
    .innerJoin('partnerships', 'partnerships.id', 'agencies.partnership_id')
    .select([
      'agencies.id',
      'agencies.name',
      'agencies.sector',
      'agencies.policy_id',
      'partnerships.key as partnership',
      'partnerships.policy_id as partnership_policy_id',
    ])
    .orderBy('partnerships.key')
    .orderBy('agencies.name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    sector: row.sector as Sector,
    partnership: row.partnership,
    policy: governingPolicyId(row.policy_id, row.partnership_policy_id),
  }));
}

// the signed-in person, read on every page view: compiled once (src/store/prepared.ts)
const personById = prepared((db, p: { personId: string }) =>
  db
    .selectFrom('people')
    .select(['id', 'email', 'name', 'role', 'agency_id', 'partnership_id'])
    .where('id', '=', p.personId),
);

export async function actorById(db: Db, personId: string): Promise<Actor | undefined> {
  const row = await personById.first(db, { personId });
  if (!row) return undefined;
  return {
    personId: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    agencyId: row.agency_id,
    partnershipId: row.partnership_id,
  };
}

export async function personIdByEmail(db: Db, email: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('people')
    .select('id')
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return row?.id;
}
