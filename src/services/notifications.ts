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
import { addressesFor } from './recipients.js';

export type { NotificationData } from '../notify/data.js';

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

function reasonFor(intent: NotificationIntent, policy: Policy): string {
  return (
    // Stryker disable next-line OptionalChaining: equivalent, because every intent comes from a rule of this policy
    policy.notifications.find((rule) => rule.key === intent.ruleKey)?.purpose ?? intent.trigger
  );
}

function recipientKind(recipient: Recipient): string {
  return recipient.kind === 'role' ? `role:${recipient.role}` : recipient.kind;
}

/** Which side of the disagreement a person told as a holder is on: their e-mail says so. */
function holderSide(personId: string | null, holders: Holders): string | undefined {
  // Stryker disable next-line ConditionalExpression: equivalent, because a holder told is a person in the directory, never null
  if (!personId) return undefined;
  if (holders.raising.includes(personId)) return 'raising';
  if (holders.other.includes(personId)) return 'other';
  // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent, because a holder on neither side is on the partnership's (holdersOn found them there)
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
    // Stryker disable next-line OptionalChaining: equivalent, because an intent's eventIndex is always one of the events given
    eventType: event?.type,
    stage: {
      number,
      // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, because a stage passed over is always one of the policy's
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
    // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent, because the data is stored as JSON, which drops a decidedBy that is undefined; the event is always there
    ...(event?.type === 'decision-made' ? { decidedBy: event.decidedBy } : {}),
    ...acknowledgementOwed(request, open && !passedOver),
  };
}

/** The due time of the other side's acknowledgement, while the current stage's is owed. */
function acknowledgementOwed(request: QueueRequest, current: boolean) {
  const asked = request.after.stage.acknowledgement;
  return current &&
    asked &&
    asked.at === null &&
    // Stryker disable next-line ConditionalExpression: unreachable, because every acknowledgement a policy may ask for has a time (checkPolicy: working days, hours or "immediately"), so it is always due by one; an e-mail would read a null one as none
    asked.dueAt !== null
    ? { acknowledgementDueAt: asked.dueAt }
    : {};
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
  // unit, a role, a board member) goes even to someone told already: a director told as their
  // agency's board member is still told, separately, that they now hold the case. Nobody is
  // e-mailed about what they did themself (a board deputy who escalated the case).
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
        // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent, because an event's `by` is never null and the event is always there
        if (address.personId !== null && address.personId === event?.by) continue;
        if (keepsInformed && already) continue;
      }
      // Stryker disable next-line ConditionalExpression,StringLiteral,OptionalChaining: equivalent, because a command enters at most one stage, whose holders are the case's once it is entered (they differ only if one command entered two); the event is always there
      const holders = event?.type === 'stage-entered' ? event.holders : request.after.stage.holders;
      const stageNumber = intent.stageNumber ?? request.after.stage.number;
      const atChair = stageNumber === finalStageNumber(request.policy);
      const onSide =
        intent.recipient.kind === 'holders' ? holderSide(address.personId, holders) : undefined;
      // at the chair's stage the sides' last holders stay its contacts, but the chair decides
      const side = atChair && onSide && onSide !== 'partnership' ? 'side-at-chair' : onSide;
      const data = dataFor(intent, request);
      // Stryker disable next-line ConditionalExpression: equivalent, because addParticipants keeps only ids in the directory, so a null added changes nothing
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
    // Stryker disable next-line ArrayDeclaration: equivalent, because an id that is no agency's finds no row, and only the missing agencies' ids are looked for
    const ids = event.holders.missing.flatMap((m) => (m.agencyId ? [m.agencyId] : []));
    const agencies =
      // Stryker disable next-line ConditionalExpression: equivalent on SQLite only (an empty IN list has no rows; PostgreSQL refuses one)
      ids.length === 0
        ? // Stryker disable next-line ArrayDeclaration: equivalent, because the list is read only for a missing agency, and with no ids there is none
          []
        : await db.selectFrom('agencies').select(['id', 'name']).where('id', 'in', ids).execute();
    const unheldFor = event.holders.missing.map((m) =>
      m.agencyId
        ? // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, because a missing agency's id comes from the directory's agencies (a foreign key)
          (agencies.find((a) => a.id === m.agencyId)?.name ?? 'an agency')
        : 'the partnership (no chair)',
    );
    const recipient: Recipient = { kind: 'partnership-team' };
    const intent: NotificationIntent = {
      ruleKey: 'holder-missing',
      // Stryker disable next-line StringLiteral: equivalent, because dataFor reads the trigger only to tell an immediate risk
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
): Promise<void> {
  let state: CaseState | undefined;
  for (const [seq, event] of record.entries()) {
    const before = state;
    const intents = notificationsDue(before, [event], request.policy).filter(
      (i) => i.recipient.kind === 'cp-chair' || i.recipient.kind === 'iro',
    );
    state = fold([event], before);
    // Stryker disable next-line ConditionalExpression: equivalent, because folding any event onto a case gives a state
    if (!state) continue;
    const then: QueueRequest = {
      ...request,
      before,
      after: state,
      events: [event],
      // Stryker disable next-line ArithmeticOperator: equivalent, because dataFor does not read firstSeq (eventSeq is given below)
      firstSeq: seq + 1,
    };
    for (const intent of intents) {
      // the children's addresses as they are now; the stage and status as they were then
      const addresses = await addressesFor(db, intent.recipient, request);
      for (const address of addresses) {
        if (!address.email) continue;
        await queueOnce(db, {
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
      }
    }
  }
}
