/**
 * Issue 18, item 8: "an agreed action plan as a tracked thing: actions, owners, due dates,
 * reminders, done or not". The policy's `actionPlan`: either side's holder adds actions, each
 * owned by one of the two agencies and due on a working day of the policy's calendar; the owning
 * agency marks each done, after resolution too; `atResolution: required` refuses a resolution
 * without a plan, naming the policy's clause.
 */
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import { availableActions } from './actions.js';
import type { Actor } from './context.js';
import type { Holders } from './events.js';
import {
  bothAgreed,
  CaseHarness,
  fiveStagePolicy,
  people,
  plannedPolicy,
  raiseInput,
} from './testing.js';
import { whoseTurn } from './turn.js';

const englandAndWales = calendarFor('england-and-wales');
const scotland = calendarFor('scotland');
const holders: Holders = { raising: ['p-worker'], other: ['p-social-worker'] };
const otherColleague: Actor = { personId: 'p-csc-2', role: 'frontline', agencyId: 'a-csc' };
const team: Actor = { personId: 'p-team', role: 'partnership-team', agencyId: null };
/** Thursday 2 April 2026, the day before Good Friday */
const thursday = '2026-04-02T10:00:00+01:00';

function raised(calendar = englandAndWales, policy = plannedPolicy) {
  const c = new CaseHarness(policy, calendar);
  c.must(raiseInput(), people.worker, thursday, holders);
  return c;
}

const action = (dueOn: string, ownerAgencyId = 'a-csc') => ({
  type: 'add-plan-action' as const,
  description: 'Hold a strategy discussion with the school',
  ownerAgencyId,
  dueOn,
});

describe('an action of the plan: due on a working day of the policy calendar, not in the past', () => {
  it('England and Wales: Easter Monday 6 April 2026 is a bank holiday, so it is refused with a clear message', () => {
    const c = raised();
    const refused = c.give(action('2026-04-06'), people.worker, thursday);
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'plan-due-not-working-day',
        message:
          '6 April 2026 is not a working day in England and Wales (a weekend, bank holiday or closure day): choose a working day.',
      },
    });
    expect(c.current.planActions).toEqual([]);
  });

  it('Scotland: Easter Monday is a working day there, so it is accepted; due by the policy due time', () => {
    const c = raised(scotland);
    c.must(action('2026-04-06'), people.worker, thursday);
    expect(c.current.planActions).toMatchObject([
      {
        actionId: 'action-1',
        ownerAgencyId: 'a-csc',
        dueOn: '2026-04-06',
        dueAt: '2026-04-06T17:00:00+01:00',
        done: null,
      },
    ]);
  });

  it('Scotland: 2 January is a bank holiday there but not in England and Wales', () => {
    const at = '2026-12-30T10:00:00Z';
    const scots = new CaseHarness(plannedPolicy, scotland);
    scots.must(raiseInput(), people.worker, at, holders);
    expect(scots.give(action('2027-01-04'), people.worker, at)).toMatchObject({
      ok: false,
      error: { code: 'plan-due-not-working-day' },
    });
    const english = new CaseHarness(plannedPolicy, englandAndWales);
    english.must(raiseInput(), people.worker, at, holders);
    english.must(action('2027-01-04'), people.worker, at);
  });

  it('the reminder: 1 working day before, at the start of that day; Good Friday and Easter Monday passed over', () => {
    const c = raised();
    // due Tuesday 7 April: the working day before is Thursday 2 April... which is today, so the
    // reminder's time has come already: none is set
    c.must(action('2026-04-07'), people.worker, thursday);
    expect(c.current.planActions[0]?.remindAt).toBeNull();
    // due Wednesday 8 April: reminded at the start of Tuesday 7 April
    c.must(action('2026-04-08'), people.worker, thursday);
    expect(c.current.planActions[1]?.remindAt).toBe('2026-04-07T00:00:00+01:00');
    // a policy without reminderBefore sets none
    const plain = raised(englandAndWales, {
      ...plannedPolicy,
      actionPlan: { atResolution: 'optional', promptWhenOverdue: true, source: 'x.txt 1' },
    });
    plain.must(action('2026-04-08'), people.worker, thursday);
    expect(plain.current.planActions[0]?.remindAt).toBeNull();
  });

  it('a date already passed is refused, and changes nothing', () => {
    const c = raised();
    expect(c.give(action('2026-04-01'), people.worker, thursday)).toMatchObject({
      ok: false,
      error: {
        code: 'plan-due-in-past',
        message: 'The date it is due must be today or later: 1 April 2026 has passed.',
      },
    });
    expect(c.current.version).toBe(2);
  });

  it('the owner is one of the agencies in the disagreement', () => {
    const c = raised();
    expect(c.give(action('2026-04-08', 'a-police'), people.worker, thursday)).toMatchObject({
      ok: false,
      error: { code: 'plan-owner-not-in-case' },
    });
    c.must(action('2026-04-08', 'a-school'), people.worker, thursday);
  });
});

describe('who may add an action: either side holding the stage (and no one else by default)', () => {
  it('the raiser and the other agency’s holder may; a colleague not holding it, the partnership team and the chair may not', () => {
    const c = raised();
    c.must(action('2026-04-08'), people.worker, thursday);
    c.must(action('2026-04-08', 'a-school'), people.socialWorker, thursday);
    for (const actor of [otherColleague, team, people.chair]) {
      const refused = c.give(action('2026-04-08'), actor, thursday);
      expect(refused.ok, actor.personId).toBe(false);
    }
    expect(availableActions(c.current, ctx(people.worker))).toContain('add-plan-action');
    expect(availableActions(c.current, ctx(team))).not.toContain('add-plan-action');
  });

  it('a policy without `actionPlan` tracks no plan: refused, and never offered', () => {
    const c = raised(englandAndWales, fiveStagePolicy);
    expect(c.give(action('2026-04-08'), people.worker, thursday)).toMatchObject({
      ok: false,
      error: { code: 'no-action-plan' },
    });
    expect(
      availableActions(c.current, { ...ctx(people.worker), policy: fiveStagePolicy }),
    ).not.toContain('add-plan-action');
  });
});

