import { describe, expect, it } from 'vitest';
import { percentileOfCounts, rollupServes, stagesOf } from './figures/index.js';
import { type OutcomeRow, outcomeCounts, outcomeLabel } from './figures/outcomes.js';
import type { SpellGroup } from './figures/stage-times.js';
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
    // values each counted no times (an open group's days) are no values: no percentile
    expect(percentileOfCounts(new Map([[0, 0]]), 50)).toBeNull();
    expect(
      percentileOfCounts(
        new Map([
          [4, 0],
          [7, 0],
        ]),
        90,
      ),
    ).toBeNull();
    // a value counted no times (an open spell's days) is never the percentile
    expect(
      percentileOfCounts(
        new Map([
          [0, 0],
          [3, 1],
          [8, 0],
          [9, 1],
        ]),
        50,
      ),
    ).toBe(3);
    expect(
      percentileOfCounts(
        new Map([
          [0, 0],
          [3, 1],
          [8, 0],
          [9, 1],
        ]),
        90,
      ),
    ).toBe(9);
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

describe('how the figures count outcomes (the board report’s "how cases ended")', () => {
  const row = (
    outcome: string | null,
    stage_number: number,
    stage_key: string,
    stage_name: string,
    count: number,
  ): OutcomeRow => ({ outcome, stage_number, stage_key, stage_name, count });

  it("figures, outcomes: the chair's decisions are one row whatever the stage, named by the earliest stage, in any order", () => {
    const rows = [
      row('chair-decision', 5, 'chair', 'Independent chair', 2),
      row('chair-decision', 4, 'chair-local', 'Chair (local)', 1),
      row('chair-decision', 4, 'chair-board', 'Chair (board)', 4),
    ];
    for (const order of [rows, [...rows].reverse(), [rows[1], rows[0], rows[2]]]) {
      expect(outcomeCounts(order as OutcomeRow[])).toEqual([
        {
          outcome: 'chair-decision',
          stage: 4,
          key: 'chair-board',
          name: 'Chair (board)',
          label: 'Decided by the chair',
          count: 7,
        },
      ]);
    }
  });

  it('figures, outcomes: a panel’s decisions are one row too, named by the earliest stage and then by key', () => {
    const rows = [
      row('panel-decision', 5, 'panel', 'Panel B', 1),
      row('panel-decision', 5, 'panel', 'Panel A', 1),
    ];
    for (const order of [rows, [...rows].reverse()]) {
      expect(outcomeCounts(order)).toMatchObject([
        { outcome: 'panel-decision', stage: 5, name: 'Panel A', count: 2 },
      ]);
    }
  });

  it('figures, outcomes: a closed case with no outcome recorded is counted as resolved at its stage', () => {
    expect(
      outcomeCounts([
        row(null, 2, 'manager', 'Manager to manager', 1),
        row('resolved', 2, 'manager', 'Manager to manager', 2),
      ]),
    ).toEqual([
      {
        outcome: 'resolved',
        stage: 2,
        key: 'manager',
        name: 'Manager to manager',
        label: 'Resolved at stage 2 (Manager to manager)',
        count: 3,
      },
    ]);
  });

  it('figures, outcomes: an outcome with no cases left (a roll-up row whose cases were all reopened) is not listed', () => {
    expect(outcomeCounts([row('withdrawn', 1, 'p2p', 'Professional to professional', 0)])).toEqual(
      [],
    );
  });

  it("figures, outcomes: resolved, then the chair's, a panel's and withdrawn; each by stage, then by the policy's name", () => {
    const counted = outcomeCounts([
      row('withdrawn', 1, 'p2p', 'Professional to professional', 1),
      row('panel-decision', 5, 'panel', 'Panel', 1),
      row('resolved', 3, 'senior', 'Senior managers', 1),
      row('chair-decision', 4, 'chair', 'Chair', 1),
      row('resolved', 2, 'manager', 'Manager to manager', 1),
      row('resolved', 2, 'own-line', 'Own line manager', 1),
      row('resolved', 1, 'p2p', 'Professional to professional', 1),
      row('withdrawn', 0, 'intake', 'Intake', 1),
    ]);
    expect(counted.map((o) => o.label)).toEqual([
      'Resolved at stage 1 (Professional to professional)',
      'Resolved at stage 2 (Manager to manager)',
      'Resolved at stage 2 (Own line manager)',
      'Resolved at stage 3 (Senior managers)',
      'Decided by the chair',
      'Decided by a Resolution Panel',
      'Withdrawn at stage 0 (Intake)',
      'Withdrawn at stage 1 (Professional to professional)',
    ]);
  });
});

