import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import { Policy } from '../policy/schema.js';
import { earlier } from './stages.js';
import { CaseHarness, fiveStagePolicy, people, raiseInput } from './testing.js';

const calendar = calendarFor('england-and-wales');
const { worker, manager } = people;
// Monday 23 March 2026: stage 1 (one working day) falls due at 5pm on Tuesday 24 March
const monday = '2026-03-23T10:00:00Z';
const stageOneDue = '2026-03-24T17:00:00+00:00';

describe('earlier', () => {
  it('compares instants, not strings, and treats null as no due time', () => {
    expect(earlier('2026-03-30T17:00:00+01:00', '2026-03-30T16:30:00Z')).toBe(
      '2026-03-30T17:00:00+01:00',
    );
    expect(earlier(null, '2026-03-30T16:30:00Z')).toBe('2026-03-30T16:30:00Z');
    expect(earlier('2026-03-30T16:30:00Z', null)).toBe('2026-03-30T16:30:00Z');
    expect(earlier(null, null)).toBeNull();
  });
});

describe('a stage falls due at the earlier of its own due time and the child-protective deadline', () => {
  it('takes the deadline when it is sooner', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput({ childProtectiveDeadline: '2026-03-24T12:00:00Z' }), worker, monday);
    expect(c.current.stage).toMatchObject({ ownDueAt: stageOneDue, dueAt: '2026-03-24T12:00:00Z' });
  });

  it("keeps the stage's own due time when the deadline is later", () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput({ childProtectiveDeadline: '2026-04-30T12:00:00+01:00' }), worker, monday);
    expect(c.current.stage.dueAt).toBe(stageOneDue);
    // and the next stage too, until the deadline becomes the sooner one
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-04-28T10:00:00+01:00');
    expect(c.current.stage).toMatchObject({
      ownDueAt: '2026-04-30T17:00:00+01:00',
      dueAt: '2026-04-30T12:00:00+01:00',
    });
  });

  it('moves the current due time when a deadline is set later in the case', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput(), worker, monday);
    c.must(
      {
        type: 'set-child-protective-deadline',
        deadline: '2026-03-23T18:00:00Z',
        reason: 'Child goes home tonight',
      },
      manager,
      '2026-03-23T11:00:00Z',
    );
    expect(c.current.stage.dueAt).toBe('2026-03-23T18:00:00Z');
    expect(c.current.childProtectiveDeadline).toEqual({
      deadline: '2026-03-23T18:00:00Z',
      reason: 'Child goes home tonight',
    });
  });

  it('is null when neither the stage nor a deadline sets one', async () => {
    const { consultFirstPolicy } = await import('./testing.js');
    const c = new CaseHarness(consultFirstPolicy, calendar);
    c.must(raiseInput({ immediateRisk: true }), worker, monday);
    expect(c.current.stage).toMatchObject({ number: 1, dueAt: null });
  });
});

describe("a policy's overall timescale caps every stage's due time", () => {
  const weekPolicy = Policy.parse({
    ...fiveStagePolicy,
    id: 'one-week',
    overallTimescale: { workingDays: 5, description: 'one working week', source: 'test 3' },
    stages: fiveStagePolicy.stages.map((s) => ({
      ...s,
      timescale: { workingDays: 4, source: 'test' },
    })),
  });

  it('counts the overall working days from raising', () => {
    const c = new CaseHarness(weekPolicy, calendar);
    c.must(raiseInput(), worker, monday);
    expect(c.current.stage.dueAt).toBe('2026-03-27T17:00:00+00:00');
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-26T10:00:00Z');
    // four working days from Thursday would be Wednesday 1 April; the week ends on Monday 30 March
    expect(c.current.stage.dueAt).toBe('2026-03-30T17:00:00+01:00');
  });
});
