/**
 * The period a dashboard or board report covers, in UK dates (Europe/London): a preset
 * (the last twelve months, a calendar quarter, a financial year from 1 April) or a custom range
 * of whole days. `from` is inclusive and `to` exclusive, both as UTC instants for queries: `to`
 * is the midnight (UK) that ends the last day, so the whole last day counts and nothing after.
 */
import { DateTime } from 'luxon';

export const PERIODS = [
  'last-12-months',
  'this-quarter',
  'last-quarter',
  'this-financial-year',
  'last-financial-year',
  'custom',
] as const;
export type PeriodPreset = (typeof PERIODS)[number];

export const PERIOD_LABELS: Record<PeriodPreset, string> = {
  'last-12-months': 'The last 12 months',
  'this-quarter': 'This quarter',
  'last-quarter': 'Last quarter',
  'this-financial-year': 'This financial year',
  'last-financial-year': 'Last financial year',
  custom: 'Dates you choose',
};

export interface Period {
  /** inclusive, UTC ISO */
  from: string;
  /** exclusive, UTC ISO */
  to: string;
  /** the first and last day covered, YYYY-MM-DD (UK) */
  firstDay: string;
  lastDay: string;
  /** e.g. "1 July 2026 to 30 September 2026" */
  label: string;
}

const ZONE = 'Europe/London';

/**
 * Whole UK days from `start` up to `endExclusive`, but never beyond today: a period that has
 * not ended yet runs to the end of today (UK), so its last day is today and it counts
 * everything raised up to midnight that ends it, and nothing after.
 */
function between(start: DateTime, endExclusive: DateTime, today: DateTime): Period {
  const tomorrow = today.startOf('day').plus({ days: 1 });
  const capped = endExclusive > tomorrow ? tomorrow : endExclusive;
  const end = capped < start ? start : capped;
  const lastDay = end.minus({ days: 1 });
  return {
    from: start.toUTC().toISO() as string,
    to: end.toUTC().toISO() as string,
    firstDay: start.toISODate() as string,
    lastDay: lastDay.toISODate() as string,
    label: `${start.toFormat('d LLLL yyyy')} to ${lastDay.toFormat('d LLLL yyyy')}`,
  };
}

/** A preset period as it stands at `now`. */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, now: Date): Period {
  const today = DateTime.fromJSDate(now).setZone(ZONE).setLocale('en-GB');
  const quarter = today.startOf('quarter');
  const financialYear = today.set({ month: 4 }).startOf('month');
  const fyStart = today < financialYear ? financialYear.minus({ years: 1 }) : financialYear;
  switch (preset) {
    case 'last-12-months': {
      // the twelve whole months before this one, and this month to the end of today
      const start = today.startOf('month').minus({ months: 12 });
      return between(start, today.startOf('day').plus({ days: 1 }), today);
    }
    case 'this-quarter':
      return between(quarter, quarter.plus({ months: 3 }), today);
    case 'last-quarter':
      return between(quarter.minus({ months: 3 }), quarter, today);
    case 'this-financial-year':
      return between(fyStart, fyStart.plus({ years: 1 }), today);
    case 'last-financial-year':
      return between(fyStart.minus({ years: 1 }), fyStart, today);
  }
}

/** Whole UK days from `firstDay` to `lastDay` inclusive (YYYY-MM-DD). */
export function customPeriod(firstDay: string, lastDay: string, now: Date): Period {
  const start = DateTime.fromISO(firstDay, { zone: ZONE }).setLocale('en-GB');
  const end = DateTime.fromISO(lastDay, { zone: ZONE }).setLocale('en-GB').plus({ days: 1 });
  const today = DateTime.fromJSDate(now).setZone(ZONE).setLocale('en-GB');
  return between(start, end, today);
}

/** The months (YYYY-MM, UK) a period touches, in order, for charts that show empty months. */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  let month = DateTime.fromISO(period.firstDay, { zone: ZONE }).startOf('month');
  const last = DateTime.fromISO(period.lastDay, { zone: ZONE });
  while (month <= last) {
    months.push(month.toFormat('yyyy-MM'));
    month = month.plus({ months: 1 });
  }
  return months;
}

/** "July 2026" from YYYY-MM */
export function monthWords(month: string): string {
  return DateTime.fromISO(`${month}-01`, { zone: ZONE }).setLocale('en-GB').toFormat('LLLL yyyy');
}

/** The instant (UTC ISO) a UK month (YYYY-MM) begins. */
export function ukMonthStart(month: string): string {
  return DateTime.fromISO(`${month}-01`, { zone: ZONE }).toUTC().toISO() as string;
}

/** The UK month (YYYY-MM) an instant (UTC ISO) falls in. */
export function ukMonthOf(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE).toFormat('yyyy-MM');
}

/** The UK month after YYYY-MM. */
export function nextMonth(month: string): string {
  return DateTime.fromISO(`${month}-01`, { zone: ZONE }).plus({ months: 1 }).toFormat('yyyy-MM');
}

/**
 * A period split for the roll-ups: the whole UK months inside it (`first` to `last`, or none)
 * and the ranges at either end that are parts of a month, each `[from, to)`.
 */
export function wholeMonthsOf(period: Pick<Period, 'from' | 'to'>): {
  first: string | null;
  last: string | null;
  parts: [string, string][];
} {
  if (period.from >= period.to) return { first: null, last: null, parts: [] };
  let month = ukMonthOf(period.from);
  if (ukMonthStart(month) < period.from) month = nextMonth(month);
  let first: string | null = null;
  let last: string | null = null;
  while (ukMonthStart(nextMonth(month)) <= period.to) {
    first ??= month;
    last = month;
    month = nextMonth(month);
  }
  if (first === null || last === null) {
    return { first: null, last: null, parts: [[period.from, period.to]] };
  }
  const parts: [string, string][] = [];
  const start = ukMonthStart(first);
  const end = ukMonthStart(nextMonth(last));
  if (period.from < start) parts.push([period.from, start]);
  if (end < period.to) parts.push([end, period.to]);
  return { first, last, parts };
}
