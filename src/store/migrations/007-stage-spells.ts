import type { Kysely, Migration } from 'kysely';
import { type CaseEvent, fold } from '../../domain/case/index.js';
import { caseProjection, stageRows } from '../../services/case-projection.js';
import type { Db } from '../database.js';
import { fromRow } from '../event-store.js';

/**
 * The dashboard's projections (issue 7): `case_stages`, one row per stage spell of every case,
 * and `cases.outcome`, how a closed case ended (a chair's or a panel's decision is not in
 * `status`). Existing cases are backfilled by folding their records, a case at a time.
 */
export const stageSpells: Migration = {
  async up(untyped: Kysely<unknown>) {
    const db = untyped as unknown as Db;
    await db.schema.alterTable('cases').addColumn('outcome', 'text').execute();
    await db.schema
      .createTable('case_stages')
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('ordinal', 'integer', (c) => c.notNull())
      .addColumn('partnership_id', 'text', (c) => c.notNull())
      .addColumn('stage_number', 'integer', (c) => c.notNull())
      .addColumn('stage_key', 'text', (c) => c.notNull())
      .addColumn('stage_name', 'text', (c) => c.notNull())
      .addColumn('entered_at', 'text')
      .addColumn('due_at_utc', 'text')
      .addColumn('ended_at', 'text')
      .addColumn('ending', 'text')
      .addColumn('days_tenths', 'integer')
      .addPrimaryKeyConstraint('case_stages_pk', ['case_id', 'ordinal'])
      .execute();
    await db.schema
      .createIndex('case_stages_partnership_entered')
      .on('case_stages')
      .columns(['partnership_id', 'entered_at'])
      .execute();
    await db.schema
      .createIndex('case_stages_entered')
      .on('case_stages')
      .column('entered_at')
      .execute();

    const cases = await db
      .selectFrom('cases')
      .select(['id', 'partnership_id', 'closed_at', 'updated_at'])
      .execute();
    for (const row of cases) {
      const events = await db
        .selectFrom('events')
        .select(['type', 'at', 'by_person_id', 'data'])
        .where('case_id', '=', row.id)
        .orderBy('seq')
        .execute();
      const state = fold(events.map((e) => fromRow<CaseEvent>(e)));
      if (!state) continue;
      const { outcome } = caseProjection(state, row.closed_at ?? row.updated_at);
      await db.updateTable('cases').set({ outcome }).where('id', '=', row.id).execute();
      const rows = stageRows(row.id, row.partnership_id, state);
      if (rows.length > 0) await db.insertInto('case_stages').values(rows).execute();
    }
  },
};
