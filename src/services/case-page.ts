/**
 * What the case pages need besides the case itself (readCase): the names behind the ids, the
 * actions the person may take (asked of the engine), and the people an action's form offers.
 * Call these only after readCase has let the person see the case.
 */
import {
  type ActionType,
  availableActions,
  type CaseEvent,
  type Actor as EngineActor,
  fold,
} from '../domain/case/index.js';
import { finalStageNumber, stageAt } from '../domain/case/stages.js';
import { type Side, type Turn, whoseTurn } from '../domain/case/turn.js';
import type { Sector } from '../domain/policy/schema.js';
import type { Db } from '../store/database.js';
import { prepared } from '../store/prepared.js';
import { ROLE_LABELS } from '../words.js';
import { engineActor } from './access.js';
import { partnershipCalendar } from './calendars.js';
import { type CaseServiceDeps, type CaseView, stateOfRecord } from './cases.js';
import type { Actor } from './people.js';
import { policyVersion } from './policy-registry.js';

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
const partnershipOf = prepared((db, p: { caseId: string }) =>
  db.selectFrom('cases').select('partnership_id').where('id', '=', p.caseId),
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

/** The actions the engine lets this person take on a case they have just read. */
export async function actionsFor(
  deps: CaseServiceDeps,
  actor: Actor,
  view: CaseView,
  engine?: EngineActor,
): Promise<ActionType[]> {
  // the record read with the case folds to its state: no second read of the events, and no
  // second fold when readCase kept the folded case
  const state = stateOfRecord(view.record) ?? fold(view.record as unknown as CaseEvent[]);
  const policy = await policyVersion(deps.db, view.policy.id, view.policy.version);
  if (!state || !policy) return [];
  const row = await partnershipOf.first(deps.db, { caseId: view.id });
  if (!row) return [];
  const calendar = await partnershipCalendar(deps.db, row.partnership_id, policy.calendar);
  return availableActions(state, {
    policy,
    calendar,
    now: deps.now().toISOString(),
    actor: engine ?? (await engineActor(deps.db, actor)),
  });
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
export function peopleAt(db: Db, agencyIds: string[], roles?: string[]): Promise<PersonChoice[]> {
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

export async function caseTurn(
  deps: CaseServiceDeps,
  actor: Actor,
  view: CaseView,
  engine?: EngineActor,
): Promise<CaseTurn | undefined> {
  const state = stateOfRecord(view.record) ?? fold(view.record as unknown as CaseEvent[]);
  const policy = await policyVersion(deps.db, view.policy.id, view.policy.version);
  if (!state || !policy) return undefined;
  const turn = whoseTurn(state, policy, engine ?? (await engineActor(deps.db, actor)));
  const { raising, other, partnership = [], missing = [] } = state.stage.holders;
  const bySide: [Side, string[]][] = [
    ['raising', raising],
    ['other', other],
    ['partnership', partnership],
  ];
  const ids = [...raising, ...other, ...partnership];
  const rows = ids.length ? await holderContacts.execute(deps.db, { ids }) : [];
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
        },
      ];
    }),
  );
  const missingAgencies = missing.flatMap((m) => (m.agencyId ? [m.agencyId] : []));
  const names = missingAgencies.length
    ? await directoryNames(deps.db, [], missingAgencies)
    : { agencies: {} as Record<string, string> };
  const stage = stageAt(policy, state.stage.number);
  const sector = actor.agencyId
    ? (await sectorOf.first(deps.db, { agencyId: actor.agencyId }))?.sector
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
