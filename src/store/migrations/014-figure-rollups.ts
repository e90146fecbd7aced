import { type Kysely, type Migration, sql } from 'kysely';
import type { Db } from '../database.js';
import { backfillCaseStageNames, fillOutcomeMonths } from './022-outcome-stage-names.js';

/**
 * The national dashboard's roll-ups (issue 9, bench/RESULTS.md sections 9 and 16):
 *
 * - `stage_spell_months`: the ENDED stage spells counted per UK month entered, stage, stage
 *   name and days at the stage in tenths, with how many were held to a due time, ended by it,
 *   or after it. An ended spell never changes, so these counts do not depend on the day they
 *   are read; spells still open, and the part-months at a period's ends, are counted from
 *   `case_stages` as before. Kept for every partnership together (`scope = 'all'`) and for
 *   each partnership (`scope` = its id).
 * - `outcome_months`: the closed cases per UK month closed, outcome and stage (by number, and
 *   since migration 022 by its key and name too).
 * - `uk_months`: for each UTC calendar month, the UK month that begins in its last hour (in
 *   British Summer Time), so SQL can place an instant in its UK month with one equality join.
 * - `case_stages_open` (and its partnership twin): the open spells, read on their own.
 *
 * Both roll-ups are kept by the services in each command's transaction
 * (src/services/case-projection.ts) and filled here from the projections by `fillFigureRollups`,
 * which the bench also runs after a bulk load.
 */
export const figureRollups: Migration = {
  async up(untyped: Kysely<unknown>) {
    const db = untyped as unknown as Db;
    await db.schema
      .createTable('uk_months')
      .addColumn('utc_month', 'text', (c) => c.primaryKey())
      .addColumn('next_month', 'text', (c) => c.notNull())
      .addColumn('next_starts_at', 'text', (c) => c.notNull())
      .execute();
    const rows = ukMonthRows(1990, 2100);
    for (let i = 0; i < rows.length; i += 200) {
      await db
        .insertInto('uk_months')
        .values(rows.slice(i, i + 200))
        .execute();
    }
    await db.schema
      .createTable('stage_spell_months')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('stage_number', 'integer', (c) => c.notNull())
      .addColumn('stage_key', 'text', (c) => c.notNull())
      .addColumn('stage_name', 'text', (c) => c.notNull())
      .addColumn('days_tenths', 'integer', (c) => c.notNull())
      .addColumn('spells', 'integer', (c) => c.notNull())
      .addColumn('timed', 'integer', (c) => c.notNull())
      .addColumn('in_time', 'integer', (c) => c.notNull())
      .addColumn('late', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('stage_spell_months_pk', [
        'scope',
        'month',
        'stage_number',
        'stage_key',
        'stage_name',
        'days_tenths',
      ])
      .execute();
    await db.schema
      .createTable('outcome_months')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      /** '' for a closed case with no outcome recorded (the dashboard counts it as resolved) */
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('stage_number', 'integer', (c) => c.notNull())
      .addColumn('cases', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('outcome_months_pk', ['scope', 'month', 'outcome', 'stage_number'])
      .execute();
    await db.schema
      .createIndex('case_stages_open')
      .on('case_stages')
      .columns(['entered_at', 'stage_number', 'stage_key', 'stage_name', 'due_at_utc'])
      .where(sql.ref('ended_at'), 'is', null)
      .execute();
    await db.schema
      .createIndex('case_stages_partnership_open')
      .on('case_stages')
      .columns([
        'partnership_id',
        'entered_at',
        'stage_number',
        'stage_key',
        'stage_name',
        'due_at_utc',
      ])
      .where(sql.ref('ended_at'), 'is', null)
      .execute();
    // outcome_months is rebuilt and filled by migration 022, in the shape it has now
    await fillStageSpellMonths(db);
  },
};

/** London's hour when it is midnight in UTC: its offset from UTC that day (0 in GMT, 1 in BST). */
const londonHour = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  hourCycle: 'h23',
});

const yearMonth = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/**
 * Each UTC month from `firstYear` to `lastYear`, with the UK month that follows it and the instant
 * that month begins in the UK (midnight on its first day, London time). Worked out with one
 * time-zone lookup a month: luxon's month arithmetic in the London zone took a quarter of a
 * second for these 1,332 months, on every new database's start (bench/RESULTS.md "Session 21").
 */
export function ukMonthRows(firstYear: number, lastYear: number) {
  const rows: { utc_month: string; next_month: string; next_starts_at: string }[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    for (let month = 1; month <= 12; month++) {
      const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
      const utcMidnight = Date.UTC(next.year, next.month - 1, 1);
      const offsetHours = Number(londonHour.format(utcMidnight));
      rows.push({
        utc_month: yearMonth(year, month),
        next_month: yearMonth(next.year, next.month),
        next_starts_at: new Date(utcMidnight - offsetHours * 3_600_000).toISOString(),
      });
    }
  }
  return rows;
}

/** The UK month (YYYY-MM) of a UTC ISO instant column, given `uk_months` joined as `m`. */
export const ukMonth = (column: string) =>
  `CASE WHEN ${column} >= m.next_starts_at THEN m.next_month ELSE m.utc_month END`;

/**
 * Empties and refills both roll-ups from `case_stages` and `cases` (the bench runs it after a
 * bulk load). Exactly what the services keep in step, command by command.
 */
export async function fillFigureRollups(db: Db): Promise<void> {
  await fillStageSpellMonths(db);
  await backfillCaseStageNames(db);
  await fillOutcomeMonths(db);
}

/** Empties and refills `stage_spell_months` from `case_stages`. */
export async function fillStageSpellMonths(db: Db): Promise<void> {
  await db.deleteFrom('stage_spell_months').execute();
  for (const scope of ["'all'", 's.partnership_id']) {
    await sql
      .raw(
        `INSERT INTO stage_spell_months (scope, month, stage_number, stage_key, stage_name,
           days_tenths, spells, timed, in_time, late)
         SELECT ${scope}, ${ukMonth('s.entered_at')}, s.stage_number, s.stage_key, s.stage_name,
           s.days_tenths, count(*),
           sum(CASE WHEN s.due_at_utc IS NOT NULL THEN 1 ELSE 0 END),
           sum(CASE WHEN s.due_at_utc IS NOT NULL AND s.ended_at <= s.due_at_utc THEN 1 ELSE 0 END),
           sum(CASE WHEN s.due_at_utc IS NOT NULL AND s.ended_at > s.due_at_utc THEN 1 ELSE 0 END)
         FROM case_stages s JOIN uk_months m ON m.utc_month = substr(s.entered_at, 1, 7)
         WHERE s.ended_at IS NOT NULL AND s.entered_at IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5, 6`,
      )
      .execute(db);
  }
}
