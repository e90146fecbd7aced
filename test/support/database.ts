/**
 * Each test file gets its own database: a temporary SQLite file, or, when DATABASE_URL points at
 * PostgreSQL, a new database on that server (dropped afterwards), so runs never see each other.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config.js';
import { openStore, type Store } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';

export interface TestDatabase {
  config: DatabaseConfig;
  /** the DATABASE_URL a child process would use to reach this database */
  url: string;
  destroy(): Promise<void>;
}

export function usingPostgres(): boolean {
  return /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!usingPostgres()) {
    const folder = mkdtempSync(join(tmpdir(), 'escalate-test-'));
    const file = join(folder, 'escalate.db');
    const url = `sqlite:${file}`;
    return {
      config: { dialect: 'sqlite', file, url },
      url,
      destroy: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const serverUrl = process.env.DATABASE_URL as string;
  const name = `escalate_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    config: { dialect: 'postgres', url: url.toString() },
    url: url.toString(),
    destroy: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A migrated store on a fresh test database. */
export async function createTestStore(): Promise<{ store: Store; database: TestDatabase }> {
  const database = await createTestDatabase();
  const store = openStore(database.config);
  await migrateToLatest(store.db, store.dialect);
  return {
    store,
    database,
  };
}

export async function destroyTestStore(t: { store: Store; database: TestDatabase }): Promise<void> {
  await t.store.close();
  await t.database.destroy();
}
