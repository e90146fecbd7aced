/**
 * Reading and appending case events. Appending computes each event's hash from the one before
 * it; the (case_id, seq) primary key means two writers can never both append event N. An
 * event's personal part goes to `event_personal` under a fresh salt (hash-chain.ts) and is
 * joined back in when events are read, so callers see whole events.
 */
import { randomBytes } from 'node:crypto';
import { mergePersonal, splitPersonal } from '../domain/case/personal.js';
import type { Db } from './database.js';
import { type ChainCheck, eventHash, GENESIS, personalDigest, verifyChain } from './hash-chain.js';
import { prepared } from './prepared.js';
import type { EventPersonalTable, EventTable } from './schema.js';

/** Any event: a `type`, when (`at`) and by whom (`by`), and its own data. */
export interface StoredEvent {
  type: string;
  at: string;
  by: string;
}

/** An event row with its personal part joined (null when it has none). */
export type EventRow = EventTable & { personal_salt: string | null; personal_data: string | null };

/** An event as stored: its row and, when it has one, its personal part. */
export interface EventRows {
  event: EventTable;
  personal: EventPersonalTable | null;
}

/** Splits and hashes one event; `salt` only for tests that need the same hash twice. */
export function toRow(
  caseId: string,
  seq: number,
  prevHash: string,
  event: StoredEvent,
  recordedAt: string,
  salt = randomBytes(16).toString('hex'),
): EventRows {
  const { type, at, by, ...data } = event;
  const { kept, personal } = splitPersonal(type, data);
  const personalData = personal ? JSON.stringify(personal) : null;
  const fields = {
    case_id: caseId,
    seq,
    type,
    at,
    by_person_id: by,
    data: JSON.stringify(kept),
    personal_digest: personalData === null ? null : personalDigest(salt, personalData),
  };
  return {
    event: {
      ...fields,
      prev_hash: prevHash,
      hash: eventHash(prevHash, fields),
      recorded_at: recordedAt,
    },
    personal:
      personalData === null
        ? null
        : { case_id: caseId, seq, salt, data: personalData, redacted_at: null },
  };
}

/**
 * The whole event from its row: the personal part (when the row has a digest and it is joined)
 * laid over the rest. Rows read without the join, or from before chain format 2, are whole.
 */
export function fromRow<E extends StoredEvent>(
  row: Pick<EventTable, 'type' | 'at' | 'by_person_id' | 'data'> & PersonalColumns,
): E {
  return { type: row.type, at: row.at, by: row.by_person_id, ...eventData(row) } as E;
}

/** The digest and the joined personal part, as readers select them. */
export interface PersonalColumns {
  personal_digest?: string | null;
  personal_data?: string | null;
}

/** An event's data whole: its personal part merged in, only where the hash covers one. */
export function eventData(row: { data: string } & PersonalColumns): Record<string, unknown> {
  const kept = JSON.parse(row.data);
  return row.personal_digest && row.personal_data
    ? mergePersonal(kept, JSON.parse(row.personal_data))
    : kept;
}

/** Events, each joined to its personal part (if any) on the primary keys: every reader's start. */
export function eventsWithPersonal(db: Db) {
  return db
    .selectFrom('events')
    .leftJoin('event_personal', (join) =>
      join
        .onRef('event_personal.case_id', '=', 'events.case_id')
        .onRef('event_personal.seq', '=', 'events.seq'),
    );
}

/** One case's events in order, each with its personal part (one join on the primary keys). */
// every case read asks: compiled once (prepared.ts)
const eventsOf = prepared((db, p: { caseId: string }) =>
  eventsWithPersonal(db)
    .selectAll('events')
    .select(['event_personal.salt as personal_salt', 'event_personal.data as personal_data'])
    .where('events.case_id', '=', p.caseId)
    .orderBy('events.seq'),
);

export async function readEventRows(db: Db, caseId: string): Promise<EventRow[]> {
  return eventsOf.execute(db, { caseId });
}

export async function readEvents<E extends StoredEvent>(db: Db, caseId: string): Promise<E[]> {
  return (await readEventRows(db, caseId)).map((row) => fromRow<E>(row));
}

/**
 * Appends events after `afterSeq` (the case's version before them). Must run inside the
 * caller's transaction, which also updates the case projection.
 */
export async function appendEvents(
  db: Db,
  caseId: string,
  afterSeq: number,
  events: readonly StoredEvent[],
  recordedAt: string,
): Promise<EventTable[]> {
  if (events.length === 0) return [];
  let prevHash = GENESIS;
  if (afterSeq > 0) {
    const last = await db
      .selectFrom('events')
      .select('hash')
      .where('case_id', '=', caseId)
      .where('seq', '=', afterSeq)
      .executeTakeFirst();
    if (!last) throw new Error(`event ${afterSeq} of case ${caseId} is missing`);
    prevHash = last.hash;
  }
  const stored = events.map((event, i) => {
    const row = toRow(caseId, afterSeq + i + 1, prevHash, event, recordedAt);
    prevHash = row.event.hash;
    return row;
  });
  const rows = stored.map((s) => s.event);
  await db.insertInto('events').values(rows).execute();
  const personal = stored.flatMap((s) => (s.personal ? [s.personal] : []));
  if (personal.length > 0) await db.insertInto('event_personal').values(personal).execute();
  return rows;
}

/** Verifies one case's chain against the version the case table records. */
export async function verifyCase(db: Db, caseId: string): Promise<ChainCheck> {
  const row = await db
    .selectFrom('cases')
    .select('version')
    .where('id', '=', caseId)
    .executeTakeFirst();
  return verifyChain(caseId, await readEventRows(db, caseId), row?.version);
}

/** Verifies every case; stops at the first broken chain. */
export async function verifyAll(
  db: Db,
): Promise<{ ok: true; cases: number; events: number } | Extract<ChainCheck, { ok: false }>> {
  const cases = await db
    .selectFrom('cases')
    .select(['id', 'version'])
    .orderBy('raised_at')
    .execute();
  const known = new Set(cases.map((c) => c.id));
  const orphans = await db.selectFrom('events').select('case_id').distinct().execute();
  for (const { case_id } of orphans) {
    if (!known.has(case_id))
      return { ok: false, caseId: case_id, seq: 1, problem: 'belongs to no case' };
  }
  let events = 0;
  for (const c of cases) {
    const check = verifyChain(c.id, await readEventRows(db, c.id), c.version);
    if (!check.ok) return check;
    events += check.events;
  }
  return { ok: true, cases: cases.length, events };
}
