/**
 * Working days (docs/architecture.md "Working days"): Monday to Friday, less the nation's
 * bank holidays and any local closure days, in Europe/London time.
 * N working days from an instant t (N >= 1): count N working days strictly after t's local
 * calendar date; due at the policy's due time (default 17:00 Europe/London) on the last of them.
 * Pure: no I/O.
 */
import { DateTime } from 'luxon';
import { memoize } from '../memo.js';
import type { CalendarId } from '../policy/schema.js';
import { type BankHoliday, bankHolidays } from './bank-holidays.js';

export const LONDON = 'Europe/London';

export interface WorkingDayCalendar {
  id: CalendarId;
  /** date: YYYY-MM-DD */
  isWorkingDay(date: string): boolean;
  holidays(year: number): BankHoliday[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A calendar date, YYYY-MM-DD, that exists (rejects 2026-02-30, 2026-3-1, times), as the UTC
 * midnight that starts it. Plain date arithmetic, not luxon: the case page asks the engine which
 * actions it offers, and each trial works out a stage's due date day by day, so this runs
 * hundreds of times a page (bench/RESULTS.md, session 3).
 */
function parseDate(date: string, what: string): Date {
  // Stryker disable next-line Regex: equivalent, because text before or after the date fails the round trip below
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = new Date(0);
  if (match) day.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (!match || formatDate(day) !== date) {
    throw new RangeError(`${what} "${date}" is not a date (YYYY-MM-DD)`);
  }
  return day;
}

/** YYYY-MM-DD of a UTC midnight. */
function formatDate(day: Date): string {
  // Stryker disable next-line StringLiteral: equivalent for every year the calendar knows (bank holidays from 2013), all four digits
  const y = String(day.getUTCFullYear()).padStart(4, '0');
  const m = String(day.getUTCMonth() + 1).padStart(2, '0');
  const d = String(day.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** A nation's bank holidays of a year, as a set of dates: the same for every calendar made. */
const holidaySets = new Map<string, Set<string>>();

function holidaySet(id: CalendarId, year: number): Set<string> {
  const key = `${id}/${year}`;
  let set = holidaySets.get(key);
  // Stryker disable next-line ConditionalExpression: equivalent, because the set remembered is the one made again
  if (!set) {
    set = new Set(bankHolidays(id, year).map((h) => h.date));
    holidaySets.set(key, set);
  }
  return set;
}

/**
 * A nation's working-day calendar. localClosures: extra non-working days (YYYY-MM-DD) an
 * administrator has added, e.g. an office closure.
 */
export function calendarFor(
  id: CalendarId,
  localClosures: readonly string[] = [],
): WorkingDayCalendar {
  const closures = new Set(localClosures.map((d) => formatDate(parseDate(d, 'Local closure day'))));
  return {
    id,
    holidays: (year) => bankHolidays(id, year),
    isWorkingDay(date) {
      const day = parseDate(date, 'Day');
      const weekday = day.getUTCDay(); // 0 Sunday, 6 Saturday
      if (weekday === 0 || weekday === 6) return false;
      return !holidaySet(id, day.getUTCFullYear()).has(date) && !closures.has(date);
    },
  };
}

/** An instant in London time. A string without an offset is read as London local time. */
function instant(value: Date | string): DateTime {
  const t =
    typeof value === 'string'
      ? DateTime.fromISO(value, { zone: LONDON })
      : DateTime.fromJSDate(value); // an instant: set in London's zone below
  if (!t.isValid) throw new RangeError(`"${String(value)}" is not an ISO-8601 instant`);
  return t.setZone(LONDON);
}

const ISO_FORMAT = "yyyy-MM-dd'T'HH:mm:ssZZ";

/** An instant as ISO-8601 with the Europe/London offset, no milliseconds: 2026-03-30T17:00:00+01:00 */
export function toLondonIso(value: Date | string): string {
  return instant(value).toFormat(ISO_FORMAT);
}

// Time-zone conversions with luxon cost microseconds each (Intl under the hood), and the same
// instants (when a case was raised, a stage entered) are converted on every read: remembered.
const londonDateOf = memoize((iso: string) => instant(iso).toISODate() as string);
const londonLocalToIso = memoize((local: string) =>
  DateTime.fromISO(local, { zone: LONDON }).toFormat(ISO_FORMAT),
);

const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * The Europe/London calendar date of an instant, YYYY-MM-DD.
 *
 * London's offset from UTC is a whole number of hours and changes only on a UTC hour, so its
 * midnight always falls on a UTC hour: every instant in one UTC hour has the same London date.
 * A UTC instant (the clock's "now", different on every request, which the memo could never
 * answer) is therefore looked up by its hour; a property test checks it against luxon.
 */
export function londonDate(value: Date | string): string {
  // Stryker disable next-line ConditionalExpression: equivalent, because a Date given as it is is read as the same instant, only not by the hour
  const iso = typeof value === 'string' ? value : value.toISOString();
  // Stryker disable next-line ConditionalExpression: equivalent, because looking up the hour only lets the memo answer; the date is the same
  if (UTC_ISO.test(iso)) return londonDateOf(`${iso.slice(0, 13)}:00:00Z`);
  // only a string with an offset, or none, gets here: a Date's toISOString() is always UTC
  return londonDateOf(iso);
}

/** Whether the instant's London calendar date is a working day. */
export function isWorkingDayAt(value: Date | string, calendar: WorkingDayCalendar): boolean {
  return calendar.isWorkingDay(londonDate(value));
}

function nextDate(date: string): string {
  // Stryker disable next-line StringLiteral: unreachable, because the date is always one formatDate wrote, so never refused
  return formatDate(new Date(parseDate(date, 'Day').getTime() + DAY_MS));
}

/**
 * The due time N working days after start (N >= 1): N working days strictly after start's London
 * date, at dueTime (HH:MM London time) on the last of them, e.g. 2026-03-30T17:00:00+01:00.
 */
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
  return londonLocalToIso(`${date}T${dueTime}`);
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

/** London midnight at the start of a date, as an instant (ms). */
function londonMidnight(date: string): number {
  return DateTime.fromISO(`${date}T00:00`, { zone: LONDON }).toMillis();
}

/**
 * The due time `hours` hours after start, counting only the hours of working days (issue 18):
 * the clock stops at midnight before a weekend, bank holiday or closure day and starts again at
 * the midnight that begins the next working day. "Within 24 hours" from 3pm on a Friday is 3pm
 * on Monday; from a Saturday, midnight at the end of Monday. Real elapsed time otherwise, so a
 * clock change inside a working day counts as it is lived (23 or 25 hours).
 */
export function addWorkingHours(
  start: Date | string,
  hours: number,
  calendar: WorkingDayCalendar,
): string {
  if (!Number.isInteger(hours) || hours < 1)
    throw new RangeError(`Hours must be a whole number of 1 or more, not ${hours}`);
  let left = hours * 60 * 60 * 1000;
  let date = londonDate(start);
  let at = instant(start).toMillis();
  for (;;) {
    const next = nextDate(date);
    const end = londonMidnight(next);
    if (calendar.isWorkingDay(date)) {
      if (at + left <= end) return toLondonIso(new Date(at + left));
      left -= end - at;
    }
    date = next;
    at = end;
  }
}

/**
 * "Immediately": by the due time on the working day it begins, or on the next working day when
 * it begins on a day that is not a working day or after that day's due time (issue 18).
 */
export function immediateDue(
  start: Date | string,
  calendar: WorkingDayCalendar,
  dueTime = '17:00',
): string {
  const date = londonDate(start);
  const today = londonLocalToIso(`${date}T${dueTime}`);
  if (calendar.isWorkingDay(date) && Date.parse(today) > instant(start).toMillis()) return today;
  return addWorkingDays(start, 1, calendar, dueTime);
}

/** The policy's due time (HH:MM London) on a date (YYYY-MM-DD), as an instant: 2026-12-14T17:00:00Z */
export function dueOnDate(date: string, dueTime = '17:00'): string {
  return londonLocalToIso(`${formatDate(parseDate(date, 'Day'))}T${dueTime}`);
}

/**
 * London midnight at the start of the working day N working days before `date` (N >= 1), as an
 * instant: when a reminder "1 working day before" an action due on `date` is owed (issue 18).
 */
export function workingDaysBefore(date: string, n: number, calendar: WorkingDayCalendar): string {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`Working days must be a whole number of 1 or more, not ${n}`);
  let day = parseDate(date, 'Day').getTime();
  let counted = 0;
  while (counted < n) {
    day -= DAY_MS;
    if (calendar.isWorkingDay(formatDate(new Date(day)))) counted++;
  }
  return londonLocalToIso(`${formatDate(new Date(day))}T00:00`);
}