describe('how the figures count stage spells (the board report’s stage table)', () => {
  const group = (g: Partial<SpellGroup> & { days_tenths: number }): SpellGroup => ({
    stage_number: 1,
    stage_key: 'p2p',
    stage_name: 'Professional to professional',
    entered: 0,
    closed: 0,
    timed: 0,
    in_time: 0,
    late: 0,
    ...g,
  });

  it('figures, stages: spells at one stage are summed; the share in time is of the closed spells held to a due time', () => {
    const [stage] = stagesOf([
      group({ days_tenths: 5, entered: 3, closed: 3, timed: 3, in_time: 2, late: 1 }),
      group({ days_tenths: 20, entered: 1, closed: 1, timed: 0, in_time: 0, late: 0 }),
      group({ days_tenths: 0, entered: 2, closed: 0, timed: 0, in_time: 0, late: 1 }),
    ]);
    expect(stage).toEqual({
      stage: 1,
      key: 'p2p',
      name: 'Professional to professional',
      entered: 6,
      closed: 4,
      closedWithTimescale: 3,
      closedInTime: 2,
      late: 2,
      timeliness: 2 / 3,
      // days of the 4 closed spells: 0.5, 0.5, 0.5 and 2
      medianDays: 0.5,
      p90Days: 2,
    });
  });

  it('figures, stages: the median and 90th-percentile days count each closed spell once, in tenths of a day', () => {
    const [stage] = stagesOf([
      group({ days_tenths: 35, entered: 1, closed: 1 }),
      group({ days_tenths: 12, entered: 2, closed: 2 }),
      group({ days_tenths: 12, entered: 1, closed: 1 }),
      group({ days_tenths: 70, entered: 1, closed: 1 }),
    ]);
    // 1.2, 1.2, 1.2, 3.5, 7: the median is the third, the 90th percentile the fifth
    expect([stage?.medianDays, stage?.p90Days]).toEqual([1.2, 7]);
  });

  it('figures, stages: a stage with no spell closed has no share in time and no days, not 0', () => {
    expect(
      stagesOf([group({ days_tenths: 0, entered: 2, closed: 0, timed: 0, late: 2 })]),
    ).toMatchObject([
      { entered: 2, closed: 0, late: 2, timeliness: null, medianDays: null, p90Days: null },
    ]);
    expect(stagesOf([group({ days_tenths: 10, entered: 1, closed: 1, timed: 0 })])).toMatchObject([
      { closed: 1, closedWithTimescale: 0, timeliness: null, medianDays: 1, p90Days: 1 },
    ]);
  });

  it('figures, stages: a stage no spell entered in the period is not listed', () => {
    expect(stagesOf([group({ days_tenths: 10, entered: 0, closed: 0 })])).toEqual([]);
  });

  it('figures, stages: each stage as its policy names it is its own row, by stage number, then key, then name', () => {
    const stages = stagesOf([
      group({
        stage_number: 2,
        stage_key: 'manager',
        stage_name: 'Manager to manager',
        days_tenths: 10,
        entered: 1,
        closed: 1,
      }),
      group({
        stage_number: 2,
        stage_key: 'manager',
        stage_name: 'Line managers',
        days_tenths: 10,
        entered: 1,
        closed: 1,
      }),
      group({
        stage_number: 2,
        stage_key: 'local',
        stage_name: 'Own line manager',
        days_tenths: 10,
        entered: 1,
        closed: 1,
      }),
      group({ stage_number: 1, days_tenths: 10, entered: 1, closed: 1 }),
    ]);
    expect(stages.map((s) => `${s.stage} ${s.key} ${s.name}`)).toEqual([
      '1 p2p Professional to professional',
      '2 local Own line manager',
      '2 manager Line managers',
      '2 manager Manager to manager',
    ]);
  });
});
