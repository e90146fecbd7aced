/**
 * The case use cases: raise a disagreement, run a command on it, read it, list cases.
 * Each write is one transaction: check the version the person saw, let the pure engine decide,
 * append the events to the hash chain, update the case projection, record who takes part,
 * and queue every notification the policy demands: all or nothing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import {
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type DomainError,
  decide,
  fold,
  type Holders,
  nextStep,
} from '../domain/case/index.js';
import { finalStageNumber, stageAt } from '../domain/case/stages.js';
import type { Policy } from '../domain/policy/schema.js';
import { writeChildKeys } from '../store/child-keys.js';
import type { Db } from '../store/database.js';
import { appendEvents, fromRow, readEventRows } from '../store/event-store.js';
import { prepared } from '../store/prepared.js';
import type { CaseTable } from '../store/schema.js';
import { engineActor, maySeeCase, maySeeCaseRow } from './access.js';
import { partnershipCalendar } from './calendars.js';
import { caseProjection, keepOutcomeMonths, writeStageRows } from './case-projection.js';
import { checkNamedPeople, NamedPersonRefused } from './command-people.js';
import { findHolders } from './holders.js';
import { logAccess } from './log-access.js';
import { queueForChildContacts, queueNotifications } from './notifications.js';
import type { Actor } from './people.js';
import { latestPolicy, policyVersion } from './policy-registry.js';

export interface CaseServiceDeps {
  db: Db;
  now: () => Date;
}

export type Via = 'api' | 'page' | 'cli';

/** The case as the API answers it (docs/architecture.md "HTTP"). */
export interface CaseView {
  id: string;
  reference: string;
  version: number;
  policy: { id: string; version: number; title: string };
  status: CaseState['status'];
  stage: { number: number; key: string; name: string; dueAt: string | null; holders: Holders };
  overdue: boolean;
  nextStep: { text: string; dueAt: string | null };
  raisedAt: string;
  raisedBy: string;
  raisingAgencyId: string;
  otherAgencyIds: string[];
  category: string;
  immediateRisk: boolean;
  children: CaseState['children'];
  /** the Resolution Panel, once convened: its members and the decision put to them */
  panel: CaseState['panel'];
  record: ({ seq: number; type: string; at: string; by: string } & Record<string, unknown>)[];
  notifications: {
    to: string;
    reason: string;
    status: string;
    rule: string;
    sentAt: string | null;
    error: string | null;
  }[];
}

export class CaseNotFound extends Error {
  constructor() {
    super('There is no case with that id that you can see.');
  }
}

export class VersionConflict extends Error {
  constructor(readonly currentVersion: number) {
    super(
      `Someone else changed this case since you loaded it (it is now at version ${currentVersion}). Reload it, check what changed, then try again.`,
    );
  }
}

export class CommandRefused extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}

/** The directory facts about a request that the engine cannot look up itself. */
export class InvalidRequest extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function foldCase(events: readonly CaseEvent[], from?: CaseState): CaseState {
  const state = fold(events, from);
  if (!state) throw new Error('a case has at least its raised event');
  return state;
}

const isoNow = (deps: CaseServiceDeps) => deps.now().toISOString();

