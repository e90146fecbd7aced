import { type Kysely, type Migration, sql } from 'kysely';
import type { Db } from '../database.js';
import { ukMonth } from './014-figure-rollups.js';

/**
 * How cases ended, named by each case's own policy (issue 17). A stage number means different
 * things under different policies (a pre-school's stage 2 is its own line manager, the
 * partnership's is manager to manager), so "Resolved at stage 2" is counted per stage as the
 * case's own policy version names it:
 *
 * - `cases.stage_name`: the name of the stage the case is in (open) or ended in (closed), from
 *   its own policy version, kept with the rest of the projection; backfilled from its last
 *   spell at that stage in `case_stages`.
 * - `outcome_months` is rebuilt with the stage's key and name in its key, and refilled.
 */
export const outcomeStageNames: Migration = {
  async up(untyped: Kysely<unknown>) {
    const db = untyped as unknown as Db;
    await db.schema.alterTable('cases').addColumn('stage_name', 'text').execute();
    await backfillCaseStageNames(db);
    await db.schema.dropTable('outcome_months').execute();
    await db.schema
      .createTable('outcome_months')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      /** '' for a closed case with no outcome recorded (the dashboard counts it as resolved) */
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('stage_number', 'integer', (c) => c.notNull())
      .addColumn('stage_key', 'text', (c) => c.notNull())
      .addColumn('stage_name', 'text', (c) => c.notNull())
      .addColumn('cases', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('outcome_months_pk', [
        'scope',
        'month',
        'outcome',
        'stage_number',
        'stage_key',
        'stage_name',
      ])
      .execute();
    await fillOutcomeMonths(db);
  },
};

/** Names each case's stage (where not named yet) from its spells at that stage. */
export async function backfillCaseStageNames(db: Db): Promise<void> {
  await sql`UPDATE cases SET stage_name = (
      SELECT min(s.stage_name) FROM case_stages s
      WHERE s.case_id = cases.id AND s.stage_number = cases.stage_number
        AND s.stage_key = cases.stage_key)
    WHERE stage_name IS NULL`.execute(db);
}

/** The stage name a closed case is counted under (its key, should it have no name). */
export const OUTCOME_STAGE_NAME = 'coalesce(c.stage_name, c.stage_key)';

/** Empties and refills `outcome_months` from `cases` (this migration, and the bench's load). */
export async function fillOutcomeMonths(db: Db): Promise<void> {
  await db.deleteFrom('outcome_months').execute();
  for (const scope of ["'all'", 'c.partnership_id']) {
    await sql
      .raw(
        `INSERT INTO outcome_months (scope, month, outcome, stage_number, stage_key, stage_name,
           cases)
         SELECT ${scope}, ${ukMonth('c.closed_at')}, coalesce(c.outcome, ''), c.stage_number,
           c.stage_key, ${OUTCOME_STAGE_NAME}, count(*)
         FROM cases c JOIN uk_months m ON m.utc_month = substr(c.closed_at, 1, 7)
         WHERE c.status <> 'open' AND c.closed_at IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5, 6`,
      )
      .execute(db);
  }
}
