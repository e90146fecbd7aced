import type { Kysely, Migration } from 'kysely';

/**
 * Sign-in back-off: how many times a throttle key has been locked in a row, so each new lock of
 * one address trying one account lasts twice as long as the last (capped; see sign-in.ts).
 * (Numbered 008: 007 is taken by work on another branch.)
 */
export const signInBackOff: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('sign_in_throttle')
      .addColumn('locks', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
