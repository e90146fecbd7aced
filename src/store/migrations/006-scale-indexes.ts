import type { Kysely, Migration } from 'kysely';

/**
 * Indexes the benchmarks (bench/RESULTS.md) showed were missing at scale:
 * - people.line_manager_id: who reports to whom, walked by every access check and case list of
 *   a manager (src/services/access.ts selfAndReports) and was a full scan of the directory;
 * - the partnership case list ordered by due time, whole or by status (the overdue filter),
 *   so the first page comes off the index instead of sorting the partnership's whole history;
 * - raised_at and closed_at, alone and per partnership, for the dashboard's months
 *   (src/reports/figures.ts), so they read the months shown, not every case.
 */
export const scaleIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    const indexes: [string, string, string[]][] = [
      ['people_line_manager', 'people', ['line_manager_id']],
      ['cases_partnership_due', 'cases', ['partnership_id', 'due_at_utc', 'raised_at']],
      ['cases_partnership_status_due', 'cases', ['partnership_id', 'status', 'due_at_utc']],
      ['cases_partnership_stage_due', 'cases', ['partnership_id', 'stage_number', 'due_at_utc']],
      ['cases_raised', 'cases', ['raised_at']],
      ['cases_closed', 'cases', ['closed_at', 'status', 'stage_number']],
      ['cases_partnership_raised', 'cases', ['partnership_id', 'raised_at']],
      [
        'cases_partnership_closed',
        'cases',
        ['partnership_id', 'closed_at', 'status', 'stage_number'],
      ],
    ];
    for (const [name, table, columns] of indexes) {
      await db.schema.createIndex(name).on(table).columns(columns).execute();
    }
  },
};
