import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import { checkPolicy } from '../policy/checks.js';
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

describe('issue 18 (a): an overall timescale caps the stages that share it, not a stage with days of its own', () => {
  // Steps 1 to 3 share "one working week"; step 4 has 14 working days of its own.
  const sharedWeek = Policy.parse({
    ...fiveStagePolicy,
    id: 'shared-week',
    overallTimescale: { workingDays: 5, description: 'one working week', source: 'test 3' },
    stages: fiveStagePolicy.stages.map((s, i) => {
      const { timescale: _own, ...rest } = s;
      return i === 3 ? { ...rest, timescale: { workingDays: 14, source: 'test 4' } } : rest;
    }),
  });

  it('gives the fourth step its own 14 working days (over Easter), not the end of the week', () => {
    const c = new CaseHarness(sharedWeek, calendar);
    c.must(raiseInput(), worker, monday);
    // five working days from Monday 23 March: Monday 30 March (British Summer Time by then)
    expect(c.current.stage.dueAt).toBe('2026-03-30T17:00:00+01:00');
    for (const at of ['2026-03-24T10:00:00Z', '2026-03-25T10:00:00Z', '2026-03-26T10:00:00Z'])
      c.must({ type: 'escalate', reason: 'Not resolved' }, worker, at);
    expect(c.current.stage.number).toBe(4);
    // 14 working days from Thursday 26 March, passing Good Friday and Easter Monday
    expect(c.current.stage.dueAt).toBe('2026-04-17T17:00:00+01:00');
  });

  it('caps exactly the stages listed in overallTimescale.stages when the policy lists them', () => {
    const listed = Policy.parse({
      ...sharedWeek,
      overallTimescale: { ...sharedWeek.overallTimescale, stages: ['professional', 'manager'] },
    });
    const c = new CaseHarness(listed, calendar);
    c.must(raiseInput(), worker, monday);
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-26T10:00:00Z');
    expect(c.current.stage.dueAt).toBe('2026-03-30T17:00:00+01:00');
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-27T10:00:00Z');
    // senior managers are not in the list and set no days: no due time of their own
    expect(c.current.stage).toMatchObject({ number: 3, dueAt: null });
  });
});

describe('issue 18 item 4: a budget shared by some stages but not others', () => {
  // "Stages 1 and 2 within two working days in all"; stage 3 keeps its own two days.
  const shared = Policy.parse({
    ...fiveStagePolicy,
    id: 'shared-budget',
    sharedTimescales: [
      {
        key: 'first-two',
        stages: ['professional', 'manager'],
        workingDays: 2,
        source: 'test 2.2',
      },
    ],
  });

  it("holds each shared stage to the budget's end, counted from entering the first", () => {
    const c = new CaseHarness(shared, calendar);
    c.must(raiseInput(), worker, monday);
    expect(c.current.stage.dueAt).toBe(stageOneDue);
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-24T10:00:00Z');
    // two days of its own would be Thursday; the shared two from Monday end on Wednesday
    expect(c.current.stage).toMatchObject({ number: 2, dueAt: '2026-03-25T17:00:00+00:00' });
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-25T10:00:00Z');
    expect(c.current.stage).toMatchObject({ number: 3, dueAt: '2026-03-27T17:00:00+00:00' });
  });

  it('shows the same in the timeline', async () => {
    const { timeline } = await import('../policy/timeline.js');
    const result = timeline(shared, monday, calendar);
    expect(result.stages.map((s) => s.dueAt).slice(0, 3)).toEqual([
      '2026-03-24T17:00:00+00:00',
      '2026-03-25T17:00:00+00:00',
      '2026-03-27T17:00:00+00:00',
    ]);
  });
});

describe('issue 18 item 2: "within one working week or a timescale that protects the child, whichever is less", for each stage', () => {
  const perStage = Policy.parse({
    ...fiveStagePolicy,
    id: 'per-stage-deadline',
    childProtectiveDeadline: { lasts: 'stage', source: 'test 3.1' },
  });
  const tonight = '2026-03-23T18:00:00Z';

  it('holds stage 1 to the deadline set at raising, then lets it lapse when the case moves on', () => {
    const c = new CaseHarness(perStage, calendar);
    c.must(raiseInput({ childProtectiveDeadline: tonight }), worker, monday);
    expect(c.current.stage).toMatchObject({ number: 1, dueAt: tonight });
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-23T17:00:00Z');
    // stage 2 has its own two working days: it does not fall due an hour after it began
    expect(c.current.stage).toMatchObject({ number: 2, dueAt: '2026-03-25T17:00:00+00:00' });
    expect(c.current.childProtectiveDeadline).toBeNull();
    // the holders of stage 2 set the deadline that protects the child at this stage
    c.must(
      {
        type: 'set-child-protective-deadline',
        deadline: '2026-03-24T12:00:00Z',
        reason: 'Child returns home on Tuesday',
      },
      manager,
      '2026-03-23T17:30:00Z',
    );
    expect(c.current.stage.dueAt).toBe('2026-03-24T12:00:00Z');
  });

  it('without the rule, one deadline holds for the rest of the case (the presets)', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput({ childProtectiveDeadline: tonight }), worker, monday);
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-23T17:00:00Z');
    expect(c.current.stage).toMatchObject({ number: 2, dueAt: tonight });
  });
});

