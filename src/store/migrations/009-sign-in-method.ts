import { type Kysely, type Migration, sql } from 'kysely';

/**
 * How each session was signed in: 'password' or 'oidc' (the organisation's identity provider,
 * which enforces its own second factor, so Escalate asks for none); null for a visitor's session.
 * Sessions signed in before this migration were all by password, so they are backfilled so.
 */
export const signInMethod: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sessions').addColumn('sign_in_method', 'text').execute();
    await sql`UPDATE sessions SET sign_in_method = 'password' WHERE person_id IS NOT NULL`.execute(
      db,
    );
  },
};
