/**
 * What the case pages need besides the case itself (openCase): the names behind the ids, whose
 * turn it is, and the people an action's form offers. Call these only after openCase has let
 * the person see the case.
 */
import { finalStageNumber, stageAt } from '../domain/case/stages.js';
import { type Side, type Turn, whoseTurn } from '../domain/case/turn.js';
import type { Role, Sector } from '../domain/policy/schema.js';
import type { Db } from '../store/database.js';
import { prepared } from '../store/prepared.js';
import { ROLE_LABELS } from '../words.js';
import type { CaseServiceDeps, OpenCase } from './cases/index.js';
import type { Actor } from './people.js';

export interface Names {
  people: Record<string, { name: string; agency: string | null }>;
  agencies: Record<string, string>;
}

// the case page's own look-ups, compiled once (src/store/prepared.ts)
const peopleNamed = prepared((db, p: { ids: string[] }) =>
  db
    .selectFrom('people')
    .leftJoin('agencies', 'agencies.id', 'people.agency_id')
    .select(['people.id', 'people.name', 'agencies.name as agency'])
    .where('people.id', 'in', p.ids),
);
const agenciesNamed = prepared((db, p: { ids: string[] }) =>
  db.selectFrom('agencies').select(['id', 'name']).where('id', 'in', p.ids),
);

export async function directoryNames(
  db: Db,
  personIds: string[],
  agencyIds: string[],
): Promise<Names> {
  const people = personIds.length
    ? await peopleNamed.execute(db, { ids: [...new Set(personIds)] })
    : [];
  const agencies = agencyIds.length
    ? await agenciesNamed.execute(db, { ids: [...new Set(agencyIds)] })
    : [];
  return {
    people: Object.fromEntries(people.map((p) => [p.id, { name: p.name, agency: p.agency }])),
    agencies: Object.fromEntries(agencies.map((a) => [a.id, a.name])),
  };
}

export interface PersonChoice {
  id: string;
  name: string;
  role: string;
  agencyId: string;
  agency: string;
}

export function peopleWithAgency(db: Db) {
  return db
    .selectFrom('people')
    .innerJoin('agencies', 'agencies.id', 'people.agency_id')
    .select([
      'people.id',
      'people.name',
      'people.role',
      'agencies.id as agencyId',
      'agencies.name as agency',
    ])
    .orderBy('agencies.name')
    .orderBy('people.name');
}

/** People at the given agencies, optionally with one of the roles. */
export function peopleAt(db: Db, agencyIds: string[], roles?: Role[]): Promise<PersonChoice[]> {
  let query = peopleWithAgency(db).where('people.agency_id', 'in', agencyIds);
  if (roles) query = query.where('people.role', 'in', roles);
  return query.execute();
}

export interface HolderContact {
  side: Side;
  name: string;
  role: string;
  agency: string | null;
  email: string;
  /** the person's own phone, else their agency's duty line */
  phone: string | null;
  /** the person looking at the page */
  isYou: boolean;
  /**
   * the agency on this side they hold the stage for, when it is not their own (the policy's
   * sectorHolders: a GP practice's side held by the health commissioner's liaison officer)
   */
  heldFor?: string;
}

/** What the case page puts first: whose turn it is, what is asked of you, and how to reach them. */
export interface CaseTurn extends Turn {
  holders: HolderContact[];
  /** for whom nobody could be named to hold the stage (agency names, or "the partnership") */
  missing: string[];
  stage: {
    guidance: string | null;
    /** example job titles at this stage for the viewer's sector */
    examples: string[];
    advice: string[];
    advisers: string[];
  };
  principles: string[];
  /** the policy's aims ("not be defensive if challenged", 002 1.1; what to read it with, 1.2) */
  aims: string[];
  /** once the case is with the chair: how the policy says to reach the chair and the partnership */
  partnershipContacts: { name: string; email?: string; phone?: string }[];
}

const holderContacts = prepared((db, p: { ids: string[] }) =>
  db
    .selectFrom('people')
    .leftJoin('agencies', 'agencies.id', 'people.agency_id')
    .select([
      'people.id',
      'people.name',
      'people.role',
      'people.email',
      'people.phone',
      'agencies.name as agency',
      'agencies.duty_phone',
    ])
    .where('people.id', 'in', p.ids),
);

const sectorOf = prepared((db, p: { agencyId: string }) =>
  db.selectFrom('agencies').select('sector').where('id', '=', p.agencyId),
);

/** Whose turn it is on a case opened for this person, and how to reach the holders. */
export async function caseTurn(
  deps: CaseServiceDeps,
  actor: Actor,
  opened: OpenCase,
): Promise<CaseTurn> {
  const { state, policy } = opened;
  const turn = whoseTurn(state, policy, opened.context.actor);
  const { raising, other, partnership = [], missing = [] } = state.stage.holders;
  const bySide: [Side, string[]][] = [
    ['raising', raising],
    ['other', other],
    ['partnership', partnership],
  ];
  const ids = [...raising, ...other, ...partnership];
  const rows = ids.length ? await holderContacts.execute(deps.db, { ids }) : [];
  const outside = state.stage.holders.outside ?? [];
  const missingAgencies = missing.flatMap((m) => (m.agencyId ? [m.agencyId] : []));
  const named = [...missingAgencies, ...outside.map((o) => o.agencyId)];
  const names = named.length
    ? await directoryNames(deps.db, [], named)
    : { agencies: {} as Record<string, string> };
  const heldFor = (side: Side, id: string): { heldFor?: string } => {
    const held = outside.find((o) => o.side === side && o.personId === id);
    return held ? { heldFor: names.agencies[held.agencyId] ?? 'an agency' } : {};
  };
  const holders = bySide.flatMap(([side, sideIds]) =>
    sideIds.flatMap((id) => {
      const row = rows.find((r) => r.id === id);
      if (!row) return [];
      return [
        {
          side,
          name: row.name,
          role: ROLE_LABELS[row.role] ?? row.role,
          agency: row.agency,
          email: row.email,
          phone: row.phone ?? row.duty_phone,
          isYou: row.id === actor.personId,
          ...heldFor(side, id),
        },
      ];
    }),
  );
  const stage = stageAt(policy, state.stage.number);
  // someone holding a side from outside its agency (sectorHolders) is shown the examples for the
  // agency they hold it for, not their own
  const sectorAgency =
    outside.find((o) => o.personId === actor.personId)?.agencyId ?? actor.agencyId;
  const sector = sectorAgency
    ? (await sectorOf.first(deps.db, { agencyId: sectorAgency }))?.sector
    : undefined;
  const examples = stage?.participants.examples ?? {};
  return {
    ...turn,
    holders,
    missing: missing.map((m) =>
      m.agencyId ? (names.agencies[m.agencyId] ?? 'an agency') : 'the partnership (no chair)',
    ),
    stage: {
      guidance: stage?.guidance ?? policy.consultation?.guidance ?? null,
      examples: sector ? (examples[sector as Sector] ?? []) : [],
      advice: (stage?.advice ?? []).map((a) => a.text),
      advisers: (stage?.participants.advisers ?? []).map((a) => a.description),
    },
    principles: (policy.principles ?? []).map((p) => p.text),
    aims: policy.aims.map((a) => a.text),
    partnershipContacts:
      state.stage.number === finalStageNumber(policy)
        ? [policy.contacts.chair, policy.contacts.businessUnit]
            .filter((c) => c !== undefined)
            .map(({ name, email, phone }) => ({
              name,
              ...(email ? { email } : {}),
              ...(phone ? { phone } : {}),
            }))
        : [],
  };
}
