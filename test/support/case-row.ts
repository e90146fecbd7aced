/**
 * Test support: a bare `cases` row written straight into the database, open at stage 1 of the
 * five-stage policy, for tests that need a case to exist without raising one (need-to-know on a
 * small fictional directory, an outbox row's case).
 */
import type { Insertable } from 'kysely';
import type { Db } from '../../src/store/database.js';
import type { CaseTable } from '../../src/store/schema.js';

export async function insertCaseRow(
  db: Db,
  row: Pick<
    Insertable<CaseTable>,
    'id' | 'reference' | 'partnership_id' | 'raising_agency_id' | 'raised_by_id' | 'raised_at'
  >,
): Promise<void> {
  await db
    .insertInto('cases')
    .values({
      policy_id: 'five-stage',
      policy_version: 1,
      category: 'communication',
      immediate_risk: 0,
      status: 'open',
      stage_number: 1,
      stage_key: 'professional',
      stage_name: 'Professional to professional',
      due_at: null,
      due_at_utc: null,
      version: 1,
      closed_at: null,
      updated_at: row.raised_at,
      remind_at_utc: null,
      reminded_for: null,
      overdue_prompted_for: null,
      ack_due_at_utc: null,
      ack_overdue_prompted_for: null,
      outcome: null,
      redacted_at: null,
      ...row,
    })
    .execute();
}
