/**
 * Hours and "immediately" on the working-day calendars (issue 18, item 3): "contact within 24
 * hours" counts the hours of working days only; "acknowledge immediately" is due that working day.
 */
import { describe, expect, it } from 'vitest';
import { addWorkingHours, calendarFor, immediateDue } from './working-days.js';

const ew = calendarFor('england-and-wales');
const scotland = calendarFor('scotland');

describe('hours counted on working days only', () => {
  it('runs straight through a working day', () => {
    expect(addWorkingHours('2026-11-02T09:30:00Z', 4, ew)).toBe('2026-11-02T13:30:00+00:00');
    expect(addWorkingHours('2026-11-02T15:00:00Z', 24, ew)).toBe('2026-11-03T15:00:00+00:00');
  });

  it('stops over the weekend: 24 hours from 3pm on a Friday is 3pm on Monday', () => {
    expect(addWorkingHours('2026-11-06T15:00:00Z', 24, ew)).toBe('2026-11-09T15:00:00+00:00');
  });

  it('starts at the midnight that begins the next working day when begun at a weekend', () => {
    expect(addWorkingHours('2026-11-07T10:00:00Z', 24, ew)).toBe('2026-11-10T00:00:00+00:00');
  });

  it('stops over Good Friday and Easter Monday in England and Wales, but not Easter Monday in Scotland', () => {
    // Thursday 2 April 2026, noon (BST): 12 hours that day, then the bank holiday weekend
    expect(addWorkingHours('2026-04-02T12:00:00+01:00', 24, ew)).toBe('2026-04-07T12:00:00+01:00');
    expect(addWorkingHours('2026-04-02T12:00:00+01:00', 24, scotland)).toBe(
      '2026-04-06T12:00:00+01:00',
    );
  });

  it("stops on Scotland's 2 January", () => {
    expect(addWorkingHours('2025-12-31T16:00:00Z', 24, ew)).toBe('2026-01-02T16:00:00+00:00');
    expect(addWorkingHours('2025-12-31T16:00:00Z', 24, scotland)).toBe('2026-01-05T16:00:00+00:00');
  });

  it('stops on a local closure day', () => {
    const closed = calendarFor('england-and-wales', ['2026-11-03']);
    expect(addWorkingHours('2026-11-02T15:00:00Z', 24, closed)).toBe('2026-11-04T15:00:00+00:00');
  });

  it('refuses hours that are not a whole number of 1 or more', () => {
    expect(() => addWorkingHours('2026-11-02T09:30:00Z', 0, ew)).toThrow(
      new RangeError('Hours must be a whole number of 1 or more, not 0'),
    );
    expect(() => addWorkingHours('2026-11-02T09:30:00Z', 1.5, ew)).toThrow(RangeError);
  });

  it('accepts a single hour, the least a policy may give', () => {
    expect(addWorkingHours('2026-11-02T09:30:00Z', 1, ew)).toBe('2026-11-02T10:30:00+00:00');
  });

  it('ends at the midnight that closes a working day when the hours run out exactly then, not after the weekend', () => {
    // 9 hours from 3pm on Friday 6 November 2026 end at midnight: the start of Saturday
    expect(addWorkingHours('2026-11-06T15:00:00Z', 9, ew)).toBe('2026-11-07T00:00:00+00:00');
  });
});

describe('"immediately": by the due time that working day', () => {
  it('is due at 5pm the same day when begun on a working day before 5pm', () => {
    expect(immediateDue('2026-11-02T09:30:00Z', ew)).toBe('2026-11-02T17:00:00+00:00');
  });

  it('is due at 5pm the next working day when begun after 5pm, or at a weekend', () => {
    expect(immediateDue('2026-11-02T18:00:00Z', ew)).toBe('2026-11-03T17:00:00+00:00');
    expect(immediateDue('2026-11-07T10:00:00Z', ew)).toBe('2026-11-09T17:00:00+00:00');
  });

  it("uses the policy's due time", () => {
    expect(immediateDue('2026-11-02T09:30:00Z', ew, '12:00')).toBe('2026-11-02T12:00:00+00:00');
  });
});
