import { type Kysely, type Migration, sql } from 'kysely';
import type { Db } from '../database.js';
import { createAppendOnlyTriggers, type Dialect, dropAppendOnlyTriggers } from '../dialect.js';
import { toRow } from '../event-store.js';
import { formatOneHash, verifyChain } from '../hash-chain.js';
import type { EventTable } from '../schema.js';

/** Cases rewritten per read, so a large record never sits in memory at once. */
const BATCH = 200;

/**
 * Data protection (issue 8): the retention rule per partnership and chain format 2.
 *
 * - `partnerships.retention_years` (null: the default, src/services/retention.ts) and
 *   `cases.redacted_at`, with a partial index of the closed cases not yet redacted.
 * - `event_personal`: each event's personal part under its own salt; `events.personal_digest`.
 * - Every existing event is rewritten into format 2: its personal part moved out and its hash
 *   recomputed. First each case's chain is verified in format 1, and if any is broken the
 *   migration stops, naming the case, and changes nothing. The rewrite runs in one
 *   transaction with the append-only triggers dropped and recreated inside it, so no other
 *   connection ever sees `events` without them. What that costs is written in docs/security.md:
 *   the new hashes are only as trustworthy as the format-1 chains verified here.
 *
 * (Numbered 011: 009 and 010 are taken by work on other branches.)
 */
export function retention(dialect: Dialect): Migration {
  return {
    async up(untyped: Kysely<unknown>) {
      const db = untyped as unknown as Db;
      // The migrations run in a transaction on both databases (migrate.ts); a caller that
      // runs this one outside one gets its own
      if (db.isTransaction) await up(db, dialect);
      else await db.transaction().execute((trx) => up(trx, dialect));
    },
  };
}

async function up(db: Db, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('partnerships').addColumn('retention_years', 'integer').execute();
  await db.schema.alterTable('cases').addColumn('redacted_at', 'text').execute();
  await db.schema
    .createIndex('cases_retention_due')
    .on('cases')
    .columns(['partnership_id', 'closed_at'])
    .where(sql.ref('redacted_at'), 'is', null)
    .execute();
  await db.schema.alterTable('events').addColumn('personal_digest', 'text').execute();
  await db.schema
    .createTable('event_personal')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('salt', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('redacted_at', 'text')
    .addPrimaryKeyConstraint('event_personal_pk', ['case_id', 'seq'])
    .execute();

  const orphan = await db
    .selectFrom('events')
    .select('case_id')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom('cases').select('cases.id').whereRef('cases.id', '=', 'events.case_id')),
      ),
    )
    .executeTakeFirst();
  if (orphan) {
    throw new Error(
      `refused: events of ${orphan.case_id} belong to no case, so the record cannot be verified. Nothing was changed; see docs/security.md.`,
    );
  }

  await dropAppendOnlyTriggers(db, dialect, 'events');
  let after = '';
  for (;;) {
    const cases = await db
      .selectFrom('cases')
      .select(['id', 'reference', 'version'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (cases.length === 0) break;
    after = cases[cases.length - 1]?.id ?? after;
    const rows = await db
      .selectFrom('events')
      .selectAll()
      .where(
        'case_id',
        'in',
        cases.map((c) => c.id),
      )
      .orderBy('case_id')
      .orderBy('seq')
      .execute();
    const byCase = new Map<string, EventTable[]>();
    for (const row of rows) byCase.set(row.case_id, [...(byCase.get(row.case_id) ?? []), row]);
    for (const c of cases) await rewriteCase(db, c, byCase.get(c.id) ?? []);
  }
  await createAppendOnlyTriggers(db, dialect, 'events');
}

/** Verifies one case's chain in format 1, then rewrites each of its events in format 2. */
async function rewriteCase(
  db: Db,
  c: { id: string; reference: string; version: number },
  rows: EventTable[],
): Promise<void> {
  const check = verifyChain(c.id, rows, c.version, formatOneHash);
  if (!check.ok) {
    throw new Error(
      `refused: the record of case ${c.reference} (${c.id}) is broken: event ${check.seq} ${check.problem}. Nothing was changed; run escalate audit verify and restore the case from a backup first (docs/security.md).`,
    );
  }
  let prev = '';
  for (const row of rows) {
    const event = { type: row.type, at: row.at, by: row.by_person_id, ...JSON.parse(row.data) };
    const { event: rewritten, personal } = toRow(c.id, row.seq, prev, event, row.recorded_at);
    prev = rewritten.hash;
    await db
      .updateTable('events')
      .set({
        data: rewritten.data,
        personal_digest: rewritten.personal_digest,
        prev_hash: rewritten.prev_hash,
        hash: rewritten.hash,
      })
      .where('case_id', '=', c.id)
      .where('seq', '=', row.seq)
      .execute();
    if (personal) await db.insertInto('event_personal').values(personal).execute();
  }
}
