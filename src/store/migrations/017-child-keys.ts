import type { Kysely, Migration } from 'kysely';
import { childKeysOf } from '../child-keys.js';
import type { Db } from '../database.js';
import { eventData } from '../event-store.js';

/**
 * A key per child per case, for the warning that a disagreement about the same child with the
 * same agencies is already open (issue 16, src/services/duplicates.ts). The key is a SHA-256 of
 * the partnership, the child's name (case and spaces ignored) and date of birth
 * (src/store/child-keys.ts): no name or date is copied here in clear, and the retention rule
 * deletes a case's keys with its personal details (src/services/retention.ts).
 * (016 is another change's migration; Kysely runs them in name order.)
 */
export const childKeys: Migration = {
  async up(untyped: Kysely<unknown>) {
    const db = untyped as unknown as Db;
    await db.schema
      .createTable('case_child_keys')
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('child_key', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_child_keys_pk', ['case_id', 'child_key'])
      .execute();
    await db.schema
      .createIndex('case_child_keys_by_key')
      .on('case_child_keys')
      .columns(['child_key', 'case_id'])
      .execute();
    await fillChildKeys(db);
  },
};

/**
 * Keys from each case's `raised` event, its children read from the event's personal part; a
 * case whose details were removed (under the rule or on request) has none to give.
 */
export async function fillChildKeys(db: Db): Promise<void> {
  const PAGE = 500;
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('events')
      .innerJoin('cases', 'cases.id', 'events.case_id')
      .leftJoin('event_personal', (join) =>
        join
          .onRef('event_personal.case_id', '=', 'events.case_id')
          .onRef('event_personal.seq', '=', 'events.seq'),
      )
      .select([
        'events.case_id',
        'events.data',
        'events.personal_digest',
        'event_personal.data as personal_data',
        'cases.partnership_id',
      ])
      .where('events.type', '=', 'raised')
      .where('cases.redacted_at', 'is', null)
      .where('event_personal.redacted_at', 'is', null)
      .where('events.case_id', '>', after)
      .orderBy('events.case_id')
      .limit(PAGE)
      .execute();
    const keys = rows.flatMap((row) => {
      const children = eventData(row).children;
      return childKeysOf(row.partnership_id, Array.isArray(children) ? children : []).map(
        (child_key) => ({ case_id: row.case_id, child_key }),
      );
    });
    if (keys.length > 0) {
      await db
        .insertInto('case_child_keys')
        .values(keys)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    if (rows.length < PAGE) return;
    after = (rows.at(-1) as { case_id: string }).case_id;
  }
}
