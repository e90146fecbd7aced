import type { Kysely, Migration } from 'kysely';

/**
 * The partnership's case list (issue 16), filtered and paged, read in its own order to the last
 * tie: soonest due first, then raised newest first, then by id (listOrder in
 * src/services/cases.ts). Each filter the list can take alone has an index that starts with the
 * partnership and the filter and then runs in that order, so a page is read off the index and
 * the walk stops at the page's end, dated and undated alike:
 * - the whole list, and by status (the overdue filter is open cases due before now), by stage,
 *   and by category (new);
 * - the agency filter walks `case_agencies_list` (migration 015), which is already in this order.
 * The three 006 indexes these replace, (partnership, [status | stage,] due) with no raised time
 * desc or id after it, served the dated half only up to ties and left the undated half of a
 * status or stage filter (every closed case of it) to be sorted by raised time; every query
 * that used them (the list, the dashboard's open and overdue counts) is served by a prefix of
 * the new ones. (016 and 017 are other branches' migrations.)
 */
const LISTS: [name: string, columns: string[], replaces: string][] = [
  [
    'cases_partnership_list',
    ['partnership_id', 'due_at_utc', 'raised_at desc', 'id'],
    'cases_partnership_due',
  ],
  [
    'cases_partnership_status_list',
    ['partnership_id', 'status', 'due_at_utc', 'raised_at desc', 'id'],
    'cases_partnership_status_due',
  ],
  [
    'cases_partnership_stage_list',
    ['partnership_id', 'stage_number', 'due_at_utc', 'raised_at desc', 'id'],
    'cases_partnership_stage_due',
  ],
  [
    'cases_partnership_category_list',
    ['partnership_id', 'category', 'due_at_utc', 'raised_at desc', 'id'],
    '',
  ],
];

export const partnershipCaseList: Migration = {
  async up(db: Kysely<unknown>) {
    for (const [name, columns, replaces] of LISTS) {
      await db.schema.createIndex(name).on('cases').columns(columns).execute();
      if (replaces) await db.schema.dropIndex(replaces).execute();
    }
  },
};
