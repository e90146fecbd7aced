/**
 * One Kysely code path for two dialects: SQLite (better-sqlite3, the embedded default) and
 * PostgreSQL (pg). What differs by dialect lives in dialect.ts.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from 'kysely';
import type pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { ACCESS_LOG_SAMPLE, type AccessLogWriter, accessLogWriter } from './access-log-writer.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/**
 * The database a `Db` reads, the same for the store and every transaction on it: its dialect
 * adapter, which Kysely makes once per `openStore` and hands on to each transaction's executor.
 * For what may be kept per database (a process that opens more than one, as the tests do, must
 * not see one database's rows in another).
 */
export function databaseOf(db: Db): object {
  return db.getExecutor().adapter;
}

export interface Store {
  db: Db;
  dialect: DatabaseConfig['dialect'];
  close(): Promise<void>;
}

/**
 * Transactions on SQLite begin IMMEDIATE: they take the write lock first, waiting (busy timeout)
 * while another process (a CLI command, a backup) holds it. A plain (deferred) BEGIN reads
 * first and upgrades at its first write; if another process has committed in between, SQLite
 * refuses the upgrade at once with SQLITE_BUSY_SNAPSHOT ("database is locked"), which no busy
 * timeout can wait out. Within one process Kysely already runs one transaction at a time.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * SQLite's DDL is transactional, but Kysely's adapter says not, so its Migrator ran each
 * statement of a migration as its own commit: a crash could leave a migration half done, and an
 * empty database took some 80 commits (fsyncs) to migrate, most of start-up's database time.
 * Saying so makes the Migrator run the pending migrations in one (IMMEDIATE) transaction, as it
 * does on PostgreSQL. No migration changes a PRAGMA, which SQLite ignores in a transaction.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * SQLite: WAL so readers never block the writer; synchronous=FULL so a commit is on disk before
 * it is acknowledged (a kill -9 or power cut loses nothing acknowledged); a busy timeout so a
 * second writer waits instead of failing with "database is locked"; secure_delete so what is
 * deleted or overwritten (a child's details removed under the retention rule) is zeroed in the
 * file, not left in free space until reused.
 */
const SQLITE_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = FULL',
  'foreign_keys = ON',
  'busy_timeout = 10000',
  'secure_delete = ON',
];

function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  for (const pragma of SQLITE_PRAGMAS) database.pragma(pragma);
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }),
  });
  // the access log is committed off the main thread (access-log-writer.ts); an in-memory
  // database cannot be shared with a second connection, so it keeps the in-thread path
  if (file !== ':memory:') {
    const { sql: insert } = db.insertInto('access_log').values(ACCESS_LOG_SAMPLE).compile();
    accessLogWriters.set(db, accessLogWriter({ file, pragmas: SQLITE_PRAGMAS, sql: insert }));
  }
  return db;
}

const accessLogWriters = new WeakMap<Db, AccessLogWriter>();

/** The worker that commits this database's access log, if it has one (SQLite files). */
export function accessLogWriterOf(db: Db): AccessLogWriter | undefined {
  return accessLogWriters.get(db);
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely asks better-sqlite3 to prepare every query afresh, which was a tenth of the server's CPU
 * under load (bench/RESULTS.md). The same SQL text always prepares to the same statement, so
 * statements are kept by their text; the cache is emptied when full (one-off SQL, such as
 * migrations, would otherwise fill it). Kysely runs one query at a time on this connection and
 * never iterates a statement, so reusing one is safe.
 */
function withStatementCache(database: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(query: string) {
      let statement = statements.get(query);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statement = database.prepare(query);
        statements.set(query, statement);
      }
      return statement;
    },
  } as SqliteDialectConfig['database'];
}

/** pg is loaded only when the database is PostgreSQL (not at start-up on SQLite). */
const requirePg = () => createRequire(import.meta.url)('pg') as typeof pg;

function openPostgres(url: string): Db {
  const pool = new (requirePg().Pool)({ connectionString: url, max: 10 });
  // A pool error on an idle client must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export function openStore(config: DatabaseConfig): Store {
  const db = config.dialect === 'sqlite' ? openSqlite(config.file) : openPostgres(config.url);
  return {
    db,
    dialect: config.dialect,
    close: async () => {
      await accessLogWriters.get(db)?.close();
      await db.destroy();
    },
  };
}

/** For /readyz: resolves when the database answers a trivial query. */
export async function checkDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
