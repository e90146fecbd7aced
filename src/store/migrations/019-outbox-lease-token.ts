import type { Kysely, Migration } from 'kysely';

/**
 * Who holds a notification's lease: each claim writes a new random token beside
 * `leased_until`, and marking the row sent, retrying or failed matches that token, so a worker
 * whose lease ran out (and passed to another) changes nothing (src/notify/outbox.ts).
 */
export const outboxLeaseToken: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('outbox').addColumn('lease_token', 'text').execute();
  },
};
