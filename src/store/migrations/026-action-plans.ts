import type { Kysely, Migration } from 'kysely';

/**
 * The agreed action plan's actions (issue 18, item 8; docs/adr/0030), one row per action of a
 * case, kept in step with its events (src/services/case-projection.ts) so the sweep finds the
 * actions owed a reminder or an overdue prompt without folding every case:
 * - `due_at_utc`, `remind_at_utc` (null: no reminder asked), `done_on` (null until done);
 * - `reminded_at`, `overdue_prompted_at`: when each was queued, so each is queued once per
 *   action whatever the number of instances or restarts (claimed by a conditional UPDATE).
 *
 * No backfill: until this release a policy could not ask for a plan (the validator refused
 * `actionPlan`), so no stored case has one.
 */
export const actionPlans: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('plan_actions')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('action_id', 'text', (c) => c.notNull())
      .addColumn('owner_agency_id', 'text', (c) => c.notNull())
      .addColumn('due_at_utc', 'text', (c) => c.notNull())
      .addColumn('remind_at_utc', 'text')
      .addColumn('done_on', 'text')
      .addColumn('reminded_at', 'text')
      .addColumn('overdue_prompted_at', 'text')
      .addPrimaryKeyConstraint('plan_actions_pk', ['case_id', 'action_id'])
      .execute();
    await db.schema
      .createIndex('plan_actions_open_due')
      .on('plan_actions')
      .columns(['done_on', 'due_at_utc'])
      .execute();
  },
};
