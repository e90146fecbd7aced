/**
 * What a stage's due time is counted from (enter-stage.ts `dueClock`, issue 18): the first
 * discussion at the stage itself, and a budget shared by some stages counted from the first of
 * them the case entered since its overall clock started (raised, or last reopened).
 * due.test.ts holds the due times themselves.
 */
import { describe, expect, it } from 'vitest';
import type { Policy } from '../policy/schema.js';
import { bothAgreed, fiveStagePolicy, people, raised, t0, variant } from './testing.js';

const { worker } = people;
const escalate = { type: 'escalate' as const, reason: 'Not resolved' };
const discussion = {
  type: 'record-discussion' as const,
  how: 'phone' as const,
  participants: ['Worker (fictional)', 'Social worker (fictional)'],
  summary: 'Discussed the concern.',
  outcome: 'A plan to be agreed.',
};

/** fiveStagePolicy with stage `index` (0-based) given `timescale`. */
function timed(index: number, timescale: object): Policy {
  return variant(fiveStagePolicy, {
    stages: fiveStagePolicy.stages.map((st, i) =>
      i === index ? { ...st, timescale: { ...timescale, source: 't 2' } } : st,
    ),
  });
}

describe('issue 18 item 1: "within 48 hours of the first discussion" counts the first discussion at that stage', () => {
  const managersFromDiscussion = timed(1, { hours: 48, from: 'first-discussion' });

  it('a discussion at an earlier stage does not start the next stage’s clock', () => {
    const c = raised(managersFromDiscussion);
    c.must({ ...discussion, when: '2026-03-23T11:00:00Z' }, worker, '2026-03-23T12:00:00Z');
    c.must(escalate, worker, '2026-03-24T10:00:00Z');
    // stage 2 has had no discussion yet: its 48 hours have not started
    expect(c.current.stage).toMatchObject({ number: 2, dueAt: null });
    c.must({ ...discussion, when: '2026-03-25T09:00:00Z' }, worker, '2026-03-25T10:00:00Z');
    // 48 working hours from Wednesday 9am: Friday 9am
    expect(c.current.stage.dueAt).toBe('2026-03-27T09:00:00+00:00');
  });

  it('a discussion recorded the moment the stage is entered is its first', () => {
    const stageOneFromDiscussion = timed(0, { hours: 48, from: 'first-discussion' });
    const c = raised(stageOneFromDiscussion);
    // recorded at t0, when the case was raised and stage 1 entered
    c.must({ ...discussion, when: '2026-03-23T09:00:00Z' }, worker, t0);
    expect(c.current.stage.dueAt).toBe('2026-03-25T09:00:00+00:00');
    c.must({ ...discussion, when: '2026-03-24T09:00:00Z' }, worker, '2026-03-24T10:00:00Z');
    expect(c.current.stage.dueAt).toBe('2026-03-25T09:00:00+00:00');
  });
});

describe('issue 18 item 4: a shared budget counts from the first of its stages the case entered', () => {
  it('a budget shared by stages 2 and 3 holds stage 3 to its end, counted from entering stage 2', () => {
    const laterPair = variant(fiveStagePolicy, {
      sharedTimescales: [
        { key: 'middle', stages: ['manager', 'senior-manager'], workingDays: 2, source: 't 2.2' },
      ],
    });
    const c = raised(laterPair);
    c.must(escalate, worker, '2026-03-24T10:00:00Z');
    c.must(escalate, worker, '2026-03-25T10:00:00Z');
    // two working days from Tuesday: Thursday, not stage 3's own two from Wednesday (Friday)
    expect(c.current.stage).toMatchObject({ number: 3, dueAt: '2026-03-26T17:00:00+00:00' });
  });

  it('after reopening, the budget counts from the stage entered since, not before', () => {
    const firstTwo = variant(fiveStagePolicy, {
      sharedTimescales: [
        { key: 'first-two', stages: ['professional', 'manager'], workingDays: 2, source: 't 2.2' },
      ],
    });
    const c = raised(firstTwo);
    c.must({ type: 'resolve', outcome: 'Agreed', agreedBy: bothAgreed }, worker, t0);
    // reopened on Monday 30 March: stage 1 entered again then
    c.must(
      { type: 'reopen', reason: 'The plan was not carried out' },
      worker,
      '2026-03-30T10:00:00+01:00',
    );
    c.must(escalate, worker, '2026-03-30T11:00:00+01:00');
    // two working days from Monday 30 March, not from the first spell on 23 March
    expect(c.current.stage).toMatchObject({ number: 2, dueAt: '2026-04-01T17:00:00+01:00' });
  });
});
