/**
 * Who holds a stage on each side, found from the directory: on the raising side, the raiser
 * when their role takes part in the stage, else the next person up the raiser's
 * line-management chain whose role the stage involves (or, when the
 * conflict is with the line manager, the manager above them: seed 004, Stage 1); on each
 * other agency, its named escalation manager when the stage involves their role, else the
 * first person holding the stage's first role that the agency has. A stage whose policy says
 * an agency of some sector is held from outside its line (`sectorHolders`, issue 18) is held
 * for that agency, on whichever side, by the person in the named role at another agency.
 */
import type { HeldFromOutside, Holders, MissingHolder } from '../domain/case/events.js';
import {
  chooseSectorHolder,
  type Role,
  type SectorHolderCandidate,
  type Stage,
  sectorHolderFor,
} from '../domain/policy/schema.js';
import type { Db } from '../store/database.js';
import { sectorHolderCandidates } from './sector-holders.js';

interface Person {
  id: string;
  role: string;
  agency_id: string | null;
  line_manager_id: string | null;
  name: string;
}

export interface HolderQuery {
  stage: Stage;
  /** the chair's stage: held by the partnership's chair and its partnership team */
  final?: boolean;
  /** at the chair's stage: who held the case for each side until now (they stay its contacts) */
  sidesBefore?: { raising: string[]; other: string[]; outside?: HeldFromOutside[] };
  partnershipId?: string;
  /** 1 for the first stage: the raiser holds it on their side */
  stageNumber: number;
  raiserId: string;
  raisingAgencyId: string;
  otherAgencyIds: readonly string[];
  /** the people the raiser named as the other professionals, for stage 1 */
  namedOthers?: readonly string[];
  conflictWithLineManager?: boolean;
}

async function lineManagerChain(db: Db, personId: string): Promise<Person[]> {
  const chain: Person[] = [];
  const seen = new Set([personId]);
  let current = await db
    .selectFrom('people')
    .select(['id', 'role', 'agency_id', 'line_manager_id', 'name'])
    .where('id', '=', personId)
    .executeTakeFirst();
  while (current?.line_manager_id && !seen.has(current.line_manager_id)) {
    seen.add(current.line_manager_id);
    current = await db
      .selectFrom('people')
      .select(['id', 'role', 'agency_id', 'line_manager_id', 'name'])
      .where('id', '=', current.line_manager_id)
      .executeTakeFirst();
    // Stryker disable next-line ConditionalExpression: equivalent, because people.line_manager_id references people.id (migration 001), so the manager is always found
    if (current) chain.push(current);
  }
  return chain;
}

async function firstWithRole(
  db: Db,
  agencyId: string,
  roles: readonly Role[],
): Promise<string | undefined> {
  const agency = await db
    .selectFrom('agencies')
    .select('escalation_manager_id')
    .where('id', '=', agencyId)
    .executeTakeFirst();
  const people = await db
    .selectFrom('people')
    .select(['id', 'role', 'name'])
    .where('agency_id', '=', agencyId)
    .where('role', 'in', [...roles])
    .orderBy('name')
    .execute();
  // Stryker disable next-line OptionalChaining: equivalent, because with no such agency nobody works there, so find has nobody to test
  const named = people.find((p) => p.id === agency?.escalation_manager_id);
  if (named) return named.id;
  for (const role of roles) {
    const person = people.find((p) => p.role === role);
    if (person) return person.id;
  }
  return undefined;
}

/**
 * The chair's stage is held by the partnership's chair and partnership team (the panel's
 * members join when it is convened: state.ts); with no chair in the directory it is flagged.
 * The sides' last holders (the directors, say) stay named for their agencies: the chair
 * resolves it with them, and they are told the decision; they no longer take a turn
 * (permissions.ts: at the chair's stage only the partnership holds it).
 */
async function partnershipHolders(
  db: Db,
  partnershipId: string,
  sidesBefore: { raising: string[]; other: string[]; outside?: HeldFromOutside[] } = {
    raising: [],
    other: [],
  },
): Promise<Holders> {
  const rows = await db
    .selectFrom('people')
    .select(['id', 'role'])
    .where('partnership_id', '=', partnershipId)
    .where('role', 'in', ['chair', 'partnership-team'])
    .orderBy('role')
    .orderBy('name')
    .execute();
  const chairs = rows.filter((r) => r.role === 'chair').map((r) => r.id);
  const team = rows.filter((r) => r.role === 'partnership-team').map((r) => r.id);
  return {
    raising: sidesBefore.raising,
    other: sidesBefore.other,
    // whose side a contact held from outside its agency, for the case page; they take no turn here
    ...(sidesBefore.outside?.length ? { outside: sidesBefore.outside } : {}),
    partnership: [...chairs, ...team],
    ...(chairs.length === 0 ? { missing: [{ side: 'partnership' as const }] } : {}),
  };
}

/** The sector of each agency (never none: a case always has its raising agency). */
async function sectorsOf(db: Db, agencyIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('agencies')
    .select(['id', 'sector'])
    .where('id', 'in', [...agencyIds])
    .execute();
  return new Map(rows.map((r) => [r.id, r.sector]));
}

