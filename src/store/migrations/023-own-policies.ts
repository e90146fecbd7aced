import type { Kysely, Migration } from 'kysely';
import type { Db } from '../database.js';

/**
 * A partnership's own policy files, loaded at run time (issue 18, docs/adr/0026): each stored
 * version says where it came from and whose it is.
 *
 * - `origin`: 'release' for the installed release's `policies/*.yaml`, registered at start;
 *   'added' for a version a partnership added (`escalate policy add`, `POST /api/v1/policies`).
 * - `partnership`: the policy's `partnership` key, kept beside the document so that ownership is
 *   checked and listed without parsing every version; backfilled from the documents.
 * - `added_by`: who added it: a person's id through the API, `cli` from the command line; null for
 *   the release.
 */
export const ownPolicies: Migration = {
  async up(untyped: Kysely<unknown>) {
    const db = untyped as unknown as Db;
    await db.schema
      .alterTable('policy_versions')
      .addColumn('origin', 'text', (c) => c.notNull().defaultTo('release'))
      .execute();
    await db.schema.alterTable('policy_versions').addColumn('partnership', 'text').execute();
    await db.schema.alterTable('policy_versions').addColumn('added_by', 'text').execute();
    const rows = await db
      .selectFrom('policy_versions')
      .select(['policy_id', 'version', 'document'])
      .execute();
    for (const row of rows) {
      const partnership = (JSON.parse(row.document) as { partnership?: unknown }).partnership;
      if (typeof partnership !== 'string') continue;
      await db
        .updateTable('policy_versions')
        .set({ partnership })
        .where('policy_id', '=', row.policy_id)
        .where('version', '=', row.version)
        .execute();
    }
  },
};