function ctx(actor: Actor, now = thursday) {
  return { policy: plannedPolicy, calendar: englandAndWales, now, actor };
}

describe('marking an action done: by the owning agency, with a date and an optional note', () => {
  it('only the owner marks it done; the other side may not; a second time is refused', () => {
    const c = raised();
    c.must(action('2026-04-08'), people.worker, thursday);
    const done = { type: 'mark-action-done' as const, actionId: 'action-1', doneOn: '2026-04-07' };
    const at = '2026-04-07T12:00:00+01:00';
    expect(c.give(done, people.worker, at)).toMatchObject({
      ok: false,
      error: { code: 'not-the-owning-agency' },
    });
    expect(availableActions(c.current, ctx(people.worker, at))).not.toContain('mark-action-done');
    expect(availableActions(c.current, ctx(people.socialWorker, at))).toContain('mark-action-done');
    // anyone at the owning agency may, not only its holder
    c.must({ ...done, note: 'Held on Tuesday' }, otherColleague, at);
    expect(c.current.planActions[0]?.done).toEqual({
      on: '2026-04-07',
      at,
      by: 'p-csc-2',
      note: 'Held on Tuesday',
    });
    expect(c.give(done, people.socialWorker, at)).toMatchObject({
      ok: false,
      error: { code: 'plan-action-already-done' },
    });
  });

  it('a done date in the future, or before the action was agreed, is refused', () => {
    const c = raised();
    c.must(action('2026-04-08'), people.worker, thursday);
    const done = (doneOn: string) => ({
      type: 'mark-action-done' as const,
      actionId: 'action-1',
      doneOn,
    });
    expect(c.give(done('2026-04-03'), people.socialWorker, thursday)).toMatchObject({
      error: { code: 'plan-done-in-future' },
    });
    expect(c.give(done('2026-04-01'), people.socialWorker, thursday)).toMatchObject({
      error: { code: 'plan-done-before-agreed' },
    });
    expect(
      c.give({ ...done('2026-04-02'), actionId: 'action-9' }, people.socialWorker, thursday),
    ).toMatchObject({ error: { code: 'no-such-plan-action' } });
  });
});

describe('resolution and the plan', () => {
  const resolve = { type: 'resolve' as const, outcome: 'Agreed', agreedBy: bothAgreed };

  it('`atResolution: required`: resolving without a plan is refused, naming the policy clause', () => {
    const c = raised();
    const refused = c.give(resolve, people.worker, thursday);
    expect(refused).toMatchObject({ ok: false, error: { code: 'action-plan-required' } });
    if (!refused.ok) {
      expect(refused.error.message).toContain(plannedPolicy.actionPlan?.source);
      expect(refused.error.message).toContain('Add the agreed actions first');
    }
    // the resolve page is still offered, so that the person is told why on it
    expect(availableActions(c.current, ctx(people.worker))).toContain('resolve');
    c.must(action('2026-04-08'), people.worker, thursday);
    c.must(resolve, people.worker, thursday);
    expect(c.current.status).toBe('resolved');
  });

  it('`optional`: resolving without a plan is accepted', () => {
    const c = raised(englandAndWales, {
      ...plannedPolicy,
      actionPlan: { atResolution: 'optional', promptWhenOverdue: true, source: 'x.txt 1' },
    });
    c.must(resolve, people.worker, thursday);
  });

  it('resolving does not close the plan: the owner marks an action done afterwards; nothing else is recorded, nor a new action added', () => {
    const c = raised();
    c.must(action('2026-04-08'), people.worker, thursday);
    c.must(resolve, people.worker, thursday);
    const later = '2026-04-08T09:00:00+01:00';
    expect(availableActions(c.current, ctx(people.socialWorker, later))).toContain(
      'mark-action-done',
    );
    expect(c.give(action('2026-04-09'), people.worker, later)).toMatchObject({
      error: { code: 'case-closed' },
    });
    // whose turn: the owning agency is asked to mark it done; the other is not
    expect(whoseTurn(c.current, plannedPolicy, people.socialWorker)).toMatchObject({
      yours: true,
      ask: expect.stringMatching(
        /^Your agency has an action of the agreed plan still to do, the first due by 5pm/,
      ),
    });
    expect(whoseTurn(c.current, plannedPolicy, people.worker).yours).toBe(false);
    c.must(
      { type: 'mark-action-done', actionId: 'action-1', doneOn: '2026-04-08' },
      people.socialWorker,
      later,
    );
    expect(c.current.planActions[0]?.done?.on).toBe('2026-04-08');
    expect(c.current.status).toBe('resolved');
  });

  it('a withdrawn case’s plan is closed with it', () => {
    const c = raised();
    c.must(action('2026-04-08'), people.worker, thursday);
    c.must({ type: 'withdraw', reason: 'No longer needed' }, people.worker, thursday);
    expect(
      c.give(
        { type: 'mark-action-done', actionId: 'action-1', doneOn: '2026-04-02' },
        people.socialWorker,
        thursday,
      ),
    ).toMatchObject({ error: { code: 'case-closed' } });
  });
});
