import type { Kysely, Migration } from 'kysely';

/**
 * The TOTP second factor (issue 8, ASVS V2.8): one authenticator per person, its secret
 * encrypted at rest (AES-256-GCM, TOTP_ENCRYPTION_KEY), and the last time-step accepted, so a
 * code cannot be used twice. A row exists only once enrolment is confirmed with a code.
 *
 * Every session is ended once, so nobody whose role now requires a second factor stays signed in
 * on a password alone. (Numbered 010: 009 is taken by work on another branch.)
 */
export const secondFactors: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('second_factors')
      .addColumn('person_id', 'text', (c) => c.primaryKey().references('people.id'))
      /** "v1.<iv>.<tag>.<ciphertext>", base64url; the person's id is the associated data */
      .addColumn('secret', 'text', (c) => c.notNull())
      /** the last 30-second time-step whose code was accepted (about 59 million in 2026) */
      .addColumn('last_step', 'integer')
      .addColumn('enrolled_at', 'text', (c) => c.notNull())
      .execute();
    await db.deleteFrom('sessions' as never).execute();
  },
};
