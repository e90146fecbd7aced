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
import type { Selectable } from 'kysely';
import type { CaseEvent, CaseState } from '../../domain/case/index.js';
import type { Db } from '../../store/database.js';
import { fromRow, readEventRows } from '../../store/event-store.js';
import type { CaseTable } from '../../store/schema.js';
import { foldCase } from './decide-with-holders.js';
import type { CaseView } from './view.js';

/** A case's record and its state, as a read shows them: made from the events alone. */
export interface FoldedCase {
  readonly state: CaseState;
  readonly record: CaseView['record'];
}

const FOLDED_CASES_KEPT = 256;
const foldedCases = new WeakMap<Db, Map<string, FoldedCase>>();

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

export async function foldedCase(db: Db, row: Selectable<CaseTable>): Promise<FoldedCase> {
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
  }
  return folded;
}
