/**
 * Reading and appending case events. Appending computes each event's hash from the one before
 * it; the (case_id, seq) primary key means two writers can never both append event N.
 */
import type { Db } from './database.js';
import { type ChainCheck, eventHash, GENESIS, verifyChain } from './hash-chain.js';
import { prepared } from './prepared.js';
import type { EventTable } from './schema.js';

/** Any event: a `type`, when (`at`) and by whom (`by`), and its own data. */
export interface StoredEvent {
  type: string;
  at: string;
  by: string;
}

export function toRow(
  caseId: string,
  seq: number,
  prevHash: string,
  event: StoredEvent,
  recordedAt: string,
): EventTable {
  const { type, at, by, ...data } = event;
  const fields = { case_id: caseId, seq, type, at, by_person_id: by, data: JSON.stringify(data) };
  return {
    ...fields,
    prev_hash: prevHash,
    hash: eventHash(prevHash, fields),
    recorded_at: recordedAt,
  };
}

export function fromRow<E extends StoredEvent>(
  row: Pick<EventTable, 'type' | 'at' | 'by_person_id' | 'data'>,
): E {
  return { type: row.type, at: row.at, by: row.by_person_id, ...JSON.parse(row.data) } as E;
}

// every case read asks: compiled once (prepared.ts)
const eventsOf = prepared((db, p: { caseId: string }) =>
  db.selectFrom('events').selectAll().where('case_id', '=', p.caseId).orderBy('seq'),
);

export async function readEventRows(db: Db, caseId: string): Promise<EventTable[]> {
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
  const rows = events.map((event, i) => {
    const row = toRow(caseId, afterSeq + i + 1, prevHash, event, recordedAt);
    prevHash = row.hash;
    return row;
  });
  await db.insertInto('events').values(rows).execute();
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
