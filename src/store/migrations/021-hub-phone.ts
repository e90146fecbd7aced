import type { Kysely, Migration } from 'kysely';

/**
 * The phone of the partnership's Children and Families Hub / MASH, where a child thought to be
 * at immediate risk is referred: a directory fact (it is the deployment's, not the policy
 * document's), shown on the immediate-risk guidance with the advice to call 999 in an
 * emergency. (019 and 020 are other branches' migrations.)
 */
export const hubPhone: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('partnerships').addColumn('hub_phone', 'text').execute();
  },
};
