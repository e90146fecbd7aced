/**
 * PostgreSQL backup and restore with the server's own tools. Backup: a REPEATABLE READ
 * transaction exports its snapshot, counts the cases and events in it, and hands it to
 * `pg_dump --snapshot --format=custom`, so the dump and the counts are of one state while the
 * app writes; then `pg_restore` reads the whole file back and counts its rows, and only a file
 * that holds exactly what was counted gets the name asked for. Restore: `pg_restore --clean
 * --if-exists` in a single transaction (a failed restore leaves the database as it was). The
 * password is passed in PGPASSWORD, never on the command line where `ps` would show it.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
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

const notInstalled = (name: string) =>
  new BackupError(
    `${name} is not installed: install the PostgreSQL client tools of the server's version (Debian: apt install postgresql-client)`,
  );

async function tool(name: 'pg_dump' | 'pg_restore', args: string[], databaseUrl: string) {
  const { dbname, env } = connection(databaseUrl);
  try {
    await run(name, [...args, `--dbname=${dbname}`], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stderr?: string };
    if (failed.code === 'ENOENT') throw notInstalled(name);
    throw new BackupError(`${name} failed: ${(failed.stderr ?? failed.message).trim()}`);
  }
}

const COPY_INTO = /^COPY public\.(cases|events) \(.*\) FROM stdin;$/;

/**
 * Reads a whole custom-format dump back with `pg_restore` (no database: the SQL it would run
 * goes to a pipe) and counts the rows of cases and events it holds; one COPY line is one row.
 * A file pg_restore cannot read to the end (truncated, damaged, not a dump) is an error.
 */
export async function readBackPostgres(file: string): Promise<BackupSummary> {
  const held: BackupSummary = { cases: 0, events: 0 };
  const child = spawn('pg_restore', ['--file=-', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 2000) stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  let table: keyof BackupSummary | undefined;
  try {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
      if (table === undefined) table = COPY_INTO.exec(line)?.[1] as typeof table;
      else if (line === '\\.') table = undefined;
      else held[table]++;
    }
    const code = await exited;
    if (code !== 0) throw new Error(stderr.trim() || `pg_restore exited with ${code}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notInstalled('pg_restore');
    const reason = error instanceof Error ? error.message : String(error);
    throw new BackupError(`the backup could not be read back, so it is not kept: ${reason}`);
  }
  return held;
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

/** Dumps one snapshot to `partial` and answers the counts in that same snapshot. */
function dumpSnapshot(databaseUrl: string, partial: string): Promise<BackupSummary> {
  return withClient(databaseUrl, async (client) => {
    // the first statement fixes the transaction's snapshot; the counts and pg_dump share it
    await client.query('begin isolation level repeatable read read only');
    try {
      const exported = await client.query('select pg_export_snapshot() as id');
      const counted = await summary(client);
      const snapshot = `--snapshot=${exported.rows[0]?.id as string}`;
      await tool('pg_dump', ['--format=custom', snapshot, `--file=${partial}`], databaseUrl);
      return counted;
    } finally {
      await client.query('rollback');
    }
  });
}

export async function backupPostgres(databaseUrl: string, file: string): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    const counted = await dumpSnapshot(databaseUrl, partial);
    const held = await readBackPostgres(partial);
    if (held.cases !== counted.cases || held.events !== counted.events) {
      throw new BackupError(
        `the backup holds ${held.cases} cases and ${held.events} events, but its snapshot had ${counted.cases} and ${counted.events}, so it is not kept: try again`,
      );
    }
    renameSync(partial, file); // only a file read back whole gets the name asked for
    return held;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
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
