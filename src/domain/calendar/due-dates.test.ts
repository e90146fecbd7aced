/**
 * What a due time may be (a policy's `dueTime`, HH:MM London), and the working-day rules an
 * agreed action's due date and its reminder rely on (issue 18: the agreed action plan).
 */
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  calendarFor,
  dueOnDate,
  londonDate,
  workingDaysBefore,
} from './working-days.js';

const ew = calendarFor('england-and-wales');
const monday = '2026-11-02T09:00:00Z';

describe('a due time, HH:MM in London', () => {
  it('may be any minute of the day, the evening hours from 20:00 to 23:59 among them', () => {
    expect(addWorkingDays(monday, 1, ew, '20:00')).toBe('2026-11-03T20:00:00+00:00');
    expect(addWorkingDays(monday, 1, ew, '23:59')).toBe('2026-11-03T23:59:00+00:00');
    expect(addWorkingDays(monday, 1, ew, '00:00')).toBe('2026-11-03T00:00:00+00:00');
  });

  it('is refused as 24:00, or with anything before or after it, naming what was given', () => {
    for (const dueTime of ['24:00', 'x09:00', '09:00x', '09:00 ']) {
      expect(() => addWorkingDays(monday, 1, ew, dueTime)).toThrow(
        new RangeError(`Due time must be HH:MM, not "${dueTime}"`),
      );
    }
  });
});

describe('issue 18: an agreed action due on a date', () => {
  it('is due at the policy’s due time that day in London, 17:00 when the policy names none', () => {
    expect(dueOnDate('2026-12-14')).toBe('2026-12-14T17:00:00+00:00');
    expect(dueOnDate('2026-06-15', '09:30')).toBe('2026-06-15T09:30:00+01:00');
  });

  it('refuses a due date that is not a date, naming it', () => {
    expect(() => dueOnDate('2026-02-30')).toThrow(
      new RangeError('Day "2026-02-30" is not a date (YYYY-MM-DD)'),
    );
  });

  it('is reminded at London midnight N working days before, passing over weekends and bank holidays', () => {
    // Monday 14 December: Friday 11th; Tuesday 26 May, after the Spring bank holiday: Friday 22nd
    expect(workingDaysBefore('2026-12-14', 1, ew)).toBe('2026-12-11T00:00:00+00:00');
    expect(workingDaysBefore('2026-05-26', 1, ew)).toBe('2026-05-22T00:00:00+01:00');
    expect(workingDaysBefore('2026-05-26', 2, ew)).toBe('2026-05-21T00:00:00+01:00');
  });

  it('refuses a reminder of no, fewer than none or part of a working day before, or a due date that is not a date', () => {
    for (const n of [0, -1, 1.5]) {
      expect(() => workingDaysBefore('2026-12-14', n, ew)).toThrow(
        new RangeError(`Working days must be a whole number of 1 or more, not ${n}`),
      );
    }
    expect(() => workingDaysBefore('14/12/2026', 1, ew)).toThrow(
      new RangeError('Day "14/12/2026" is not a date (YYYY-MM-DD)'),
    );
  });
});

describe('the London date of an instant', () => {
  it('is the same for a Date as for its text, across midnight in British Summer Time', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDate('2026-06-30T23:30:00Z')).toBe('2026-07-01');
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('refuses to say whether a day that is not a date is a working day, naming it', () => {
    expect(() => ew.isWorkingDay('2026-02-30')).toThrow(
      new RangeError('Day "2026-02-30" is not a date (YYYY-MM-DD)'),
    );
  });
});
