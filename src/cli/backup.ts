import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { BackupError, backupDatabase, restoreDatabase } from '../store/backup.js';
import { UsageError } from './errors.js';

async function orUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BackupError) throw new UsageError(error.message);
    throw error;
  }
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description('a consistent copy of the database, safe while the app runs')
    .action(async (file: string) => {
      const config = loadConfig();
      const saved = await orUsage(() => backupDatabase(config.database, resolve(file)));
      console.log(`Backed up ${saved.cases} cases and ${saved.events} events to ${file}.`);
    });

  program
    .command('restore <file>')
    .description('replace the database with a backup (stop the app first); verifies the record')
    .option('--force', 'replace a database that already holds cases')
    .action(async (file: string, options: { force?: boolean }) => {
      const config = loadConfig();
      const restored = await orUsage(() =>
        restoreDatabase(config.database, resolve(file), { force: options.force === true }),
      );
      if (restored.broken) {
        console.error(`Restored, but the record does not verify: ${restored.broken}.`);
        process.exitCode = 1;
        return;
      }
      console.log(
        `Restored ${restored.cases} cases and ${restored.events} events from ${file}; the record verifies.`,
      );
    });
}
