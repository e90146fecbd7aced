import { describe, expect, it } from 'vitest';
import { percentileOfCounts, rollupServes } from './figures/index.js';
import { outcomeLabel } from './figures/outcomes.js';
import { customPeriod } from './period.js';

describe('percentiles from counts per value (nearest rank)', () => {
  it('is the smallest value with at least p % of the values at or below it', () => {
    const one = (values: number[]) => {
      const counts = new Map<number, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      return counts;
    };
    expect(percentileOfCounts(one([1, 2, 3, 4]), 50)).toBe(2);
    expect(percentileOfCounts(one([4, 1, 3, 2]), 90)).toBe(4);
    expect(percentileOfCounts(one([5]), 90)).toBe(5);
    expect(percentileOfCounts(one([1, 1, 1, 9]), 50)).toBe(1);
    expect(percentileOfCounts(one([1, 1, 1, 9]), 90)).toBe(9);
    expect(percentileOfCounts(new Map(), 50)).toBeNull();
  });
});

describe('which figures the monthly roll-ups give', () => {
  it('figures: the roll-ups serve a view filtered by nothing but its period, unless asked not to', () => {
    const period = customPeriod('2026-01-01', '2026-03-31', new Date('2026-11-02T09:30:00Z'));
    expect(rollupServes({ period }, {})).toBe(true);
    expect(rollupServes({ period, agencyId: undefined }, {})).toBe(true);
    expect(rollupServes({ period }, { direct: true })).toBe(false);
    expect(rollupServes({ period, category: 'communication' }, {})).toBe(false);
    expect(rollupServes({ period, reachedStage: 2 }, {})).toBe(false);
  });
});

describe('how the figures name an outcome', () => {
  it("figures: an outcome says how the case ended and, when at a stage, which one in the policy's words", () => {
    expect(outcomeLabel('resolved', 2, 'Manager to manager')).toBe(
      'Resolved at stage 2 (Manager to manager)',
    );
    expect(outcomeLabel('withdrawn', 1, 'Professional to professional')).toBe(
      'Withdrawn at stage 1 (Professional to professional)',
    );
    expect(outcomeLabel('chair-decision', 4, 'Chair')).toBe('Decided by the chair');
    expect(outcomeLabel('panel-decision', 5, 'Panel')).toBe('Decided by a Resolution Panel');
  });
});
