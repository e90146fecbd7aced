import type { Kysely, Migration } from 'kysely';

/**
 * Recovery codes for the second factor (src/services/recovery-codes.ts): a SHA-256 of each of a
 * person's ten codes, and when it was used (each is accepted once). Made anew, the old ones go.
 */
export const recoveryCodes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('recovery_codes')
      .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addPrimaryKeyConstraint('recovery_codes_pk', ['person_id', 'code_hash'])
      .execute();
  },
};
