import type { Kysely, Migration } from 'kysely';

/**
 * The other side's acknowledgement of an escalation (issue 18, item 7; docs/adr/0028): while an
 * open case's current stage awaits it, when it falls due (UTC), and for which due time the
 * overdue prompt was already queued, so the prompt fires once per due time whatever the number
 * of instances or restarts (as the stage's own, migration 003).
 *
 * No backfill: until this release a policy could not ask for an acknowledgement (the validator
 * refused the key), so no stored case awaits one.
 */
export const acknowledgements: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('cases').addColumn('ack_due_at_utc', 'text').execute();
    await db.schema.alterTable('cases').addColumn('ack_overdue_prompted_for', 'text').execute();
    await db.schema
      .createIndex('cases_open_ack_due')
      .on('cases')
      .columns(['status', 'ack_due_at_utc'])
      .execute();
  },
};
