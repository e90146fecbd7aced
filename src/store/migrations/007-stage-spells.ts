import { type Kysely, type Migration, sql } from 'kysely';
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
      .columns([
        'partnership_id',
        'entered_at',
        'stage_number',
        'stage_key',
        'stage_name',
        'due_at_utc',
        'ended_at',
        'days_tenths',
      ])
      .execute();
    // Covering indexes for the dashboard across every partnership (bench/RESULTS.md): the
    // period's rows are read from the index alone, not fetched one by one from the table.
    await db.schema
      .createIndex('case_stages_entered')
      .on('case_stages')
      .columns([
        'entered_at',
        'stage_number',
        'stage_key',
        'stage_name',
        'due_at_utc',
        'ended_at',
        'days_tenths',
      ])
      .execute();
    await db.schema
      .createIndex('cases_raised_figures')
      .on('cases')
      .columns(['raised_at', 'immediate_risk', 'category', 'stage_number', 'id'])
      .execute();
    await db.schema
      .createIndex('cases_closed_figures')
      .on('cases')
      .columns(['closed_at', 'status', 'outcome', 'stage_number'])
      .execute();
    // The agency pairs in dispute, counted from case_agencies alone: the case's partnership,
    // raising agency and raised time are copied onto each row (none of them ever changes).
    for (const column of ['partnership_id', 'raised_at', 'raising_agency_id']) {
      await db.schema.alterTable('case_agencies').addColumn(column, 'text').execute();
    }
    await sql`UPDATE case_agencies SET
        partnership_id = (SELECT c.partnership_id FROM cases c WHERE c.id = case_agencies.case_id),
        raised_at = (SELECT c.raised_at FROM cases c WHERE c.id = case_agencies.case_id),
        raising_agency_id = (SELECT c.raising_agency_id FROM cases c WHERE c.id = case_agencies.case_id)`.execute(
      db,
    );
    await db.schema
      .createIndex('case_agencies_pairs')
      .on('case_agencies')
      .columns(['side', 'raised_at', 'raising_agency_id', 'agency_id', 'case_id'])
      .execute();
    await db.schema
      .createIndex('case_agencies_partnership_pairs')
      .on('case_agencies')
      .columns(['partnership_id', 'side', 'raised_at', 'raising_agency_id', 'agency_id'])
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
