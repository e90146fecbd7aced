/**
 * Who a policy's recipient is, for one case: e-mail addresses (and, for people in the
 * directory, their ids) from the directory and the case, or why none is known.
 */
import type { CaseEvent, CaseState, Holders } from '../domain/case/index.js';
import type { Policy, Recipient, Role } from '../domain/policy/schema.js';
import type { Db } from '../store/database.js';

/** Roles held in the partnership rather than at an agency: a role recipient of these looks there. */
export const PARTNERSHIP_ROLES: ReadonlySet<Role> = new Set<Role>(['partnership-team', 'chair']);

export interface Address {
  email: string | null;
  personId: string | null;
  /** why no address is known, when none is */
  missing?: string;
}

/** The case as a recipient needs it: its partnership, its policy and its state now. */
export interface RecipientContext {
  partnershipId: string;
  policy: Policy;
  after: CaseState;
}

async function peopleWithRole(
  db: Db,
  agencyIds: readonly string[],
  role: Role,
): Promise<Address[]> {
  if (agencyIds.length === 0) return [];
  const rows = await db
    .selectFrom('people')
    .select(['id', 'email'])
    .where('agency_id', 'in', [...agencyIds])
    .where('role', '=', role)
    .orderBy('email')
    .execute();
  return rows.map((r) => ({ email: r.email, personId: r.id }));
}

function sideAgencies(state: CaseState, side: 'raising' | 'other' | 'both'): string[] {
  if (side === 'raising') return [state.raisingAgencyId];
  if (side === 'other') return state.otherAgencyIds;
  return [state.raisingAgencyId, ...state.otherAgencyIds];
}

async function peopleById(db: Db, ids: readonly string[]): Promise<Address[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('people')
    .select(['id', 'email'])
    .where('id', 'in', [...ids])
    .orderBy('email')
    .execute();
  return rows.map((r) => ({ email: r.email, personId: r.id }));
}

async function partnershipPeople(db: Db, partnershipId: string, role: Role): Promise<Address[]> {
  const rows = await db
    .selectFrom('people')
    .select(['id', 'email'])
    .where('partnership_id', '=', partnershipId)
    .where('role', '=', role)
    .orderBy('email')
    .execute();
  return rows.map((r) => ({ email: r.email, personId: r.id }));
}

async function businessUnit(
  db: Db,
  request: Pick<RecipientContext, 'partnershipId' | 'policy'>,
): Promise<Address> {
  const partnership = await db
    .selectFrom('partnerships')
    .select('business_unit_email')
    .where('id', '=', request.partnershipId)
    .executeTakeFirst();
  const email =
    partnership?.business_unit_email ?? request.policy.contacts.businessUnit?.email ?? null;
  return email
    ? { email, personId: null }
    : {
        email: null,
        personId: null,
        missing: 'No business unit mailbox is recorded for this partnership.',
      };
}

/**
 * An agency's contact for escalations: its named escalation manager, else its Designated
 * Safeguarding Leads, else its duty inbox; never silently nobody.
 */
export async function agencyContact(db: Db, agencyId: string): Promise<Address[]> {
  const agency = await db
    .selectFrom('agencies')
    .leftJoin('people', 'people.id', 'agencies.escalation_manager_id')
    .select(['agencies.name', 'agencies.duty_email', 'people.id as managerId', 'people.email'])
    .where('agencies.id', '=', agencyId)
    .executeTakeFirst();
  if (!agency) return [];
  if (agency.managerId && agency.email)
    return [{ email: agency.email, personId: agency.managerId }];
  const dsls = await peopleWithRole(db, [agencyId], 'dsl');
  if (dsls.length > 0) return dsls;
  if (agency.duty_email) return [{ email: agency.duty_email, personId: null }];
  return [
    {
      email: null,
      personId: null,
      missing: `${agency.name} has no named escalation manager, Designated Safeguarding Lead or duty inbox in the directory.`,
    },
  ];
}

function holdersOn(holders: Holders, side: HolderSide): string[] {
  const { raising, other, partnership = [] } = holders;
  switch (side) {
    case 'raising':
      return raising;
    case 'other':
      return other;
    case 'both':
      return [...raising, ...other];
    case 'partnership':
      return partnership;
    case 'all':
      return [...raising, ...other, ...partnership];
  }
}

type HolderSide = Extract<Recipient, { kind: 'holders' }>['side'];

/**
 * Turns a policy's recipient into e-mail addresses from the directory and the case. `event` is
 * the event that demands it: the holders told of a stage are those of the stage it entered.
 */