/** A reference a person can read out: 8 characters from 32 that cannot be confused (no 0/O, 1/I). */
function newReference(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = randomBytes(8);
  return `ESC-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

/** A reference no case has yet (a clash is about one in a million at a million cases). */
async function unusedReference(db: Db): Promise<string> {
  for (;;) {
    const reference = newReference();
    const taken = await db
      .selectFrom('cases')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirst();
    if (!taken) return reference;
  }
}

async function pinnedPolicy(db: Db, id: string, version: number): Promise<Policy> {
  const policy = await policyVersion(db, id, version);
  if (!policy) throw new Error(`policy ${id} version ${version} is not registered`);
  return policy;
}

/** Decides twice when the command enters a stage: once to learn which, then with its holders. */
async function decideWithHolders(
  db: Db,
  state: CaseState | undefined,
  command: CaseCommand,
  ctx: Omit<Parameters<typeof decide>[2], 'holders'>,
  facts: {
    partnershipId: string;
    raiserId: string;
    raisingAgencyId: string;
    otherAgencyIds: string[];
    conflictWithLineManager?: boolean;
  },
): Promise<CaseEvent[]> {
  const first = decide(state, command, ctx);
  if (!first.ok) throw new CommandRefused(first.error);
  const entered = first.events.find((e) => e.type === 'stage-entered');
  if (entered?.type !== 'stage-entered') return first.events;
  const stage = stageAt(ctx.policy, entered.number);
  if (!stage) return first.events;
  const holders = await findHolders(db, {
    stage,
    final: entered.number === finalStageNumber(ctx.policy),
    partnershipId: facts.partnershipId,
    ...(state ? { sidesBefore: state.stage.holders } : {}),
    stageNumber: entered.number,
    raiserId: facts.raiserId,
    raisingAgencyId: facts.raisingAgencyId,
    otherAgencyIds: facts.otherAgencyIds,
    conflictWithLineManager: facts.conflictWithLineManager,
  });
  const second = decide(state, command, { ...ctx, holders });
  if (!second.ok) throw new CommandRefused(second.error);
  return second.events;
}

/** Everyone the events bring into the case: they may see it from now on. */
function participantsOf(events: readonly CaseEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    ids.add(event.by);
    if (event.type === 'stage-entered') {
      const { raising, other, partnership = [] } = event.holders;
      for (const id of [...raising, ...other, ...partnership]) ids.add(id);
    }
    if (event.type === 'consultation-recorded') ids.add(event.with.personId);
    if (event.type === 'panel-convened') for (const m of event.members) ids.add(m.personId);
    if (event.type === 'representation-received') ids.add(event.fromPersonId);
  }
  return [...ids];
}

async function addParticipants(
  db: Db,
  caseId: string,
  people: string[],
  now: string,
  order: { dueAtUtc: string | null; raisedAt: string },
): Promise<void> {
  if (people.length === 0) return;
  const known = await db.selectFrom('people').select('id').where('id', 'in', people).execute();
  if (known.length === 0) return;
  await db
    .insertInto('case_participants')
    .values(
      known.map((p) => ({
        case_id: caseId,
        person_id: p.id,
        since: now,
        due_at_utc: order.dueAtUtc,
        raised_at: order.raisedAt,
      })),
    )
    .onConflict((oc) => oc.columns(['case_id', 'person_id']).doNothing())
    .execute();
}

/**
 * The case's due time copied onto its participants and agencies (migration 015) when it
 * changes, so a manager's or DSL's list reads them in order (listCases).
 */
async function keepListOrder(db: Db, caseId: string, dueAtUtc: string | null): Promise<void> {
  await db
    .updateTable('case_participants')
    .set({ due_at_utc: dueAtUtc })
    .where('case_id', '=', caseId)
    .execute();
  await db
    .updateTable('case_agencies')
    .set({ due_at_utc: dueAtUtc })
    .where('case_id', '=', caseId)
    .execute();
}

export async function raiseCase(
  deps: CaseServiceDeps,
  actor: Actor,
  command: Extract<CaseCommand, { type: 'raise' }>,
  via: Via,
  options: { conflictWithLineManager?: boolean } = {},
): Promise<CaseView> {
  const { db } = deps;
  if (!actor.agencyId) {
    throw new InvalidRequest('Only someone working at an agency can raise a disagreement.');
  }
  const agency = await db
    .selectFrom('agencies')
    .innerJoin('partnerships', 'partnerships.id', 'agencies.partnership_id')
    .select([
      'agencies.id',
      'agencies.policy_id',
      'agencies.partnership_id',
      'partnerships.policy_id as partnership_policy',
    ])
    .where('agencies.id', '=', actor.agencyId)
    .executeTakeFirstOrThrow();
  const otherAgencyIds = [...new Set(command.agencies)];
  const others = await db
    .selectFrom('agencies')
    .select('id')
    .where('id', 'in', otherAgencyIds)
    .where('partnership_id', '=', agency.partnership_id)
    .execute();
  if (others.length !== otherAgencyIds.length) {
    throw new InvalidRequest(
      'Select agencies from your own partnership; one of those given is not one.',
      'agencies',
    );
  }
  const policyId = agency.policy_id ?? agency.partnership_policy;
  const policy = await latestPolicy(db, policyId);
  if (!policy) throw new Error(`policy ${policyId} is not registered`);

  const now = isoNow(deps);
  const caseId = randomUUID();
  const ctx = {
    policy,
    calendar: await partnershipCalendar(db, agency.partnership_id, policy.calendar),
    now,
    actor: await engineActor(db, actor),
  };
  const events = await decideWithHolders(db, undefined, command, ctx, {
    partnershipId: agency.partnership_id,
    raiserId: actor.personId,
    raisingAgencyId: actor.agencyId,
    otherAgencyIds,
    conflictWithLineManager: options.conflictWithLineManager,
  });
  const state = foldCase(events);

  await db.transaction().execute(async (trx) => {
    const reference = await unusedReference(trx);
    await trx
      .insertInto('cases')
      .values({
        id: caseId,
        reference,
        partnership_id: agency.partnership_id,
        policy_id: policy.id,
        policy_version: policy.version,
        raising_agency_id: actor.agencyId as string,
        raised_by_id: actor.personId,
        category: command.category,
        immediate_risk: command.immediateRisk ? 1 : 0,
        raised_at: now,
        ...caseProjection(state, now),
      })
      .execute();
    await trx
      .insertInto('case_agencies')
      .values(
        [
          { agency_id: actor.agencyId as string, side: 'raising' },
          ...otherAgencyIds.map((id) => ({ agency_id: id, side: 'other' })),
        ].map((row) => ({
          ...row,
          case_id: caseId,
          partnership_id: agency.partnership_id,
          raised_at: now,
          raising_agency_id: actor.agencyId as string,
          due_at_utc: caseProjection(state, now).due_at_utc,
        })),
      )
      .execute();
    await writeStageRows(trx, caseId, agency.partnership_id, state);
    await keepOutcomeMonths(trx, agency.partnership_id, null, caseProjection(state, now));
    const rows = await appendEvents(trx, caseId, 0, events, now);
    // keys for the duplicate warning (services/duplicates.ts), never the names themselves
    await writeChildKeys(trx, caseId, agency.partnership_id, command.children);
    const told = await queueNotifications(trx, {
      caseId,
      reference,
      partnershipId: agency.partnership_id,
      policy,
      before: undefined,
      after: state,
      events,
      firstSeq: rows[0]?.seq ?? 1,
      now,
    });
    // whoever is told of the case may open it (e.g. the other agency's escalation manager)
    await addParticipants(trx, caseId, [...new Set([...participantsOf(events), ...told])], now, {
      dueAtUtc: caseProjection(state, now).due_at_utc,
      raisedAt: now,
    });
  });
  return readCase(deps, actor, caseId, via);
}

export async function runCommand(
  deps: CaseServiceDeps,
  actor: Actor,
  caseId: string,
  command: CaseCommand,
  via: Via,
  options: { conflictWithLineManager?: boolean } = {},
): Promise<CaseView> {
  const { db } = deps;
  if (command.type === 'raise')
    throw new InvalidRequest('Raise a new case with POST /api/v1/cases.');
  if (!(await maySeeCase(db, actor, caseId))) throw new CaseNotFound();
  const now = isoNow(deps);

  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    if (row.redacted_at) {
      throw new InvalidRequest(
        "This case's personal details have been removed (under the retention rule, or on request), so it can no longer be changed.",
      );
    }
    if (command.expectedVersion !== undefined && command.expectedVersion !== row.version) {
      throw new VersionConflict(row.version);
    }
    // Only the events of the version read above: under PostgreSQL's read committed, another
    // command may commit between that read and this one, and deciding on its newer state would
    // refuse (422) what should be a conflict (409, from the guarded UPDATE below).
    const before = foldCase(
      (await readEventRows(trx, caseId))
        .filter((r) => r.seq <= row.version)
        .map((r) => fromRow<CaseEvent>(r)),
    );
    const policy = await pinnedPolicy(trx, row.policy_id, row.policy_version);
    const checked = await checkNamedPeople(trx, command, {
      partnershipId: row.partnership_id,
      raisingAgencyId: row.raising_agency_id,
      otherAgencyIds: before.otherAgencyIds,
      consultationWith: policy.consultation?.discussWith ?? 'own-agency',
    }).catch((error: unknown) => {
      if (error instanceof NamedPersonRefused) throw new InvalidRequest(error.message, error.field);
      throw error;
    });
    const ctx = {
      policy,
      calendar: await partnershipCalendar(trx, row.partnership_id, policy.calendar),
      now,
      actor: await engineActor(trx, actor),
    };
    const events = await decideWithHolders(trx, before, checked, ctx, {
      partnershipId: row.partnership_id,
      raiserId: row.raised_by_id,
      raisingAgencyId: row.raising_agency_id,
      otherAgencyIds: before.otherAgencyIds,
      conflictWithLineManager: options.conflictWithLineManager,
    });
    const after = foldCase(events, before);
    const updated = await trx
      .updateTable('cases')
      .set(caseProjection(after, now))
      .where('id', '=', caseId)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      // Another command committed first (PostgreSQL: this UPDATE waited for it, then matched
      // nothing). Tell the person the version it is now at, which this new statement sees.
      const current = await trx
        .selectFrom('cases')
        .select('version')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      throw new VersionConflict(current.version);
    }
    await writeStageRows(trx, caseId, row.partnership_id, after);
    await keepOutcomeMonths(trx, row.partnership_id, row, {
      ...row,
      ...caseProjection(after, now),
    });
    const rows = await appendEvents(trx, caseId, row.version, events, now);
    const dueAtUtc = caseProjection(after, now).due_at_utc;
    if (dueAtUtc !== row.due_at_utc) await keepListOrder(trx, caseId, dueAtUtc);
    const told = await queueNotifications(trx, {
      caseId,
      reference: row.reference,
      partnershipId: row.partnership_id,
      policy,
      before,
      after,
      events,
      firstSeq: rows[0]?.seq ?? row.version + 1,
      now,
    });
    await addParticipants(trx, caseId, [...new Set([...participantsOf(events), ...told])], now, {
      dueAtUtc,
      raisedAt: row.raised_at,
    });
    if (events.some((e) => e.type === 'child-contacts-updated')) {
      const record = (await readEventRows(trx, caseId)).map((r) => fromRow<CaseEvent>(r));
      await queueForChildContacts(
        trx,
        { caseId, reference: row.reference, partnershipId: row.partnership_id, policy, after, now },
        record,
      );
    }
  });
  return readCase(deps, actor, caseId, via);
}

// the case read's own queries, compiled once (src/store/prepared.ts)
const caseById = prepared((db, p: { caseId: string }) =>
  db.selectFrom('cases').selectAll().where('id', '=', p.caseId),
);
const notificationsOf = prepared((db, p: { caseId: string }) =>
  db
    .selectFrom('outbox')
    .select(['recipient_email', 'reason', 'status', 'rule_key', 'sent_at', 'last_error'])
    .where('case_id', '=', p.caseId)
    .orderBy('created_at')
    .orderBy('idempotency_key'),
);

/** A case's record and its state, as a read shows them: made from the events alone. */
export interface FoldedCase {
  readonly state: CaseState;
  readonly record: CaseView['record'];
}

/**
 * The folded case, kept in memory by the case row it was read for (bench/RESULTS.md,
 * session 4). The key is made from the row each read takes from the database anyway: the id,
 * the version (every event appended raises it, and the retention rule's redaction appends one
 * in the same transaction as it rewrites the personal parts), the time of the last command and
 * the time of redaction. Events are append-only, so a row with that key always has these
 * events, on any instance; nothing needs telling when a case changes, and a read can never be
 * given a stale case. Only a fold that matches its row's version is kept (a command may commit
 * between the two reads). Entries are frozen: a reader that changed one would change it for
 * every reader. Per database, least recently used first out.
 */
const FOLDED_CASES_KEPT = 256;
const foldedCases = new WeakMap<Db, Map<string, FoldedCase>>();
/** each kept record's state, for the case page's actions (case-page.ts) */
const foldedRecords = new WeakMap<CaseView['record'], CaseState>();

function foldedKey(row: Selectable<CaseTable>): string {
  return `${row.id}/${row.version}/${row.updated_at}/${row.redacted_at ?? ''}`;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

async function foldedCase(db: Db, row: Selectable<CaseTable>): Promise<FoldedCase> {
  let kept = foldedCases.get(db);
  if (!kept) {
    kept = new Map();
    foldedCases.set(db, kept);
  }
  const key = foldedKey(row);
  const hit = kept.get(key);
  if (hit) {
    kept.delete(key); // most recently used last
    kept.set(key, hit);
    return hit;
  }
  const eventRows = await readEventRows(db, row.id);
  const events = eventRows.map((r) => fromRow<CaseEvent>(r));
  const folded = deepFreeze({
    state: foldCase(events),
    record: eventRows.map((r, i) => ({ ...(events[i] as CaseEvent), seq: r.seq })),
  });
  if (folded.state.version === row.version) {
    if (kept.size >= FOLDED_CASES_KEPT) kept.delete(kept.keys().next().value as string);
    kept.set(key, folded);
    foldedRecords.set(folded.record, folded.state);
  }
  return folded;
}

/** The state a view's record folds to, when readCase already has it (else fold the record). */
export function stateOfRecord(record: CaseView['record']): CaseState | undefined {
  return foldedRecords.get(record);
}

/** Reads a case the actor may see (else CaseNotFound), and logs the read. */
export async function readCase(
  deps: CaseServiceDeps,
  actor: Actor,
  caseId: string,
  via: Via,
): Promise<CaseView> {
  const { db } = deps;
  const row = await caseById.first(db, { caseId });
  if (!row || !(await maySeeCaseRow(db, actor, row))) throw new CaseNotFound();
  const now = isoNow(deps);
  await logAccess(db, actor, caseId, 'read', via, now);
  const { state, record } = await foldedCase(db, row);
  const policy = await pinnedPolicy(db, row.policy_id, row.policy_version);
  const next = nextStep(state, policy, now);
  const outbox = await notificationsOf.execute(db, { caseId });
  return {
    id: row.id,
    reference: row.reference,
    version: state.version,
    policy: { id: policy.id, version: policy.version, title: policy.title },
    status: state.status,
    stage: {
      number: state.stage.number,
      key: state.stage.key,
      name: state.stage.name,
      dueAt: state.stage.dueAt,
      holders: state.stage.holders,
    },
    overdue: next.overdue,
    nextStep: { text: next.text, dueAt: next.dueAt },
    raisedAt: state.raisedAt,
    raisedBy: state.raiser.personId,
    raisingAgencyId: state.raisingAgencyId,
    otherAgencyIds: state.otherAgencyIds,
    category: state.category,
    immediateRisk: state.immediateRisk,
    children: state.children,
    panel: state.panel,
    record,
    notifications: outbox.map((n) => ({
      to: n.recipient_email,
      reason: n.reason,
      status: n.status,
      rule: n.rule_key,
      sentAt: n.sent_at,
      error: n.last_error,
    })),
  };
}
