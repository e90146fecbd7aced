import type { Kysely, Migration } from 'kysely';

/**
 * Who represents an agency on the partnership's board, and who advises on health: an agency's
 * deputy board member (who sits on a Resolution Panel when its member cannot), and the
 * partnership's designated health professionals, who become involved at stage 4 to give
 * professional health safeguarding advice (seed 002 2.12).
 */
export const boardDeputies: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('agencies').addColumn('board_deputy_id', 'text').execute();
    await db.schema
      .alterTable('people')
      .addColumn('designated_health', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