export async function addressesFor(
  db: Db,
  recipient: Recipient,
  request: RecipientContext,
  event?: CaseEvent,
): Promise<Address[]> {
  const state = request.after;
  switch (recipient.kind) {
    case 'role': {
      // the partnership-wide roles belong to no agency in the case: look in the partnership
      // (issue 18 (b)); a role nobody holds is recorded as missing, never silently nobody
      if (PARTNERSHIP_ROLES.has(recipient.role)) {
        const found = await partnershipPeople(db, request.partnershipId, recipient.role);
        if (found.length > 0) return found;
        if (recipient.role === 'partnership-team') return [await businessUnit(db, request)];
        return [
          {
            email: null,
            personId: null,
            missing: `Nobody in the partnership holds the role "${recipient.role}" in the directory.`,
          },
        ];
      }
      const found = await peopleWithRole(db, sideAgencies(state, recipient.side), recipient.role);
      if (found.length > 0) return found;
      return [
        {
          email: null,
          personId: null,
          missing: `Nobody at the ${recipient.side === 'both' ? '' : `${recipient.side} side's `}agencies in the case holds the role "${recipient.role}" in the directory.`,
        },
      ];
    }
    case 'holders': {
      const holders = event?.type === 'stage-entered' ? event.holders : state.stage.holders;
      return peopleById(db, holdersOn(holders, recipient.side));
    }
    case 'agency-contact': {
      const found: Address[] = [];
      for (const agencyId of sideAgencies(state, recipient.side)) {
        found.push(...(await agencyContact(db, agencyId)));
      }
      return found;
    }
    case 'partnership-team': {
      const team = await partnershipPeople(db, request.partnershipId, 'partnership-team');
      return team.length > 0 ? team : [await businessUnit(db, request)];
    }
    case 'raiser': {
      const raiser = await db
        .selectFrom('people')
        .select(['id', 'email'])
        .where('id', '=', state.raiser.personId)
        .executeTakeFirst();
      return raiser ? [{ email: raiser.email, personId: raiser.id }] : [];
    }
    case 'chair': {
      const chairs = await db
        .selectFrom('people')
        .select(['id', 'email'])
        .where('partnership_id', '=', request.partnershipId)
        .where('role', '=', 'chair')
        .execute();
      const viaOffice = request.policy.contacts.chair?.email;
      if (chairs.length > 0) return chairs.map((c) => ({ email: c.email, personId: c.id }));
      return viaOffice
        ? [{ email: viaOffice, personId: null }]
        : [{ email: null, personId: null, missing: 'No chair is recorded for this partnership.' }];
    }
    case 'business-unit':
      return [await businessUnit(db, request)];
    case 'board-member': {
      // the member and their deputy; a pre-school's is the member for its sector, elsewhere
      const agencies = sideAgencies(state, recipient.side);
      const rows = await db
        .selectFrom('agencies')
        .innerJoin('people', (join) =>
          join.on((eb) =>
            eb.or([
              eb('people.id', '=', eb.ref('agencies.board_member_id')),
              eb('people.id', '=', eb.ref('agencies.board_deputy_id')),
            ]),
          ),
        )
        .select(['people.id', 'people.email'])
        .where('agencies.id', 'in', agencies)
        .execute();
      const once = new Map(rows.map((r) => [r.id, r.email]));
      return [...once].map(([personId, email]) => ({ email, personId }));
    }
    case 'designated-health': {
      const rows = await db
        .selectFrom('people')
        .select(['id', 'email'])
        .where('partnership_id', '=', request.partnershipId)
        .where('designated_health', '=', 1)
        .orderBy('email')
        .execute();
      return rows.length > 0
        ? rows.map((r) => ({ email: r.email, personId: r.id }))
        : [
            {
              email: null,
              personId: null,
              missing: 'No designated health professional is recorded for this partnership.',
            },
          ];
    }
    case 'cp-chair':
    case 'iro': {
      const flag = recipient.kind === 'cp-chair' ? 'childProtectionPlan' : 'lookedAfter';
      const field = recipient.kind === 'cp-chair' ? 'cpChairEmail' : 'iroEmail';
      const title =
        recipient.kind === 'cp-chair' ? 'Child Protection Chair' : 'Independent Reviewing Officer';
      return state.children
        .map((child, index) => ({ child, index }))
        .filter(({ child }) => child[flag])
        .map(({ child, index }) => {
          const email = child[field] ?? null;
          return email
            ? { email, personId: null }
            : {
                email: null,
                personId: null,
                missing: `No e-mail address is recorded for child ${index + 1}'s ${title}.`,
              };
        });
    }
  }
}
