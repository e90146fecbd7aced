/**
 * Queues, in the caller's transaction, every notification the policy demands for new events
 * (the transactional outbox). Each (demand, recipient) pair has an idempotency key, so the same
 * notification can never be queued twice; the delivery worker sends each once.
 */
import {
  type CaseEvent,
  type CaseState,
  finalStageNumber,
  fold,
  type Holders,
  type NotificationIntent,
  notificationsDue,
} from '../domain/case/index.js';
import type { Policy, Recipient } from '../domain/policy/schema.js';
import type { NotificationData } from '../notify/data.js';
import { queueOnce } from '../notify/queue.js';
import type { Db } from '../store/database.js';

export type { NotificationData } from '../notify/data.js';

interface Address {
  email: string | null;
  personId: string | null;
  /** why no address is known, when none is */
  missing?: string;
}

export interface QueueRequest {
  caseId: string;
  reference: string;
  partnershipId: string;
  policy: Policy;
  before: CaseState | undefined;
  after: CaseState;
  events: readonly CaseEvent[];
  /** the seq of the first of `events` */
  firstSeq: number;
  now: string;
}

async function peopleWithRole(
  db: Db,
  agencyIds: readonly string[],
  role: string,
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

async function partnershipPeople(db: Db, partnershipId: string, role: string): Promise<Address[]> {
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
  request: Pick<QueueRequest, 'partnershipId' | 'policy'>,
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
async function agencyContact(db: Db, agencyId: string): Promise<Address[]> {
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
  request: Pick<QueueRequest, 'partnershipId' | 'policy' | 'after'>,
  event?: CaseEvent,
): Promise<Address[]> {
  const state = request.after;
  switch (recipient.kind) {
    case 'role':
      // the partnership-wide roles belong to no agency in the case: look in the partnership
      if (recipient.role === 'partnership-team' || recipient.role === 'chair') {
        return partnershipPeople(db, request.partnershipId, recipient.role);
      }
      return peopleWithRole(db, sideAgencies(state, recipient.side), recipient.role);
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
      const agencies = sideAgencies(state, recipient.side);
      const rows = await db
        .selectFrom('agencies')
        .innerJoin('people', 'people.id', 'agencies.board_member_id')
        .select(['people.id', 'people.email'])
        .where('agencies.id', 'in', agencies)
        .execute();
      return rows.map((r) => ({ email: r.email, personId: r.id }));
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

function reasonFor(intent: NotificationIntent, policy: Policy): string {
  return (
    policy.notifications.find((rule) => rule.key === intent.ruleKey)?.purpose ?? intent.trigger
  );
}

function recipientKind(recipient: Recipient): string {
  return recipient.kind === 'role' ? `role:${recipient.role}` : recipient.kind;
}

/** Which side of the disagreement a person told as a holder is on: their e-mail says so. */
function holderSide(personId: string | null, holders: Holders): string | undefined {
  if (!personId) return undefined;
  if (holders.raising.includes(personId)) return 'raising';
  if (holders.other.includes(personId)) return 'other';
  if (holders.partnership?.includes(personId)) return 'partnership';
  return undefined;
}

/** The e-mail's facts for one intent: the case reference, stage and due time; no child details. */
export function dataFor(intent: NotificationIntent, request: QueueRequest): NotificationData {
  const { after, policy } = request;
  const event = request.events[intent.eventIndex];
  const number = intent.stageNumber ?? after.stage.number;
  const passedOver = number !== after.stage.number;
  const open = after.status === 'open';
  return {
    reference: request.reference,
    eventType: event?.type,
    stage: {
      number,
      name: passedOver ? (policy.stages[number - 1]?.name ?? '') : after.stage.name,
    },
    ...(passedOver ? { passedOver } : {}),
    dueAt: open && !passedOver ? after.stage.dueAt : null,
    status: after.status,
    policyTitle: policy.title,
    recipientKind: recipientKind(intent.recipient),
    ...(intent.trigger === 'immediate-risk'
      ? { referralService: policy.immediateRisk.referral.service }
      : {}),
    ...(event?.type === 'decision-made' ? { decidedBy: event.decidedBy } : {}),
  };
}

const KEEPS_INFORMED = new Set<Recipient['kind']>(['raiser', 'holders', 'agency-contact']);

/**
 * Queues what the policy demands; answers the people (in the directory) it told, who may read
 * the case from now on: an e-mail's link must open what it tells them of.
 */
export async function queueNotifications(db: Db, request: QueueRequest): Promise<string[]> {
  const intents = notificationsDue(request.before, [...request.events], request.policy);
  const people = new Set<string>();
  // The kinds that keep the two sides informed (the raiser, the holders, an agency's contact)
  // tell a person once per command, and never the person who did it: the other agency's worker
  // who is also its contact hears of a new case once, and the raiser is not told of their own
  // raising. The chair's referral e-mail asks what holding the chair's stage asks, so it counts
  // as their holder's e-mail too. What a policy demands by name (the CP Chair, the business
  // unit, a role, a board member) always goes: a director told as their agency's board member
  // is still told, separately, that they now hold the case.
  const told = new Set<string>();
  for (const intent of intents) {
    const event = request.events[intent.eventIndex];
    const keepsInformed = KEEPS_INFORMED.has(intent.recipient.kind);
    const countsAsHolders = keepsInformed || intent.recipient.kind === 'chair';
    const addresses = await addressesFor(db, intent.recipient, request, event);
    for (const [i, address] of addresses.entries()) {
      const to = address.email ?? `unknown-${intent.recipient.kind}-${i}`;
      if (address.email) {
        const already = told.has(to.toLowerCase());
        if (countsAsHolders) told.add(to.toLowerCase());
        if (keepsInformed && (already || address.personId === event?.by)) continue;
      }
      const holders = event?.type === 'stage-entered' ? event.holders : request.after.stage.holders;
      const stageNumber = intent.stageNumber ?? request.after.stage.number;
      const atChair = stageNumber === finalStageNumber(request.policy);
      const onSide =
        intent.recipient.kind === 'holders' ? holderSide(address.personId, holders) : undefined;
      // at the chair's stage the sides' last holders stay its contacts, but the chair decides
      const side = atChair && onSide && onSide !== 'partnership' ? 'side-at-chair' : onSide;
      const data = dataFor(intent, request);
      if (address.personId) people.add(address.personId);
      await queueOnce(db, {
        idempotencyKey: `${request.caseId}:${intent.key}:${to.toLowerCase()}`,
        caseId: request.caseId,
        eventSeq: request.firstSeq + intent.eventIndex,
        ruleKey: intent.ruleKey,
        reason: reasonFor(intent, request.policy),
        recipientEmail: address.email ?? '',
        recipientPersonId: address.personId,
        template: intent.trigger,
        data: side ? { ...data, holderSide: side } : data,
        at: request.now,
        missing: address.missing,
      });
    }
  }
  await queueHolderMissing(db, request);
  return [...people];
}

/**
 * A stage entered with nobody named to hold it on one side (an agency with no named escalation
 * manager nor anyone in the stage's role; a partnership with no chair) is flagged on the case
 * (its stage-entered event) and told to the partnership team, once per stage.
 */
async function queueHolderMissing(db: Db, request: QueueRequest): Promise<void> {
  for (const [index, event] of request.events.entries()) {
    if (event.type !== 'stage-entered' || !event.holders.missing?.length) continue;
    const ids = event.holders.missing.flatMap((m) => (m.agencyId ? [m.agencyId] : []));
    const agencies =
      ids.length === 0
        ? []
        : await db.selectFrom('agencies').select(['id', 'name']).where('id', 'in', ids).execute();
    const unheldFor = event.holders.missing.map((m) =>
      m.agencyId
        ? (agencies.find((a) => a.id === m.agencyId)?.name ?? 'an agency')
        : 'the partnership (no chair)',
    );
    const recipient: Recipient = { kind: 'partnership-team' };
    const intent: NotificationIntent = {
      ruleKey: 'holder-missing',
      trigger: 'stage-entered',
      recipient,
      eventIndex: index,
      stageNumber: event.number,
      key: `holder-missing:stage-${event.number}:partnership-team`,
    };
    for (const address of await addressesFor(db, recipient, request)) {
      const to = address.email ?? 'unknown-partnership-team';
      await queueOnce(db, {
        idempotencyKey: `${request.caseId}:${intent.key}:${to.toLowerCase()}`,
        caseId: request.caseId,
        eventSeq: request.firstSeq + index,
        ruleKey: intent.ruleKey,
        reason: 'Nobody in the directory could be named to hold a stage of this disagreement.',
        recipientEmail: address.email ?? '',
        recipientPersonId: address.personId,
        template: 'holder-missing',
        data: { ...dataFor(intent, request), unheldFor },
        at: request.now,
        missing: address.missing,
      });
    }
  }
}

/**
 * After a child's Child Protection Chair or IRO address is added or corrected: everything the
 * policy already demanded for them on this case (replayed from the record) is queued to the
 * address now known. What was sent to the same address before is not sent again (the same
 * idempotency key); what failed for want of an address goes out now.
 */
export async function queueForChildContacts(
  db: Db,
  request: Omit<QueueRequest, 'before' | 'events' | 'firstSeq'>,
  record: readonly CaseEvent[],
): Promise<number> {
  let queued = 0;
  let state: CaseState | undefined;
  for (const [seq, event] of record.entries()) {
    const before = state;
    const intents = notificationsDue(before, [event], request.policy).filter(
      (i) => i.recipient.kind === 'cp-chair' || i.recipient.kind === 'iro',
    );
    state = fold([event], before);
    if (!state) continue;
    const then: QueueRequest = {
      ...request,
      before,
      after: state,
      events: [event],
      firstSeq: seq + 1,
    };
    for (const intent of intents) {
      // the children's addresses as they are now; the stage and status as they were then
      const addresses = await addressesFor(db, intent.recipient, request);
      for (const address of addresses) {
        if (!address.email) continue;
        const added = await queueOnce(db, {
          idempotencyKey: `${request.caseId}:${intent.key}:${address.email.toLowerCase()}`,
          caseId: request.caseId,
          eventSeq: seq + 1,
          ruleKey: intent.ruleKey,
          reason: reasonFor(intent, request.policy),
          recipientEmail: address.email,
          recipientPersonId: null,
          template: intent.trigger,
          data: dataFor(intent, then),
          at: request.now,
        });
        if (added) queued++;
      }
    }
  }
  return queued;
}
