import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  calendarFor,
  londonDate,
  toLondonIso,
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

  it('refuses zero or fractional working days', () => {
    expect(() => addWorkingDays('2026-11-02T09:00:00Z', 0, ew)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-02T09:00:00Z', 1.5, ew)).toThrow(RangeError);
  });

  it('formats any instant with the London offset', () => {
    expect(toLondonIso('2026-07-01T12:00:00Z')).toBe('2026-07-01T13:00:00+01:00');
    expect(toLondonIso(new Date('2026-01-01T12:00:00Z'))).toBe('2026-01-01T12:00:00+00:00');
  });
});

const instants = fc
  .date({
    min: new Date('2018-01-01T00:00:00Z'),
    max: new Date('2035-06-30T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());
const calendars = fc.constantFrom(
  calendarFor('england-and-wales'),
  calendarFor('scotland'),
  calendarFor('northern-ireland'),
);

describe('working-day properties', () => {
  it('a due time is never on a weekend, bank holiday or closure day, and always after the start', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 30 }), calendars, (start, n, calendar) => {
        const due = addWorkingDays(start, n, calendar);
        expect(calendar.isWorkingDay(londonDate(due))).toBe(true);
        expect(Date.parse(due)).toBeGreaterThan(Date.parse(start));
        expect(workingDaysBetween(start, due, calendar)).toBe(n);
      }),
    );
  });

  it('more working days never give an earlier due time', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        calendars,
        (start, n, more, calendar) => {
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
        calendars,
        (start, n, m, calendar) => {
          expect(addWorkingDays(start, n + m, calendar)).toBe(
            addWorkingDays(addWorkingDays(start, n, calendar), m, calendar),
          );
        },
      ),
    );
  });
});
