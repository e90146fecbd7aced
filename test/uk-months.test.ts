/**
 * The months the dashboard's roll-ups place an instant in (migration 014's `uk_months`): for each
 * UTC month, the UK month that follows it and the instant it begins in the UK, midnight London
 * time on its first day (the hour before midnight UTC while British Summer Time is kept).
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ukMonthRows } from '../src/store/migrations/014-figure-rollups.js';

describe('uk_months: the UK month that begins in each UTC month', () => {
  const rows = ukMonthRows(1990, 2100);

  it('lists every month from January 1990 to December 2100 once, each followed by the next', () => {
    expect(rows).toHaveLength(111 * 12);
    expect(rows[0]?.utc_month).toBe('1990-01');
    expect(rows.at(-1)).toMatchObject({ utc_month: '2100-12', next_month: '2101-01' });
    for (const [i, row] of rows.entries()) {
      if (i > 0) expect(row.utc_month).toBe(rows[i - 1]?.next_month);
    }
  });

  it('starts each UK month at midnight on its first day in London, in GMT and in British Summer Time', () => {
    for (const row of rows) {
      const inLondon = DateTime.fromISO(row.next_starts_at, { zone: 'Europe/London' });
      expect(inLondon.toFormat('yyyy-MM-dd HH:mm:ss.SSS'), row.utc_month).toBe(
        `${row.next_month}-01 00:00:00.000`,
      );
    }
    const startOf = (month: string) => rows.find((r) => r.next_month === month)?.next_starts_at;
    expect(startOf('2026-04')).toBe('2026-03-31T23:00:00.000Z');
    expect(startOf('2026-10')).toBe('2026-09-30T23:00:00.000Z');
    expect(startOf('2026-11')).toBe('2026-11-01T00:00:00.000Z');
    expect(startOf('2027-01')).toBe('2027-01-01T00:00:00.000Z');
  });
});
