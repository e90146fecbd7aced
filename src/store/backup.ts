/**
 * `escalate backup FILE` and `escalate restore FILE` for either database (docs/operations.md).
 * Backup is safe while the app serves traffic. Restore refuses while anything else has the
 * database open, refuses to replace cases without `force`, and verifies the hash chains after.
 */
import { existsSync } from 'node:fs';
import type { DatabaseConfig } from '../config.js';
import { BackupError, type BackupSummary } from './backup-errors.js';
import { backupPostgres, restorePostgres } from './backup-postgres.js';
import { backupSqlite, restoreSqlite } from './backup-sqlite.js';
import { openStore } from './database.js';
import { verifyAll } from './event-store.js';

export { BackupError, type BackupSummary };

export async function backupDatabase(config: DatabaseConfig, file: string): Promise<BackupSummary> {
  if (existsSync(file)) {
    throw new BackupError(`${file} already exists: choose a new name, so no backup is overwritten`);
  }
  if (config.dialect === 'sqlite') {
    if (config.file === ':memory:')
      throw new BackupError('an in-memory database cannot be backed up');
    return backupSqlite(config.file, file);
  }
  return backupPostgres(config.url, file);
}

export interface RestoreResult extends BackupSummary {
  /** the first broken chain, if the restored record does not verify */
  broken?: string;
}

export async function restoreDatabase(
  config: DatabaseConfig,
  file: string,
  options: { force: boolean },
): Promise<RestoreResult> {
  const restored =
    config.dialect === 'sqlite'
      ? await restoreSqlite(config.file, file, options)
      : await restorePostgres(config.url, file, options);
  const store = openStore(config);
  try {
    const check = await verifyAll(store.db);
    if (check.ok) return restored;
    return { ...restored, broken: `case ${check.caseId}, event ${check.seq} ${check.problem}` };
  } finally {
    await store.close();
  }
}
