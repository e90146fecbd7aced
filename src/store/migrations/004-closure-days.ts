import type { Kysely, Migration } from 'kysely';

/** Local closure days an administrator adds to a partnership's working-day calendar. */
export const closureDays: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('closure_days')
      .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('closure_days_pk', ['partnership_id', 'date'])
      .execute();
  },
};
