/**
 * `escalate timeline` (issue 18 leftovers): a stage used only when the case is urgent is passed
 * over unless the timeline is for an urgent case, as escalating passes over it; a stage timed in
 * hours or "immediately" is shown so, and timed so, on the working-day calendar.
 */
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import { acknowledgedPolicy, fiveStagePolicy } from '../case/testing.js';
import { Policy, type Stage } from './schema.js';
import { timeline, timescaleWords } from './timeline.js';

const calendar = calendarFor('england-and-wales');

/**
 * Stage 1: one working day; stage 2, "contact within 24 hours"; stage 3, senior managers only
 * when urgent (two working days); stage 4, directors "immediately"; stage 5, the chair's three days.
 */
const policy = (() => {
  const input = structuredClone(fiveStagePolicy) as unknown as {
    stages: Record<string, Record<string, unknown>>[];
  };
  const [, manager, senior, director] = input.stages;
  (manager as Record<string, unknown>).timescale = { hours: 24, source: 'test 2.1' };
  (senior as Record<string, unknown>).onlyWhenUrgent = { source: 'test 2.6' };
  (director as Record<string, unknown>).timescale = { immediately: true, source: 'test 2.7' };
  return Policy.parse(input);
})();

// Thursday 26 March 2026, 10:00 (GMT): stage 1 is due Friday 17:00
const thursday = '2026-03-26T10:00:00Z';

describe('escalate timeline: stages for urgent cases only, hours and "immediately"', () => {
  it('passes over a stage used only when urgent, and the next starts when the one before it falls due', () => {
    const result = timeline(policy, thursday, calendar);
    expect(result.urgent).toBe(false);
    expect(
      result.stages.map((s) => [s.key, s.timescale, s.passedOver, s.startsAt, s.dueAt]),
    ).toEqual([
      [
        'professional',
        '1 working day',
        false,
        '2026-03-26T10:00:00+00:00',
        '2026-03-27T17:00:00+00:00',
      ],
      // 24 hours on working days from Friday 17:00: the clock stops over the weekend (and the
      // clocks going forward on Sunday 29 March), so Monday 17:00 BST
      ['manager', '24 hours', false, '2026-03-27T17:00:00+00:00', '2026-03-30T17:00:00+01:00'],
      ['senior-manager', '2 working days', true, null, null],
      // "immediately", begun at Monday 17:00 (the due time): by 17:00 the next working day
      ['director', 'immediately', false, '2026-03-30T17:00:00+01:00', '2026-03-31T17:00:00+01:00'],
      // three working days: Wednesday 1, Thursday 2, then Good Friday and Easter Monday pass, Tuesday 7
      ['chair', '3 working days', false, '2026-03-31T17:00:00+01:00', '2026-04-07T17:00:00+01:00'],
    ]);
    expect(result.stages[2]).toMatchObject({ onlyWhenUrgent: true, passedOver: true });
    expect(result.stages[1]).toMatchObject({ hours: 24, workingDays: null, immediately: false });
    expect(result.stages[3]).toMatchObject({ immediately: true, hours: null, workingDays: null });
    expect(result.finalDueAt).toBe('2026-04-07T17:00:00+01:00');
  });

  it('for an urgent case, works the stage used only when urgent', () => {
    const result = timeline(policy, thursday, calendar, { urgent: true });
    expect(result.urgent).toBe(true);
    expect(result.stages.map((s) => [s.key, s.passedOver, s.dueAt])).toEqual([
      ['professional', false, '2026-03-27T17:00:00+00:00'],
      ['manager', false, '2026-03-30T17:00:00+01:00'],
      ['senior-manager', false, '2026-04-01T17:00:00+01:00'],
      ['director', false, '2026-04-02T17:00:00+01:00'],
      ['chair', false, '2026-04-09T17:00:00+01:00'],
    ]);
  });

  it('says what a timescale is counted from, when not from entering the stage', () => {
    const input = structuredClone(fiveStagePolicy) as unknown as {
      stages: Record<string, unknown>[];
    };
    (input.stages[0] as Record<string, unknown>).timescale = {
      workingDays: 2,
      from: 'first-discussion',
      source: 'test 2.1',
    };
    (input.stages[1] as Record<string, unknown>).timescale = {
      workingDays: 5,
      from: { stage: 'professional' },
      source: 'test 2.2',
    };
    const result = timeline(Policy.parse(input), thursday, calendar);
    expect(result.stages.slice(0, 2).map((s) => s.timescale)).toEqual([
      '2 working days from the first discussion',
      '5 working days from stage "professional"',
    ]);
  });
});

describe('escalate timeline: the words of a timescale', () => {
  const words = (timescale?: Record<string, unknown>) =>
    timescaleWords({ ...fiveStagePolicy.stages[0], timescale } as Stage);

  it('one hour or day, several hours or days, and what they are counted from', () => {
    expect(words({ hours: 1, source: 't 1' })).toBe('1 hour');
    expect(words({ hours: 2, from: 'raised', source: 't 1' })).toBe('2 hours from raising');
    expect(words({ workingDays: 1, from: 'raised', source: 't 1' })).toBe(
      '1 working day from raising',
    );
    expect(words({ workingDays: 3, from: 'entered', source: 't 1' })).toBe('3 working days');
    expect(words({ immediately: true, from: 'raised', source: 't 1' })).toBe('immediately');
  });

  it('none when the policy sets no number, or no timescale', () => {
    expect(words({ description: 'a timescale that protects the child', source: 't 1' })).toBe(null);
    expect(words(undefined)).toBe(null);
  });
});

