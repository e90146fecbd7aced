import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { DirectoryFile } from '../domain/directory.js';
import { directoryFromRows } from '../domain/directory-csv.js';
import { DirectoryError, importDirectory } from '../services/directory.js';
import { listAgencies, listPeople } from '../services/people.js';
import { registeredPolicies } from '../services/policy-registry.js';
import {
  createToken,
  listTokens,
  revokeTokens,
  UnknownPersonError,
  UnknownTokenError,
} from '../services/tokens.js';
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
    .command('directory')
    .description('the directory of partnerships, agencies and people')
    .command('import <file>')
    .description('add or update partnerships, agencies and people from a YAML, JSON or CSV file')
    .action(async (file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        throw new UsageError(`cannot read ${file}`);
      }
      const directory = parseDirectoryFile(file, text);
      const result = await withStore(async (store) => {
        const policies = await registeredPolicies(store.db);
        try {
          return await importDirectory(store.db, directory, {
            policyIds: new Set(policies.keys()),
            policies,
            now: new Date().toISOString(),
          });
        } catch (error) {
          if (error instanceof DirectoryError)
            throw new UsageError(`${file} has mistakes:\n  ${error.problems.join('\n  ')}`);
          throw error;
        }
      });
      console.log(
        `Imported ${result.partnerships} partnerships, ${result.agencies} agencies, ${result.people} people.`,
      );
    });

  const token = program.command('token').description('API tokens');
  token
    .command('create')
    .description('print a new API token for a person (shown once; only its hash is kept)')
    .requiredOption('--email <email>', 'the person the token acts as')
    .action(async (options: { email: string }) => {
      const made = await withStore(async (store) =>
        usage(() => createToken(store.db, options.email, new Date().toISOString())),
      );
      console.log(made);
    });
  token
    .command('list')
    .description("a person's tokens: id, when made, whether revoked (never the token itself)")
    .requiredOption('--email <email>', 'the person')
    .option('--json', 'as JSON')
    .action(async (options: { email: string; json?: boolean }) => {
      const tokens = await withStore(async (store) =>
        usage(() => listTokens(store.db, options.email)),
      );
      if (options.json) return console.log(JSON.stringify(tokens, null, 2));
      if (tokens.length === 0) return console.log('No tokens.');
      for (const t of tokens) {
        console.log(
          `${t.id}  made ${t.createdAt}  ${t.revokedAt ? `revoked ${t.revokedAt}` : 'live'}`,
        );
      }
    });
  token
    .command('revoke [id]')
    .description('revoke one token by its id, or every live token of a person with --email')
    .option('--email <email>', 'revoke every live token of this person')
    .action(async (id: string | undefined, options: { email?: string }) => {
      if (!id === !options.email) throw new UsageError('Give a token id or --email, not both.');
      const which = id ? { id } : { email: options.email as string };
      const revoked = await withStore(async (store) =>
        usage(() => revokeTokens(store.db, which, new Date().toISOString())),
      );
      console.log(`Revoked ${revoked} token${revoked === 1 ? '' : 's'}.`);
    });
}

/** A mistake in what was asked (an unknown person or token) is a usage error: one line, exit 1. */
async function usage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UnknownPersonError || error instanceof UnknownTokenError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

/** Reads a directory file (YAML or JSON; CSV of people, one row each) into the one schema. */
export function parseDirectoryFile(path: string, text: string): DirectoryFile {
  const raw = path.endsWith('.csv')
    ? directoryFromRows(
        parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }),
      )
    : parseYaml(text);
  const parsed = DirectoryFile.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(
      `${path} has mistakes:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`).join('\n')}`,
    );
  }
  return parsed.data;
}