/**
 * The stage's holders chosen by sector (sectorHolders): for each agency in the case whose sector
 * the stage names, the person at another agency who holds it for that agency, or undefined when
 * the directory has nobody. Agencies of other sectors are absent from the answer.
 */
async function heldBySector(
  db: Db,
  query: HolderQuery,
): Promise<Map<string, SectorHolderCandidate | undefined>> {
  const held = new Map<string, SectorHolderCandidate | undefined>();
  const rules = query.stage.sectorHolders;
  if (!rules || !query.partnershipId) return held;
  const agencies = [query.raisingAgencyId, ...query.otherAgencyIds];
  const sectors = await sectorsOf(db, agencies);
  const candidates = await sectorHolderCandidates(db, query.partnershipId, [
    ...new Set(rules.map((r) => r.heldBy.role)),
  ]);
  for (const agencyId of agencies) {
    // Stryker disable next-line StringLiteral: equivalent, because no rule is for a sector '' or any other word outside the vocabulary
    const rule = sectorHolderFor(query.stage, sectors.get(agencyId) ?? '');
    if (rule) held.set(agencyId, chooseSectorHolder(rule, agencyId, candidates));
  }
  return held;
}

/** The agency of each person named (called only when the raiser named someone). */
async function agenciesOf(db: Db, ids: readonly string[]): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('people')
    .select(['id', 'agency_id'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.agency_id]));
}

export async function findHolders(db: Db, query: HolderQuery): Promise<Holders> {
  if (query.final && query.partnershipId) {
    return partnershipHolders(db, query.partnershipId, query.sidesBefore);
  }
  const bySector = await heldBySector(db, query);
  const outside: HeldFromOutside[] = [];
  const missing: MissingHolder[] = [];
  /** true when the agency's stage is held from outside its line (or would be, but nobody is named) */
  const heldOutside = (side: 'raising' | 'other', agencyId: string, ids: string[]): boolean => {
    if (!bySector.has(agencyId)) return false;
    const person = bySector.get(agencyId);
    if (person) {
      if (!ids.includes(person.id)) ids.push(person.id);
      outside.push({ side, agencyId, personId: person.id });
    } else missing.push({ side, agencyId });
    return true;
  };
  const roles = query.stage.participants.roles;
  const raising: string[] = [];
  if (!heldOutside('raising', query.raisingAgencyId, raising)) {
    await raisingHolder(db, query, roles, raising);
    if (raising.length === 0) missing.push({ side: 'raising', agencyId: query.raisingAgencyId });
  }
  const other: string[] = [];
  const ownOthers = query.otherAgencyIds.filter((id) => !heldOutside('other', id, other));
  if (query.stageNumber === 1 && query.namedOthers && query.namedOthers.length > 0) {
    // the professionals the raiser named, less those at an agency held from outside its line
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, because with no agency held from outside nobody is left out either way: the test only saves a query
    const agencyOf = bySector.size > 0 ? await agenciesOf(db, query.namedOthers) : undefined;
    for (const id of query.namedOthers) {
      const agencyId = agencyOf?.get(id);
      if (agencyId && bySector.has(agencyId)) continue;
      if (!other.includes(id)) other.push(id);
    }
  } else {
    for (const agencyId of ownOthers) {
      const holder = await firstWithRole(db, agencyId, roles);
      if (holder) other.push(holder);
      else missing.push({ side: 'other', agencyId });
    }
  }
  return {
    raising,
    other,
    ...(missing.length > 0 ? { missing } : {}),
    ...(outside.length > 0 ? { outside } : {}),
  };
}

/** The raising side's own holder: the raiser, or up their line, or the agency's first in role. */
async function raisingHolder(
  db: Db,
  query: HolderQuery,
  roles: readonly Role[],
  raising: string[],
): Promise<void> {
  const raiser = await db
    .selectFrom('people')
    .select('role')
    .where('id', '=', query.raiserId)
    .executeTakeFirst();
  // The raiser holds a stage their own role takes part in, and the first stage whenever it is
  // professional to professional; otherwise it goes up their line-management chain.
  const raiserTakesPart =
    roles.includes(raiser?.role as Role) ||
    (query.stageNumber === 1 && roles.includes('frontline'));
  if (raiserTakesPart && !query.conflictWithLineManager) {
    raising.push(query.raiserId);
    return;
  }
  const chain = await lineManagerChain(db, query.raiserId);
  const candidates = chain.filter((p) => roles.includes(p.role as Role));
  // Stryker disable next-line OptionalChaining: equivalent, because candidates come from chain, so with no chain[0] there is nobody to test
  const notLineManager = (p: Person) => p.id !== chain[0]?.id;
  const chosen = query.conflictWithLineManager
    ? (candidates.find(notLineManager) ?? chain[1])
    : candidates[0];
  const holder = chosen?.id ?? (await firstWithRole(db, query.raisingAgencyId, roles));
  if (holder) raising.push(holder);
}
