import type { Kysely, Migration } from 'kysely';

/**
 * Deadline sweeps: when each open case's reminder falls due, and for which due time the
 * reminder and the overdue prompt were already queued, so each fires once per stage due time
 * whatever the number of app instances or restarts.
 */
export const deadlineSweeps: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('cases').addColumn('remind_at_utc', 'text').execute();
    await db.schema.alterTable('cases').addColumn('reminded_for', 'text').execute();
    await db.schema.alterTable('cases').addColumn('overdue_prompted_for', 'text').execute();
    await db.schema
      .createIndex('cases_open_remind')
      .on('cases')
      .columns(['status', 'remind_at_utc'])
      .execute();
  },
};