describe('escalate timeline: stages with no timescale, and acknowledgements', () => {
  it('after a stage with no due time, the stages have no times either', () => {
    const input = structuredClone(fiveStagePolicy) as unknown as {
      stages: Record<string, unknown>[];
    };
    (input.stages[1] as Record<string, unknown>).timescale = undefined;
    const result = timeline(Policy.parse(input), thursday, calendar);
    expect(result).toMatchObject({
      policy: 'five-stage',
      calendar: 'england-and-wales',
      start: '2026-03-26T10:00:00+00:00',
      finalDueAt: null,
    });
    expect(result.stages.map((s) => [s.key, s.timescale, s.startsAt, s.dueAt])).toEqual([
      ['professional', '1 working day', '2026-03-26T10:00:00+00:00', '2026-03-27T17:00:00+00:00'],
      ['manager', null, '2026-03-27T17:00:00+00:00', null],
      ['senior-manager', '2 working days', null, null],
      ['director', '2 working days', null, null],
      ['chair', '3 working days', null, null],
    ]);
  });

  it('after a stage with no due time, a later stage has no times even where the overall timescale caps it: its start is not known', () => {
    const input = structuredClone(fiveStagePolicy) as unknown as Record<string, unknown> & {
      stages: Record<string, unknown>[];
    };
    (input.stages[1] as Record<string, unknown>).timescale = undefined;
    input.overallTimescale = { workingDays: 10, stages: ['director'], source: 'test 3' };
    const result = timeline(Policy.parse(input), thursday, calendar);
    expect(result.stages.map((s) => [s.key, s.startsAt, s.dueAt])).toEqual([
      ['professional', '2026-03-26T10:00:00+00:00', '2026-03-27T17:00:00+00:00'],
      ['manager', '2026-03-27T17:00:00+00:00', null],
      ['senior-manager', null, null],
      ['director', null, null],
      ['chair', null, null],
    ]);
  });

  it('shows when the other side must acknowledge each stage that asks for it, and only those', () => {
    const result = timeline(acknowledgedPolicy, thursday, calendar);
    expect(result.stages.map((s) => s.acknowledgementDueAt)).toEqual([
      // within 1 working day of Thursday 10:00: Friday 17:00
      '2026-03-27T17:00:00+00:00',
      // immediately, on entering at Friday 17:00 (the due time): by Monday 17:00
      '2026-03-30T17:00:00+01:00',
      // within 24 hours of entering at Tuesday 17:00 (when stage 2 falls due): Wednesday 17:00
      '2026-04-01T17:00:00+01:00',
      undefined,
      undefined,
    ]);
    expect('acknowledgementDueAt' in (result.stages[3] ?? {})).toBe(false);
  });

  it('no acknowledgement time for a stage passed over, or with no start time', () => {
    const input = structuredClone(acknowledgedPolicy) as unknown as {
      stages: Record<string, unknown>[];
    };
    (input.stages[0] as Record<string, unknown>).timescale = undefined;
    (input.stages[2] as Record<string, unknown>).onlyWhenUrgent = { source: 'test 2.6' };
    const result = timeline(Policy.parse(input), thursday, calendar);
    expect(result.stages.slice(0, 3).map((s) => s.acknowledgementDueAt)).toEqual([
      '2026-03-27T17:00:00+00:00',
      null,
      null,
    ]);
  });
});

describe('escalate timeline: a budget shared by some stages, one of them passed over', () => {
  it('counts the budget from the first of its stages the case enters, not from one passed over', () => {
    // senior managers only when urgent; "stages 3 to 5 within 4 working days in all"
    const input = structuredClone(fiveStagePolicy) as unknown as Record<string, unknown> & {
      stages: Record<string, unknown>[];
    };
    (input.stages[2] as Record<string, unknown>).onlyWhenUrgent = { source: 'test 2.6' };
    input.sharedTimescales = [
      {
        key: 'late',
        stages: ['senior-manager', 'director', 'chair'],
        workingDays: 4,
        source: 'test 3',
      },
    ];
    const result = timeline(Policy.parse(input), thursday, calendar);
    expect(result.stages.map((s) => [s.stage, s.key, s.startsAt, s.dueAt])).toEqual([
      [1, 'professional', '2026-03-26T10:00:00+00:00', '2026-03-27T17:00:00+00:00'],
      [2, 'manager', '2026-03-27T17:00:00+00:00', '2026-03-31T17:00:00+01:00'],
      [3, 'senior-manager', null, null],
      // the budget starts here, on Tuesday 31 March: its own 2 days, to Thursday 2 April
      [4, 'director', '2026-03-31T17:00:00+01:00', '2026-04-02T17:00:00+01:00'],
      // its own 3 days would end on Thursday 9 April, Good Friday and Easter Monday passing; the
      // budget's 4 days from Tuesday 31 March end first, on Wednesday 8 April (counted from the
      // chair's own start they would end on Friday 10 April, after its own days)
      [5, 'chair', '2026-04-02T17:00:00+01:00', '2026-04-08T17:00:00+01:00'],
    ]);
  });
});
