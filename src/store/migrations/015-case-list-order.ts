import { type Kysely, type Migration, sql } from 'kysely';
import type { Db } from '../database.js';

/**
 * A manager's or DSL's case list in index order (issue 9, bench/RESULTS.md, "Session 4: the national dashboard's roll-ups and a manager's case list"): each
 * `case_participants` and `case_agencies` row carries its case's due time (kept in step by every
 * command, null once closed) and raised time (never changes), so the list walks each team
 * member's (or the agency's) rows in the list's own order and stops at the limit, instead of
 * reading the team's whole caseload over the years and sorting it.
 * (012 and 013 are the read alert and recovery codes, 014 the dashboard roll-ups.)
 */
export const caseListOrder: Migration = {
  async up(untyped: Kysely<unknown>) {
    const db = untyped as unknown as Db;
    await db.schema.alterTable('case_participants').addColumn('due_at_utc', 'text').execute();
    await db.schema.alterTable('case_participants').addColumn('raised_at', 'text').execute();
    await db.schema.alterTable('case_agencies').addColumn('due_at_utc', 'text').execute();
    await fillCaseListOrder(db);
    await db.schema
      .createIndex('case_participants_list')
      .on('case_participants')
      .columns(['person_id', 'due_at_utc', 'raised_at desc', 'case_id'])
      .execute();
    await db.schema
      .createIndex('case_agencies_list')
      .on('case_agencies')
      .columns(['agency_id', 'due_at_utc', 'raised_at desc', 'case_id'])
      .execute();
  },
};

/** Copies each case's due and raised times onto its participants and agencies. */
export async function fillCaseListOrder(db: Db): Promise<void> {
  await sql`UPDATE case_participants SET
      due_at_utc = (SELECT c.due_at_utc FROM cases c WHERE c.id = case_participants.case_id),
      raised_at = (SELECT c.raised_at FROM cases c WHERE c.id = case_participants.case_id)`.execute(
    db,
  );
  await sql`UPDATE case_agencies SET
      due_at_utc = (SELECT c.due_at_utc FROM cases c WHERE c.id = case_agencies.case_id)`.execute(
    db,
  );
}
