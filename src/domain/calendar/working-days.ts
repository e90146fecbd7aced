/**
 * Working days (ARCHITECTURE.md "Working days (contract)"): Monday to Friday, less the nation's
 * bank holidays and any local closure days, in Europe/London time.
 * N working days from an instant t (N >= 1): count N working days strictly after t's local
 * calendar date; due at the policy's due time (default 17:00 Europe/London) on the last of them.
 * Pure: no I/O.
 */
import { DateTime } from 'luxon';
import type { CalendarId } from '../policy/schema.js';
import { type BankHoliday, bankHolidays } from './bank-holidays.js';

export const LONDON = 'Europe/London';

export interface WorkingDayCalendar {
  id: CalendarId;
  /** date: YYYY-MM-DD */
  isWorkingDay(date: string): boolean;
  holidays(year: number): BankHoliday[];
}

export function calendarFor(
  id: CalendarId,
  localClosures: readonly string[] = [],
): WorkingDayCalendar {
  const closures = new Set(localClosures);
  const byYear = new Map<number, Set<string>>();
  const holidaySet = (year: number) => {
    let set = byYear.get(year);
    if (!set) {
      set = new Set(bankHolidays(id, year).map((h) => h.date));
      byYear.set(year, set);
    }
    return set;
  };
  return {
    id,
    holidays: (year) => bankHolidays(id, year),
    isWorkingDay(date) {
      const day = DateTime.fromISO(date, { zone: 'UTC' });
      if (!day.isValid) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
      if (day.weekday > 5) return false;
      return !holidaySet(day.year).has(date) && !closures.has(date);
    },
  };
}

function instant(value: Date | string): DateTime {
  const t =
    typeof value === 'string'
      ? DateTime.fromISO(value, { setZone: true })
      : DateTime.fromJSDate(value);
  if (!t.isValid) throw new RangeError(`"${String(value)}" is not an ISO-8601 instant`);
  return t.setZone(LONDON);
}

const ISO_FORMAT = "yyyy-MM-dd'T'HH:mm:ssZZ";

/** An instant as ISO-8601 with the Europe/London offset, no milliseconds: 2026-03-30T17:00:00+01:00 */
export function toLondonIso(value: Date | string): string {
  return instant(value).toFormat(ISO_FORMAT);
}

/** The Europe/London calendar date of an instant, YYYY-MM-DD. */
export function londonDate(value: Date | string): string {
  return instant(value).toISODate() as string;
}

export function isWorkingDayAt(value: Date | string, calendar: WorkingDayCalendar): boolean {
  return calendar.isWorkingDay(londonDate(value));
}

function nextDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate() as string;
}

export function addWorkingDays(
  start: Date | string,
  n: number,
  calendar: WorkingDayCalendar,
  dueTime = '17:00',
): string {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`Working days must be a whole number of 1 or more, not ${n}`);
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(dueTime);
  if (!match) throw new RangeError(`Due time must be HH:MM, not "${dueTime}"`);
  let date = londonDate(start);
  let counted = 0;
  while (counted < n) {
    date = nextDate(date);
    if (calendar.isWorkingDay(date)) counted++;
  }
  const due = DateTime.fromISO(`${date}T${dueTime}`, { zone: LONDON });
  return due.toFormat(ISO_FORMAT);
}

/** Working days strictly after a's local date, up to and including b's local date (0 if b is not later). */
export function workingDaysBetween(
  a: Date | string,
  b: Date | string,
  calendar: WorkingDayCalendar,
): number {
  let date = londonDate(a);
  const end = londonDate(b);
  let count = 0;
  while (date < end) {
    date = nextDate(date);
    if (calendar.isWorkingDay(date)) count++;
  }
  return count;
}
