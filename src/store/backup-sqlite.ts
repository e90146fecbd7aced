/**
 * SQLite backup and restore with SQLite's online backup API (better-sqlite3 `backup()`): a
 * consistent copy while the app writes, and a restore that SQLite applies as one write, so a
 * crash mid-restore leaves the old database or the new one, never a mixture.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { BackupError, type BackupSummary } from './backup-errors.js';

function summary(db: Database.Database): BackupSummary {
  const has = db
    .prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'cases'")
    .get() as { n: number };
  if (has.n === 0) return { cases: 0, events: 0 };
  const count = (table: string) =>
    (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return { cases: count('cases'), events: count('events') };
}

/** Opens a backup file and checks it is a whole Escalate database. */
function openBackup(file: string): Database.Database {
  if (!existsSync(file)) throw new BackupError(`there is no backup file at ${file}`);
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
  } catch (error) {
    throw new BackupError(
      `${file} is not a readable SQLite backup: ${error instanceof Error ? error.message : error}`,
    );
  }
  const tables = db
    .prepare("select name from sqlite_master where type = 'table' and name in ('events', 'cases')")
    .all();
  if (tables.length !== 2) {
    db.close();
    throw new BackupError(`${file} is not an Escalate backup: it has no cases and events tables`);
  }
  return db;
}

/**
 * Copies the database to `file` and answers what the copy holds: the counts are read from the
 * copy itself after its integrity check, never from the live database. A copy that cannot be
 * read back is an error, and nothing is left at `file` or beside it.
 */
export async function backupSqlite(source: string, file: string): Promise<BackupSummary> {
  if (!existsSync(source)) throw new BackupError(`there is no database at ${source}`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    const db = new Database(source, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 10000');
      // Copy every page in one step after the first, so a busy database cannot keep restarting it.
      await db.backup(partial, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
    } finally {
      db.close();
    }
    const copy = openBackup(partial);
    let saved: BackupSummary;
    try {
      copy.pragma('journal_mode = DELETE'); // one self-contained file, no -wal beside it
      saved = summary(copy);
    } finally {
      copy.close();
    }
    renameSync(partial, file); // only a complete, checked copy gets the name asked for
    return saved;
  } catch (error) {
    for (const left of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(left, { force: true });
    throw error;
  }
}

export async function restoreSqlite(
  target: string,
  file: string,
  options: { force: boolean },
): Promise<BackupSummary> {
  const backup = openBackup(file);
  try {
    if (existsSync(target)) {
      const live = new Database(target);
      try {
        const held = summary(live);
        if (held.cases > 0 && !options.force) {
          throw new BackupError(
            `${target} already holds ${held.cases} cases: add --force to replace them with the backup`,
          );
        }
        // Leaving WAL mode needs the only connection: it fails while an app has the file open.
        live.pragma('busy_timeout = 0');
        try {
          live.pragma('journal_mode = DELETE');
        } catch {
          throw new BackupError(
            `${target} is in use: stop the app (every escalate process using it) before restoring`,
          );
        }
      } finally {
        live.close();
      }
    }
    mkdirSync(dirname(target), { recursive: true });
    await backup.backup(target);
  } finally {
    backup.close();
  }
  const restored = new Database(target);
  try {
    restored.pragma('journal_mode = WAL');
    return summary(restored);
  } finally {
    restored.close();
  }
}
