import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openStore } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';

export function registerDatabaseCommands(program: Command): void {
  const db = program.command('db').description('database tasks');
  db.command('migrate')
    .description('bring the database up to the latest schema')
    .action(async () => {
      const config = loadConfig();
      const store = openStore(config.database);
      try {
        const applied = await migrateToLatest(store.db, store.dialect);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date.');
      } finally {
        await store.close();
      }
    });
}