describe('issue 18 item 3: "contact within 24 hours" and "acknowledge immediately"', () => {
  const hourly = Policy.parse({
    ...fiveStagePolicy,
    id: 'hours',
    stages: fiveStagePolicy.stages.map((s, i) =>
      i === 0
        ? { ...s, timescale: { hours: 24, source: 'test 2.1' } }
        : i === 1
          ? { ...s, timescale: { immediately: true, source: 'test 2.2' } }
          : s,
    ),
  });

  it('holds stage 1 to 24 working hours and stage 2 to the end of that working day', () => {
    const c = new CaseHarness(hourly, calendar);
    // Friday 27 March 2026, 3pm: the 24 hours stop over the weekend
    c.must(raiseInput(), worker, '2026-03-27T15:00:00Z');
    expect(c.current.stage.dueAt).toBe('2026-03-30T15:00:00+01:00');
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-30T10:00:00+01:00');
    expect(c.current.stage.dueAt).toBe('2026-03-30T17:00:00+01:00');
  });

  it('refuses a timescale that gives both working days and hours', () => {
    const both = {
      ...hourly,
      stages: hourly.stages.map((s, i) =>
        i === 0 ? { ...s, timescale: { workingDays: 1, hours: 24, source: 'test 2.1' } } : s,
      ),
    };
    const issues = checkPolicy(Policy.parse(both));
    expect(issues.map((i) => i.message)).toContain(
      'a timescale is one of "workingDays", "hours" or "immediately", but this one gives "workingDays" and "hours": keep the one the document says',
    );
  });
});

describe('issue 18 item 1: a deadline counted from an event other than entering the stage', () => {
  it('"step 2 within five working days of step 1": counted from entering stage 1', () => {
    const fromStepOne = Policy.parse({
      ...fiveStagePolicy,
      id: 'from-step-one',
      stages: fiveStagePolicy.stages.map((s, i) =>
        i === 1
          ? { ...s, timescale: { workingDays: 5, from: { stage: 'professional' }, source: 't 2' } }
          : s,
      ),
    });
    const c = new CaseHarness(fromStepOne, calendar);
    c.must(raiseInput(), worker, monday);
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-25T10:00:00Z');
    // five working days from Monday 23 March, not from Wednesday
    expect(c.current.stage).toMatchObject({ number: 2, dueAt: '2026-03-30T17:00:00+01:00' });
  });

  it('"an agreed plan within 48 hours of the first discussion": due once the first discussion is recorded', () => {
    const fromDiscussion = Policy.parse({
      ...fiveStagePolicy,
      id: 'from-discussion',
      stages: fiveStagePolicy.stages.map((s, i) =>
        i === 0 ? { ...s, timescale: { hours: 48, from: 'first-discussion', source: 't 2' } } : s,
      ),
    });
    const c = new CaseHarness(fromDiscussion, calendar);
    c.must(raiseInput(), worker, monday);
    expect(c.current.stage).toMatchObject({ number: 1, dueAt: null });
    const discussion = {
      type: 'record-discussion' as const,
      how: 'phone' as const,
      participants: ['Worker (fictional)', 'Social worker (fictional)'],
      summary: 'Discussed the concern.',
      outcome: 'A plan to be agreed.',
    };
    c.must({ ...discussion, when: '2026-03-24T14:00:00Z' }, worker, '2026-03-24T15:00:00Z');
    // 48 working hours from Tuesday 2pm: Thursday 2pm
    expect(c.current.stage.dueAt).toBe('2026-03-26T14:00:00+00:00');
    c.must({ ...discussion, when: '2026-03-25T09:00:00Z' }, worker, '2026-03-25T10:00:00Z');
    expect(c.current.stage.dueAt).toBe('2026-03-26T14:00:00+00:00');
  });

  it('refuses a stage timed from a stage that does not come before it', () => {
    const backwards = Policy.parse({
      ...fiveStagePolicy,
      stages: fiveStagePolicy.stages.map((s, i) =>
        i === 0
          ? { ...s, timescale: { workingDays: 5, from: { stage: 'manager' }, source: 't 2' } }
          : s,
      ),
    });
    expect(checkPolicy(backwards).map((i) => i.message)).toContain(
      'stage "professional" can be timed from an earlier stage only, and "manager" is not before it',
    );
  });
});

describe('issue 18 item 9: a stage used only when the case is urgent', () => {
  const urgentStage = Policy.parse({
    ...fiveStagePolicy,
    id: 'urgent-stage',
    stages: fiveStagePolicy.stages.map((s, i) =>
      i === 1 ? { ...s, onlyWhenUrgent: { source: 'test 2.6' } } : s,
    ),
  });

  it('passes over the urgent-only stage when no child is at immediate risk, recording it as skipped', () => {
    const c = new CaseHarness(urgentStage, calendar);
    c.must(raiseInput(), worker, monday);
    expect(c.current.stage.number).toBe(1);
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-24T10:00:00Z');
    expect(c.current.stage).toMatchObject({ number: 3, key: 'senior-manager' });
    expect(c.current.stageHistory.map((s) => [s.key, s.ended])).toEqual([
      ['professional', 'escalated'],
      ['manager', 'skipped'],
    ]);
  });

  it('uses it when a child is at immediate risk', () => {
    const c = new CaseHarness(urgentStage, calendar);
    c.must(raiseInput({ immediateRisk: true }), worker, monday);
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-24T10:00:00Z');
    expect(c.current.stage).toMatchObject({ number: 2, key: 'manager' });
  });

  it('refuses the first stage or the chair’s being for urgent cases only', () => {
    const bad = Policy.parse({
      ...urgentStage,
      stages: urgentStage.stages.map((s, i) =>
        i === 0 ? { ...s, onlyWhenUrgent: { source: 'test 2.6' } } : s,
      ),
    });
    expect(checkPolicy(bad).map((i) => i.message)).toContain(
      'stage "professional" cannot be used only when the case is urgent: every case starts at the first stage. Mark a stage between them instead',
    );
  });
});
