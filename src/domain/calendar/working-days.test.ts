import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { bankHolidays } from './bank-holidays.js';
import {
  addWorkingDays,
  calendarFor,
  isWorkingDayAt,
  londonDate,
  toLondonIso,
  type WorkingDayCalendar,
  workingDaysBetween,
} from './working-days.js';

const ew = calendarFor('england-and-wales');

describe('N working days from an instant (contract)', () => {
  it('counts strictly after the start date, due at 17:00 on the last', () => {
    expect(addWorkingDays('2026-11-02T09:30:00Z', 1, ew)).toBe('2026-11-03T17:00:00+00:00');
    expect(addWorkingDays('2026-11-02T16:59:00Z', 2, ew)).toBe('2026-11-04T17:00:00+00:00');
  });

  it('skips the weekend from a Friday evening', () => {
    expect(addWorkingDays('2026-11-06T18:45:00Z', 1, ew)).toBe('2026-11-09T17:00:00+00:00');
  });

  it('uses the local (London) date: 23:30 UTC in summer is already the next day', () => {
    // 23:30 UTC on Monday 1 June 2026 is 00:30 BST on Tuesday 2 June.
    expect(addWorkingDays('2026-06-01T23:30:00Z', 1, ew)).toBe('2026-06-03T17:00:00+01:00');
  });

  it('skips Christmas, Boxing Day substitute and New Year', () => {
    // Wednesday 23 December 2026; 25 Fri and 28 Mon are holidays.
    expect(addWorkingDays('2026-12-23T10:00:00Z', 1, ew)).toBe('2026-12-24T17:00:00+00:00');
    expect(addWorkingDays('2026-12-23T10:00:00Z', 2, ew)).toBe('2026-12-29T17:00:00+00:00');
    expect(addWorkingDays('2026-12-31T10:00:00Z', 1, ew)).toBe('2027-01-04T17:00:00+00:00');
  });

  it('skips Christmas on a Saturday: substitutes on Monday 27 and Tuesday 28 December 2027', () => {
    expect(addWorkingDays('2027-12-23T10:00:00Z', 1, ew)).toBe('2027-12-24T17:00:00+00:00');
    expect(addWorkingDays('2027-12-23T10:00:00Z', 2, ew)).toBe('2027-12-29T17:00:00+00:00');
  });

  it("skips Scotland's 2 January", () => {
    // Wednesday 31 December 2025; Thursday 1 and Friday 2 January 2026 are Scottish holidays.
    expect(addWorkingDays('2025-12-31T10:00:00Z', 1, calendarFor('scotland'))).toBe(
      '2026-01-05T17:00:00+00:00',
    );
    expect(addWorkingDays('2025-12-31T10:00:00Z', 1, ew)).toBe('2026-01-02T17:00:00+00:00');
  });

  it('skips Easter from the Thursday before Good Friday', () => {
    // Thursday 2 April 2026; Good Friday 3rd, Easter Monday 6th.
    expect(addWorkingDays('2026-04-02T10:00:00+01:00', 1, ew)).toBe('2026-04-07T17:00:00+01:00');
    // Scotland has no Easter Monday holiday.
    expect(addWorkingDays('2026-04-02T10:00:00+01:00', 1, calendarFor('scotland'))).toBe(
      '2026-04-06T17:00:00+01:00',
    );
  });

  it('carries the new offset across both clock changes', () => {
    // Clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October 2026.
    expect(addWorkingDays('2026-03-27T12:00:00Z', 1, ew)).toBe('2026-03-30T17:00:00+01:00');
    expect(addWorkingDays('2026-10-23T12:00:00+01:00', 1, ew)).toBe('2026-10-26T17:00:00+00:00');
  });

  it('skips local closure days and honours the due time', () => {
    const closed = calendarFor('england-and-wales', ['2026-11-03']);
    expect(addWorkingDays('2026-11-02T09:00:00Z', 1, closed, '12:00')).toBe(
      '2026-11-04T12:00:00+00:00',
    );
  });

  it("differs by nation: 12 July in Northern Ireland, St Andrew's Day in Scotland", () => {
    expect(addWorkingDays('2026-07-10T10:00:00+01:00', 1, calendarFor('northern-ireland'))).toBe(
      '2026-07-14T17:00:00+01:00',
    );
    expect(addWorkingDays('2026-07-10T10:00:00+01:00', 1, ew)).toBe('2026-07-13T17:00:00+01:00');
    expect(addWorkingDays('2026-11-27T10:00:00Z', 1, calendarFor('scotland'))).toBe(
      '2026-12-01T17:00:00+00:00',
    );
  });

  it('counts on the local date even when the start is just before midnight in winter', () => {
    // 23:30 UTC on Monday 2 November 2026 is 23:30 GMT, still Monday.
    expect(addWorkingDays('2026-11-02T23:30:00Z', 1, ew)).toBe('2026-11-03T17:00:00+00:00');
  });

  it('reads a start without an offset as London time, and accepts a Date', () => {
    expect(addWorkingDays('2026-06-01T23:30', 1, ew)).toBe('2026-06-02T17:00:00+01:00');
    expect(addWorkingDays(new Date('2026-06-01T23:30:00Z'), 1, ew)).toBe(
      '2026-06-03T17:00:00+01:00',
    );
  });

  it('refuses zero, negative or fractional working days', () => {
    // the message says what was wrong, for the administrator who wrote the policy
    expect(() => addWorkingDays('2026-11-02T09:00:00Z', 0, ew)).toThrow(
      new RangeError('Working days must be a whole number of 1 or more, not 0'),
    );
    expect(() => addWorkingDays('2026-11-02T09:00:00Z', -1, ew)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-02T09:00:00Z', 1.5, ew)).toThrow(RangeError);
  });

  it('refuses a bad due time, start or date', () => {
    expect(() => addWorkingDays('2026-11-02T09:00:00Z', 1, ew, '5pm')).toThrow(
      new RangeError('Due time must be HH:MM, not "5pm"'),
    );
    expect(() => addWorkingDays('not a date', 1, ew)).toThrow(
      new RangeError('"not a date" is not an ISO-8601 instant'),
    );
    expect(() => ew.isWorkingDay('2026-3-2')).toThrow(RangeError);
    expect(() => ew.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendarFor('england-and-wales', ['03/11/2026'])).toThrow(/closure/);
  });

  it('refuses to count into a year without known bank holidays', () => {
    expect(() => addWorkingDays('2099-12-30T10:00:00Z', 5, ew)).toThrow(/2100/);
    expect(() => ew.isWorkingDay('2012-06-05')).toThrow(RangeError);
  });

  it('formats any instant with the London offset', () => {
    expect(toLondonIso('2026-07-01T12:00:00Z')).toBe('2026-07-01T13:00:00+01:00');
    expect(toLondonIso(new Date('2026-01-01T12:00:00Z'))).toBe('2026-01-01T12:00:00+00:00');
    expect(toLondonIso('2026-01-01T12:00:00.456Z')).toBe('2026-01-01T12:00:00+00:00');
  });
});

describe('helpers', () => {
  it('londonDate of any UTC instant is its London date as luxon gives it (looked up by the hour)', () => {
    const instants = fc.date({
      min: new Date('1972-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, (d) => {
        const expected = DateTime.fromJSDate(d, { zone: 'Europe/London' }).toISODate();
        expect(londonDate(d.toISOString())).toBe(expected);
        expect(londonDate(d)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    // either side of London midnight, in winter and in summer, and at both changes of the clocks
    for (const [iso, date] of [
      ['2026-01-15T23:59:59.999Z', '2026-01-15'],
      ['2026-01-16T00:00:00.000Z', '2026-01-16'],
      ['2026-07-15T22:59:59.999Z', '2026-07-15'],
      ['2026-07-15T23:00:00.000Z', '2026-07-16'],
      ['2026-03-29T00:59:59.999Z', '2026-03-29'],
      ['2026-10-24T23:00:00.000Z', '2026-10-25'],
      ['2026-10-25T23:59:59.999Z', '2026-10-25'],
    ]) {
      expect(londonDate(iso as string)).toBe(date);
    }
  });

  it('londonDate and isWorkingDayAt use the London date', () => {
    expect(londonDate('2026-06-05T23:30:00Z')).toBe('2026-06-06');
    expect(londonDate('2026-12-05T23:30:00Z')).toBe('2026-12-05');
    // Friday 5 June 2026 at 23:30 UTC is already Saturday in London.
    expect(isWorkingDayAt('2026-06-05T23:30:00Z', ew)).toBe(false);
    expect(isWorkingDayAt('2026-06-05T22:30:00Z', ew)).toBe(true);
  });

  it('knows a calendar by its holidays and closures', () => {
    const closed = calendarFor('northern-ireland', ['2026-07-14']);
    expect(closed.id).toBe('northern-ireland');
    expect(closed.holidays(2026).map((h) => h.date)).toContain('2026-07-13');
    expect(closed.isWorkingDay('2026-07-13')).toBe(false);
    expect(closed.isWorkingDay('2026-07-14')).toBe(false);
    expect(closed.isWorkingDay('2026-07-15')).toBe(true);
    expect(closed.isWorkingDay('2026-07-18')).toBe(false);
  });

  it('workingDaysBetween counts after a, up to and including b', () => {
    // After Wednesday 23 December 2026: 24, 29, 30, 31 December and Monday 4 January.
    expect(workingDaysBetween('2026-12-23T10:00:00Z', '2027-01-04T09:00:00Z', ew)).toBe(5);
    expect(workingDaysBetween('2026-11-02T10:00:00Z', '2026-11-02T16:00:00Z', ew)).toBe(0);
    expect(workingDaysBetween('2026-11-03T10:00:00Z', '2026-11-02T10:00:00Z', ew)).toBe(0);
  });
});

const instants = fc
  .date({
    min: new Date('2018-01-01T00:00:00Z'),
    max: new Date('2035-06-30T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());
const nations = fc.constantFrom('england-and-wales', 'scotland', 'northern-ireland' as const);
/** Closure days: offsets of up to 60 days after the start's London date. */
const closureOffsets = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 8 });

function closuresAfter(start: string, offsets: number[]): string[] {
  const day = new Date(`${londonDate(start)}T00:00:00Z`);
  return offsets.map((offset) =>
    new Date(day.getTime() + offset * 86_400_000).toISOString().slice(0, 10),
  );
}

/** The London wall-clock hour and minute of an instant, without luxon. */
const londonClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

describe('working-day properties', () => {
  it('a due time is 17:00 London on a weekday that is not a bank holiday or closure day, after the start', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 1, max: 30 }),
        nations,
        closureOffsets,
        (start, n, nation, offsets) => {
          const closures = closuresAfter(start, offsets);
          const due = addWorkingDays(start, n, calendarFor(nation, closures));
          expect(due).toMatch(/^\d{4}-\d{2}-\d{2}T17:00:00\+0[01]:00$/);
          expect(londonClock.format(new Date(due))).toBe('17:00');
          const date = due.slice(0, 10);
          const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
          expect([0, 6]).not.toContain(weekday);
          const holidays = bankHolidays(nation, Number(date.slice(0, 4))).map((h) => h.date);
          expect(holidays).not.toContain(date);
          expect(closures).not.toContain(date);
          expect(Date.parse(due)).toBeGreaterThan(Date.parse(start));
        },
      ),
    );
  });

  it('exactly n working days are counted', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 1, max: 30 }),
        nations,
        closureOffsets,
        (start, n, nation, offsets) => {
          const calendar = calendarFor(nation, closuresAfter(start, offsets));
          const due = addWorkingDays(start, n, calendar);
          expect(workingDaysBetween(start, due, calendar)).toBe(n);
          // The day before the due date is still short of n.
          const dayBefore = new Date(Date.parse(`${due.slice(0, 10)}T12:00:00Z`) - 86_400_000);
          expect(workingDaysBetween(start, dayBefore, calendar)).toBe(n - 1);
        },
      ),
    );
  });

  it('more working days never give an earlier due time', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        nations,
        closureOffsets,
        (start, n, more, nation, offsets) => {
          const calendar = calendarFor(nation, closuresAfter(start, offsets));
          expect(Date.parse(addWorkingDays(start, n + more, calendar))).toBeGreaterThanOrEqual(
            Date.parse(addWorkingDays(start, n, calendar)),
          );
        },
      ),
    );
  });

  it('n + m working days = m working days from the n-th', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 15 }),
        nations,
        closureOffsets,
        (start, n, m, nation, offsets) => {
          const calendar: WorkingDayCalendar = calendarFor(nation, closuresAfter(start, offsets));
          expect(addWorkingDays(start, n + m, calendar)).toBe(
            addWorkingDays(addWorkingDays(start, n, calendar), m, calendar),
          );
        },
      ),
    );
  });
});
