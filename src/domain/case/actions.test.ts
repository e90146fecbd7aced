import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import { availableActions } from './actions.js';
import type { Actor } from './context.js';
import {
  bothAgreed,
  CaseHarness,
  consultFirstPolicy,
  fiveStagePolicy,
  people,
  raiseInput,
} from './testing.js';

const calendar = calendarFor('england-and-wales');
const now = '2026-03-23T11:00:00Z';
const actions = (c: CaseHarness, actor: Actor) =>
  availableActions(c.current, { policy: c.policy, calendar, now, actor });

describe('availableActions asks the engine which actions a person may take', () => {
  it('offers discussion, escalation, resolution and withdrawal at stage 1, but not the chair’s actions', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput(), people.worker, '2026-03-23T10:00:00Z');
    // the five-stage policy offers an optional consultation, not yet recorded: after the
    // stage's own work (the discussion first, the page's main button)
    expect(actions(c, people.worker)).toEqual([
      'record-discussion',
      'escalate',
      'resolve',
      'record-consultation',
      'withdraw',
      'record-hub-referral',
      'set-child-protective-deadline',
    ]);
  });

  it('002 1.5: puts the referral first for a child at immediate risk, until it is recorded', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput({ immediateRisk: true }), people.worker, '2026-03-23T10:00:00Z');
    expect(actions(c, people.worker)[0]).toBe('record-hub-referral');
    // the other side may record it too (either side makes a referral)
    expect(actions(c, people.socialWorker)[0]).toBe('record-hub-referral');
    c.must(
      { type: 'record-hub-referral', service: 'Children and Families Hub', when: now },
      people.worker,
      now,
    );
    expect(actions(c, people.worker)).not.toContain('record-hub-referral');
  });

  it('003 "discretion should be used as to which stage is initiated": offered to the raising side only, with a child at immediate risk', () => {
    const c = new CaseHarness(consultFirstPolicy, calendar);
    c.must(raiseInput({ immediateRisk: true }), people.worker, '2026-03-23T10:00:00Z');
    expect(actions(c, people.worker)).toContain('start-at-stage');
    expect(actions(c, people.socialWorker)).not.toContain('start-at-stage');
    expect(actions(c, people.chair)).not.toContain('start-at-stage');
    const calm = new CaseHarness(consultFirstPolicy, calendar);
    calm.must(raiseInput(), people.worker, '2026-03-23T10:00:00Z');
    expect(actions(calm, people.worker)).not.toContain('start-at-stage');
    // a policy without the discretion never offers it
    const five = new CaseHarness(fiveStagePolicy, calendar);
    five.must(raiseInput({ immediateRisk: true }), people.worker, '2026-03-23T10:00:00Z');
    expect(actions(five, people.worker)).not.toContain('start-at-stage');
  });

  it('asks for the consultation first when the policy requires it', () => {
    const c = new CaseHarness(consultFirstPolicy, calendar);
    c.must(raiseInput(), people.worker, '2026-03-23T10:00:00Z');
    const offered = actions(c, people.worker);
    expect(offered).toContain('record-consultation');
    expect(offered).not.toContain('record-discussion');
    expect(offered).not.toContain('escalate');
  });

  it('offers referral to the chair only from the stage before the chair’s, and the panel only to the chair', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput(), people.worker, '2026-03-23T10:00:00Z');
    for (const stage of [2, 3, 4]) {
      c.must({ type: 'escalate', reason: `to ${stage}` }, people.worker, now);
    }
    expect(actions(c, people.worker)).toContain('refer-to-chair');
    expect(actions(c, people.worker)).not.toContain('escalate');
    c.must({ type: 'refer-to-chair', details: 'details' }, people.worker, now);
    expect(actions(c, people.worker)).not.toContain('convene-panel');
    expect(actions(c, people.worker)).not.toContain('record-decision');
    expect(actions(c, people.chair)).toEqual(
      expect.arrayContaining(['convene-panel', 'record-decision', 'resolve']),
    );
    expect(actions(c, people.chair)).not.toContain('record-representation');
  });

  it('offers only reopening once the case is closed', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput(), people.worker, '2026-03-23T10:00:00Z');
    c.must({ type: 'resolve', outcome: 'Agreed', agreedBy: bothAgreed }, people.worker, now);
    expect(actions(c, people.worker)).toEqual(['reopen']);
  });
});
