/**
 * UK bank holidays for the three calendars, from the statutory rules (Banking and Financial
 * Dealings Act 1971 and the royal proclamations each year) and the one-off changes published on
 * gov.uk: 2020's early May holiday moved to VE Day, 2022's spring holiday moved to 2 June with
 * the Platinum Jubilee on 3 June, the State Funeral of Queen Elizabeth II on 19 September 2022,
 * and the Coronation of King Charles III on 8 May 2023.
 *
 * Supported years: SUPPORTED_YEARS (2013 to 2099). From 2013 the rules plus the one-offs above are
 * the complete list (St Andrew's Day became a Scottish bank holiday in 2007; the last earlier
 * one-offs were the royal wedding in 2011 and the Diamond Jubilee in 2012). Years after the
 * published lists follow the statutory rules; a new one-off holiday is added to ONE_OFF_HOLIDAYS
 * (or MOVED) when it is proclaimed. Any other year throws a RangeError rather than quietly
 * treating bank holidays as working days.
 * Pure: no I/O.
 */
import type { CalendarId } from '../policy/schema.js';

export interface BankHoliday {
  /** YYYY-MM-DD */
  date: string;
  title: string;
}

/** The years bankHolidays answers for (inclusive); any other year throws a RangeError. */
export const SUPPORTED_YEARS = { from: 2013, to: 2099 } as const;

/** The years gov.uk has published lists for, checked in tests; later years follow the rules. */
export const PUBLISHED_YEARS = { from: 2018, to: 2027 } as const;

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** 0 = Sunday ... 6 = Saturday */
function weekday(y: number, m: number, d: number): number {
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

function addDays(y: number, m: number, d: number, days: number): string {
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  // Stryker disable next-line ArithmeticOperator: equivalent for every year known (2013 to 2099, one century: b - f is 19)
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  // Stryker disable next-line ArithmeticOperator: equivalent for every year known (2013 to 2099: e, the century's remainder by 4, is 0)
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

function firstMonday(year: number, month: number): string {
  const offset = (8 - weekday(year, month, 1)) % 7;
  return iso(year, month, 1 + offset);
}

function lastMonday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const back = (weekday(year, month, last) + 6) % 7;
  return iso(year, month, last - back);
}

/** A fixed-date holiday, moved to the following Monday when it falls at a weekend. */
function withSubstitute(year: number, month: number, day: number, title: string): BankHoliday {
  const wd = weekday(year, month, day);
  if (wd === 6) return { date: addDays(year, month, day, 2), title: `${title} (substitute day)` };
  if (wd === 0) return { date: addDays(year, month, day, 1), title: `${title} (substitute day)` };
  return { date: iso(year, month, day), title };
}

/** Two consecutive fixed days (Christmas and Boxing Day; 1 and 2 January in Scotland). */
function pairWithSubstitutes(
  year: number,
  month: number,
  day: number,
  titles: [string, string],
): BankHoliday[] {
  const wd = weekday(year, month, day);
  const [first, second] = titles;
  if (wd === 5) {
    // Friday and Saturday: the second moves to Monday.
    return [
      { date: iso(year, month, day), title: first },
      { date: addDays(year, month, day, 3), title: `${second} (substitute day)` },
    ];
  }
  if (wd === 6) {
    // Saturday and Sunday: Monday and Tuesday.
    return [
      { date: addDays(year, month, day, 2), title: `${first} (substitute day)` },
      { date: addDays(year, month, day, 3), title: `${second} (substitute day)` },
    ];
  }
  if (wd === 0) {
    // Sunday and Monday: the second keeps Monday, the first moves to Tuesday.
    return [
      { date: addDays(year, month, day, 1), title: second },
      { date: addDays(year, month, day, 2), title: `${first} (substitute day)` },
    ];
  }
  return [
    { date: iso(year, month, day), title: first },
    { date: addDays(year, month, day, 1), title: second },
  ];
}

/** Moved holidays: year -> the rule's usual date -> the date it was moved to. */
const MOVED: Record<number, Record<string, BankHoliday>> = {
  2020: { '2020-05-04': { date: '2020-05-08', title: 'Early May bank holiday (VE day)' } },
  2022: { '2022-05-30': { date: '2022-06-02', title: 'Spring bank holiday' } },
};

const ONE_OFF_HOLIDAYS: BankHoliday[] = [
  { date: '2022-06-03', title: 'Platinum Jubilee bank holiday' },
  { date: '2022-09-19', title: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
  { date: '2023-05-08', title: 'Bank holiday for the coronation of King Charles III' },
];

function moved(year: number, holiday: BankHoliday): BankHoliday {
  return MOVED[year]?.[holiday.date] ?? holiday;
}

export function bankHolidays(calendar: CalendarId, year: number): BankHoliday[] {
  if (!Number.isInteger(year) || year < SUPPORTED_YEARS.from || year > SUPPORTED_YEARS.to) {
    throw new RangeError(
      `Bank holidays are only known for ${SUPPORTED_YEARS.from} to ${SUPPORTED_YEARS.to}, not ${year}`,
    );
  }
  const easter = easterSunday(year);
  const goodFriday = { date: addDays(year, easter.month, easter.day, -2), title: 'Good Friday' };
  const easterMonday = { date: addDays(year, easter.month, easter.day, 1), title: 'Easter Monday' };
  const earlyMay = moved(year, { date: firstMonday(year, 5), title: 'Early May bank holiday' });
  const spring = moved(year, { date: lastMonday(year, 5), title: 'Spring bank holiday' });
  const christmas = pairWithSubstitutes(year, 12, 25, ['Christmas Day', 'Boxing Day']);
  const list: BankHoliday[] = [];
  if (calendar === 'scotland') {
    list.push(...pairWithSubstitutes(year, 1, 1, ["New Year's Day", '2nd January']));
    list.push(goodFriday, earlyMay, spring);
    list.push({ date: firstMonday(year, 8), title: 'Summer bank holiday' });
    list.push(withSubstitute(year, 11, 30, "St Andrew's Day"));
  } else {
    list.push(withSubstitute(year, 1, 1, "New Year's Day"));
    if (calendar === 'northern-ireland') list.push(withSubstitute(year, 3, 17, "St Patrick's Day"));
    list.push(goodFriday, easterMonday, earlyMay, spring);
    if (calendar === 'northern-ireland') {
      list.push(withSubstitute(year, 7, 12, 'Battle of the Boyne (Orangemen’s Day)'));
    }
    list.push({ date: lastMonday(year, 8), title: 'Summer bank holiday' });
  }
  list.push(...christmas);
  list.push(...ONE_OFF_HOLIDAYS.filter((h) => h.date.startsWith(`${year}-`)));
  // Stryker disable next-line EqualityOperator: equivalent, because no two holidays of a year fall on one date (so the comparator never needs to answer 0)
  return list.sort((a, b) => (a.date < b.date ? -1 : 1));
}
