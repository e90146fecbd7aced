import type { Command } from 'commander';
import { listAgencies, listPeople } from '../services/people.js';
import { createToken, UnknownPersonError } from '../services/tokens.js';
import { printRows, withStore } from './context.js';
import { UsageError } from './errors.js';

export function registerDirectoryCommands(program: Command): void {
  program
    .command('people')
    .description('the people in the directory')
    .command('list')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const people = await withStore((store) => listPeople(store.db));
      printRows(people, options.json === true, [
        ['email', (p) => p.email],
        ['name', (p) => p.name],
        ['role', (p) => p.role],
        ['agency', (p) => p.agency?.name ?? '(partnership)'],
        ['partnership', (p) => p.partnership],
      ]);
    });

  program
    .command('agencies')
    .description('the agencies in the directory')
    .command('list')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const agencies = await withStore((store) => listAgencies(store.db));
      printRows(agencies, options.json === true, [
        ['name', (a) => a.name],
        ['sector', (a) => a.sector],
        ['partnership', (a) => a.partnership],
        ['policy', (a) => a.policy],
      ]);
    });

  program
    .command('token')
    .description('API tokens')
    .command('create')
    .requiredOption('--email <email>', 'the person the token acts as')
    .action(async (options: { email: string }) => {
      const token = await withStore(async (store) => {
        try {
          return await createToken(store.db, options.email, new Date().toISOString());
        } catch (error) {
          if (error instanceof UnknownPersonError) throw new UsageError(error.message);
          throw error;
        }
      });
      console.log(token);
    });
}
