import type { Kysely, Migration } from 'kysely';

/**
 * Sign-in sessions and sign-in throttling. Only a SHA-256 of each session id is stored, so a
 * copy of the database cannot be used to take over a session. A session without a person is a
 * visitor's (it carries the CSRF token of the sign-in form); signing in replaces it.
 */
export const sessions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('person_id', 'text', (c) => c.references('people.id'))
      /** JSON: the CSRF token and the answers of a journey in progress */
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_person').on('sessions').column('person_id').execute();
    await db.schema.createIndex('sessions_seen').on('sessions').column('last_seen_at').execute();
    await db.schema
      .createTable('sign_in_throttle')
      /** 'email:<address>' or 'ip:<address>' */
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('window_started_at', 'text', (c) => c.notNull())
      .addColumn('locked_until', 'text')
      .execute();
  },
};
