/**
 * The few statements that differ between SQLite and PostgreSQL, behind one small module.
 */
import { type Kysely, sql } from 'kysely';
import type { DatabaseConfig } from '../config.js';

export type Dialect = DatabaseConfig['dialect'];

/** Database triggers that refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) on a table. */
export async function createAppendOnlyTriggers<DB>(
  db: Kysely<DB>,
  dialect: Dialect,
  table: string,
): Promise<void> {
  const message = `${table} are append-only: UPDATE and DELETE are refused`;
  if (dialect === 'sqlite') {
    for (const operation of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_refuse_${operation.toLowerCase()} BEFORE ${operation} ON ${table}
           BEGIN SELECT RAISE(ABORT, '${message}'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION ${table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '${message}'; END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_refuse_update_delete BEFORE UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION ${table}_refuse_change()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_refuse_truncate BEFORE TRUNCATE ON ${table}
       FOR EACH STATEMENT EXECUTE FUNCTION ${table}_refuse_change()`,
    )
    .execute(db);
}

/** Drops the append-only triggers: only tests use this, to prove the audit chain catches edits. */
export async function dropAppendOnlyTriggers<DB>(
  db: Kysely<DB>,
  dialect: Dialect,
  table: string,
): Promise<void> {
  if (dialect === 'sqlite') {
    await sql.raw(`DROP TRIGGER IF EXISTS ${table}_refuse_update`).execute(db);
    await sql.raw(`DROP TRIGGER IF EXISTS ${table}_refuse_delete`).execute(db);
    return;
  }
  await sql.raw(`DROP TRIGGER IF EXISTS ${table}_refuse_update_delete ON ${table}`).execute(db);
  await sql.raw(`DROP TRIGGER IF EXISTS ${table}_refuse_truncate ON ${table}`).execute(db);
}
