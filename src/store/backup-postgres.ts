/**
 * PostgreSQL backup and restore with the server's own tools: `pg_dump --format=custom` (one
 * consistent snapshot while the app writes) and `pg_restore --clean --if-exists` in a single
 * transaction (a failed restore leaves the database as it was). The password is passed in
 * PGPASSWORD, never on the command line where `ps` would show it.
 */
import { execFile } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import type pg from 'pg';
import { BackupError, type BackupSummary } from './backup-errors.js';

const run = promisify(execFile);

function connection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return {
    dbname: url.toString(),
    env: password ? { ...process.env, PGPASSWORD: password } : process.env,
  };
}

async function tool(name: 'pg_dump' | 'pg_restore', args: string[], databaseUrl: string) {
  const { dbname, env } = connection(databaseUrl);
  try {
    await run(name, [...args, `--dbname=${dbname}`], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stderr?: string };
    if (failed.code === 'ENOENT') {
      throw new BackupError(
        `${name} is not installed: install the PostgreSQL client tools of the server's version (Debian: apt install postgresql-client)`,
      );
    }
    throw new BackupError(`${name} failed: ${(failed.stderr ?? failed.message).trim()}`);
  }
}

async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>) {
  const { default: postgres } = await import('pg');
  const client = new postgres.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function summary(client: pg.Client): Promise<BackupSummary> {
  const exists = await client.query("select to_regclass('public.cases') is not null as has");
  if (!exists.rows[0]?.has) return { cases: 0, events: 0 };
  const counts = await client.query(
    'select (select count(*) from cases)::int as cases, (select count(*) from events)::int as events',
  );
  return counts.rows[0] as BackupSummary;
}

export async function backupPostgres(databaseUrl: string, file: string): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  await tool('pg_dump', ['--format=custom', `--file=${partial}`], databaseUrl);
  renameSync(partial, file);
  return withClient(databaseUrl, summary);
}

export async function restorePostgres(
  databaseUrl: string,
  file: string,
  options: { force: boolean },
): Promise<BackupSummary> {
  if (!existsSync(file)) throw new BackupError(`there is no backup file at ${file}`);
  await withClient(databaseUrl, async (client) => {
    const others = await client.query(
      `select count(*)::int as n from pg_stat_activity where datname = current_database()
       and pid <> pg_backend_pid() and backend_type = 'client backend'`,
    );
    const connected = others.rows[0]?.n as number;
    if (connected > 0) {
      throw new BackupError(
        `${connected} other connections are open to the database: stop every app instance before restoring`,
      );
    }
    const held = await summary(client);
    if (held.cases > 0 && !options.force) {
      throw new BackupError(
        `the database already holds ${held.cases} cases: add --force to replace them with the backup`,
      );
    }
  });
  await tool(
    'pg_restore',
    ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', file],
    databaseUrl,
  );
  return withClient(databaseUrl, summary);
}
