import type { Kysely, Migration } from 'kysely';

/**
 * The access log by time, then person and case: the read alert (src/jobs/read-alerts.ts) counts
 * each person's distinct cases read in the last hour as one range scan of this index, which
 * covers the query, instead of reading the whole log (its only index was by case).
 */
export const accessLogByTime: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('access_log_at_person_case')
      .on('access_log')
      .columns(['at', 'person_id', 'case_id'])
      .execute();
  },
};
