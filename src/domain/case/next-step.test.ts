import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import { formatDue, nextStep } from './next-step.js';
import { CaseHarness, fiveStagePolicy, people, raiseInput } from './testing.js';

const calendar = calendarFor('england-and-wales');

describe('formatDue', () => {
  it('says the time and day in Europe/London', () => {
    expect(formatDue('2026-03-30T17:00:00+01:00')).toBe('5pm on Monday 30 March 2026');
    expect(formatDue('2026-01-05T17:30:00Z')).toBe('5:30pm on Monday 5 January 2026');
    expect(formatDue('2026-06-01T08:15:00Z')).toBe('9:15am on Monday 1 June 2026');
  });
});

describe('nextStep', () => {
  const c = new CaseHarness(fiveStagePolicy, calendar);
  c.must(raiseInput(), people.worker, '2026-03-23T10:00:00Z');

  it('says what stage 1 asks and where the case goes next', () => {
    expect(nextStep(c.current, fiveStagePolicy, '2026-03-23T11:00:00Z')).toEqual({
      text: 'The people who disagree discuss the problem. If it is not resolved by 5pm on Tuesday 24 March 2026, escalate to stage 2: Manager to manager.',
      dueAt: '2026-03-24T17:00:00+00:00',
      overdue: false,
    });
  });

  it('says when the stage is overdue', () => {
    const step = nextStep(c.current, fiveStagePolicy, '2026-03-25T09:00:00Z');
    expect(step.overdue).toBe(true);
    expect(step.text).toMatch(/^Overdue\. The people who disagree/);
  });

  it("at the chair's stage, says what the chair does and that the decision binds", () => {
    const d = new CaseHarness(fiveStagePolicy, calendar);
    d.must(raiseInput(), people.worker, '2026-03-23T10:00:00Z');
    for (const _ of [1, 2, 3])
      d.must({ type: 'escalate', reason: 'r' }, people.manager, '2026-03-23T11:00:00Z');
    d.must({ type: 'refer-to-chair', details: 'd' }, people.manager, '2026-03-23T12:00:00Z');
    expect(nextStep(d.current, fiveStagePolicy, '2026-03-23T13:00:00Z').text).toBe(
      'The chair resolves it directly or convenes a Resolution Panel, then records the decision. The decision is final and binding. Due by 5pm on Thursday 26 March 2026.',
    );
  });

  it('says nothing more is due once withdrawn', () => {
    const d = new CaseHarness(fiveStagePolicy, calendar);
    d.must(raiseInput(), people.worker, '2026-03-23T10:00:00Z');
    d.must({ type: 'withdraw', reason: 'r' }, people.worker, '2026-03-23T11:00:00Z');
    expect(nextStep(d.current, fiveStagePolicy, '2030-01-01T00:00:00Z')).toEqual({
      text: 'Withdrawn at stage 1: Professional to professional. Nothing more is due unless the case is reopened.',
      dueAt: null,
      overdue: false,
    });
  });
});
