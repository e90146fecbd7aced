/**
 * Queues, in the caller's transaction, every notification the policy demands for new events
 * (the transactional outbox). Each (demand, recipient) pair has an idempotency key, so the same
 * notification can never be queued twice; the delivery worker sends each once.
 */
import {
  type CaseEvent,
  type CaseState,
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

/** Turns a policy's recipient into e-mail addresses from the directory and the case. */
export async function addressesFor(
  db: Db,
  recipient: Recipient,
  request: Pick<QueueRequest, 'partnershipId' | 'policy' | 'after'>,
): Promise<Address[]> {
  const state = request.after;
  switch (recipient.kind) {
    case 'role':
      return peopleWithRole(db, sideAgencies(state, recipient.side), recipient.role);
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
    case 'business-unit': {
      const partnership = await db
        .selectFrom('partnerships')
        .select('business_unit_email')
        .where('id', '=', request.partnershipId)
        .executeTakeFirst();
      const email =
        partnership?.business_unit_email ?? request.policy.contacts.businessUnit?.email ?? null;
      return [
        email
          ? { email, personId: null }
          : {
              email: null,
              personId: null,
              missing: 'No business unit mailbox is recorded for this partnership.',
            },
      ];
    }
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

export async function queueNotifications(db: Db, request: QueueRequest): Promise<number> {
  const intents = notificationsDue(request.before, [...request.events], request.policy);
  let queued = 0;
  for (const intent of intents) {
    const addresses = await addressesFor(db, intent.recipient, request);
    for (const [i, address] of addresses.entries()) {
      const to = address.email ?? `unknown-${intent.recipient.kind}-${i}`;
      const added = await queueOnce(db, {
        idempotencyKey: `${request.caseId}:${intent.key}:${to.toLowerCase()}`,
        caseId: request.caseId,
        eventSeq: request.firstSeq + intent.eventIndex,
        ruleKey: intent.ruleKey,
        reason: reasonFor(intent, request.policy),
        recipientEmail: address.email ?? '',
        recipientPersonId: address.personId,
        template: intent.trigger,
        data: dataFor(intent, request),
        at: request.now,
        missing: address.missing,
      });
      if (added) queued++;
    }
  }
  return queued;
}
