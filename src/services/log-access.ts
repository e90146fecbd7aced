/** Every read of a case written to the access log, below HTTP (pages, API and CLI alike). */
import { randomUUID } from 'node:crypto';
import { accessLogWriterOf, type Db } from '../store/database.js';
import type { AccessLogAction, AccessLogTable, Via } from '../store/schema.js';
import type { Actor } from './people.js';

type AccessLogRow = AccessLogTable;

/** The access-log rows waiting to be written together, per database. */
const pendingAccessLogs = new WeakMap<Db, { rows: AccessLogRow[]; written: Promise<void> }>();

/**
 * Logs a read. The reads that arrive together share one INSERT (so one commit, one fsync on
 * SQLite) made on the next turn of the event loop; each read is answered only once its row is
 * written, so no read goes unlogged (bench/RESULTS.md: this lifted the JSON case read from
 * fsync-bound to CPU-bound). A SQLite file's log is committed by a worker thread
 * (store/access-log-writer.ts), with the same guarantee, so its fsync no longer stops the server.
 */
export function logAccess(
  db: Db,
  actor: Actor,
  caseId: string,
  action: AccessLogAction,
  via: Via,
  at: string,
): Promise<void> {
  const row = { id: randomUUID(), case_id: caseId, person_id: actor.personId, action, via, at };
  const writer = accessLogWriterOf(db);
  if (writer) return writer.append(row);
  let batch = pendingAccessLogs.get(db);
  if (!batch || batch.rows.length >= 500) {
    const rows: AccessLogRow[] = [];
    const written = new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        if (pendingAccessLogs.get(db)?.rows === rows) pendingAccessLogs.delete(db);
        db.insertInto('access_log')
          .values(rows)
          .execute()
          .then(() => resolve(), reject);
      });
    });
    batch = { rows, written };
    pendingAccessLogs.set(db, batch);
  }
  batch.rows.push(row);
  return batch.written;
}
