import type { Kysely, Migration } from 'kysely';

/**
 * How to reach the other side: a person's work phone, and an agency's duty inbox and phone (the
 * agency's contact for escalations when it names no escalation manager and has no DSL). The
 * case page shows the other holder's phone and e-mail, since stage 1 says to talk by phone or
 * face to face; a case raised with an agency is told to its contact.
 */
export const contacts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('people').addColumn('phone', 'text').execute();
    await db.schema.alterTable('agencies').addColumn('duty_email', 'text').execute();
    await db.schema.alterTable('agencies').addColumn('duty_phone', 'text').execute();
  },
};
