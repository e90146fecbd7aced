/**
 * The agreed action plan (decide-plan.ts, issue 18 item 8): action-plan.test.ts holds the rules
 * (working days, the owner, resolution); this file holds what each refusal says and what each
 * accepted command records, field by field.
 */
import { describe, expect, it } from 'vitest';
import { calendarFor, type WorkingDayCalendar } from '../calendar/index.js';
import type { Actor } from './context.js';
import type { Holders } from './events.js';
import { CaseHarness, fiveStagePolicy, people, plannedPolicy, raiseInput } from './testing.js';

const englandAndWales = calendarFor('england-and-wales');
const holders: Holders = { raising: ['p-worker'], other: ['p-social-worker'] };
const { worker, socialWorker } = people;
/** Monday 23 March 2026, 10am */
const monday = '2026-03-23T10:00:00Z';
const tuesday = '2026-03-24T12:00:00Z';

function raised(policy = plannedPolicy, calendar = englandAndWales) {
  const c = new CaseHarness(policy, calendar);
  c.must(raiseInput(), worker, monday, holders);
  return c;
}

const action = (dueOn: string, ownerAgencyId = 'a-csc') => ({
  type: 'add-plan-action' as const,
  description: 'Hold a strategy discussion with the school',
  ownerAgencyId,
  dueOn,
});
const done = (doneOn: string, actionId = 'action-1') => ({
  type: 'mark-action-done' as const,
  actionId,
  doneOn,
});

describe('a policy that tracks no plan', () => {
  it('refuses adding an action and marking one done, naming the policy and what to do instead', () => {
    const c = raised(fiveStagePolicy);
    const words = {
      code: 'no-action-plan',
      message:
        'The policy "Five-stage partnership policy" does not track an agreed action plan: record what was agreed in the outcome instead.',
    };
    expect(c.refusal(action('2026-03-25'), worker, monday)).toEqual(words);
    expect(c.refusal(done('2026-03-23'), socialWorker, monday)).toEqual(words);
  });
});

describe('adding an action: what is refused, in words', () => {
  it('an owner outside the disagreement: choose one of its agencies', () => {
    expect(raised().refusal(action('2026-03-25', 'a-police'), worker, monday)).toEqual({
      code: 'plan-owner-not-in-case',
      message: 'Select one of the agencies in this disagreement to do the action.',
    });
  });

  it('due today is taken; due yesterday has passed', () => {
    const c = raised();
    c.must(action('2026-03-23'), worker, monday);
    expect(c.refusal(action('2026-03-20'), worker, monday).message).toBe(
      'The date it is due must be today or later: 20 March 2026 has passed.',
    );
  });

  it.each([
    ['scotland', 'Scotland', '2026-11-30', '30 November 2026'],
    ['northern-ireland', 'Northern Ireland', '2027-03-17', '17 March 2027'],
  ])('a bank holiday in %s is named with the calendar’s own name', (id, name, day, words) => {
    const c = raised(plannedPolicy, calendarFor(id as 'scotland'));
    expect(c.refusal(action(day), worker, monday).message).toBe(
      `${words} is not a working day in ${name} (a weekend, bank holiday or closure day): choose a working day.`,
    );
  });

  it('a calendar with no name of its own is named by its id', () => {
    const base = englandAndWales;
    const closed: WorkingDayCalendar = Object.assign(Object.create(base), {
      id: 'a-closure-calendar',
      isWorkingDay: (day: string) => day !== '2026-03-25' && base.isWorkingDay(day),
    });
    const c = raised(plannedPolicy, closed);
    expect(c.refusal(action('2026-03-25'), worker, monday).message).toBe(
      '25 March 2026 is not a working day in a-closure-calendar (a weekend, bank holiday or closure day): choose a working day.',
    );
  });
});

describe('adding an action: what is recorded', () => {
  it('the action, numbered in the case, with its owner, day, due time and reminder', () => {
    const c = raised();
    const [first] = c.must(action('2026-03-26'), socialWorker, monday);
    expect(first).toEqual({
      type: 'plan-action-added',
      at: monday,
      by: 'p-social-worker',
      actionId: 'action-1',
      description: 'Hold a strategy discussion with the school',
      ownerAgencyId: 'a-csc',
      dueOn: '2026-03-26',
      dueAt: '2026-03-26T17:00:00+00:00',
      remindAt: '2026-03-25T00:00:00+00:00',
    });
    const [second] = c.must(action('2026-03-27', 'a-school'), worker, monday);
    expect(second).toMatchObject({ actionId: 'action-2', ownerAgencyId: 'a-school' });
  });

  it('a reminder whose time comes at the very moment the action is agreed is not set', () => {
    const c = raised();
    // due Tuesday: reminded at the start of Monday, which is now
    const [event] = c.must(action('2026-03-24'), worker, '2026-03-23T00:00:00Z');
    expect(event).toMatchObject({ remindAt: null });
    // a moment before, it is still to come
    const early = raised();
    const [set] = early.must(action('2026-03-24'), worker, '2026-03-22T23:59:59Z');
    expect(set).toMatchObject({ remindAt: '2026-03-23T00:00:00+00:00' });
  });
});

describe('marking an action done: what is refused, in words', () => {
  it('no such action, already done (on which day), not the owner, in the future, before agreed', () => {
    const c = raised();
    c.must(action('2026-03-26'), worker, monday);
    expect(c.refusal(done('2026-03-23', 'action-2'), socialWorker, tuesday)).toEqual({
      code: 'no-such-plan-action',
      message: 'There is no such action in the plan on this case.',
    });
    expect(c.refusal(done('2026-03-24'), worker, tuesday)).toEqual({
      code: 'not-the-owning-agency',
      message: 'Only the agency that owns an action marks it done: ask someone there to.',
    });
    expect(c.refusal(done('2026-03-25'), socialWorker, tuesday)).toEqual({
      code: 'plan-done-in-future',
      message:
        "The date it was done cannot be in the future: enter today's date or an earlier one.",
    });
    expect(c.refusal(done('2026-03-22'), socialWorker, tuesday)).toEqual({
      code: 'plan-done-before-agreed',
      message: 'The date it was done cannot be before the action was agreed, on 23 March 2026.',
    });
    c.must(done('2026-03-23'), socialWorker, tuesday);
    expect(c.refusal(done('2026-03-24'), socialWorker, tuesday)).toEqual({
      code: 'plan-action-already-done',
      message: 'That action was already marked done, on 23 March 2026.',
    });
  });
});

describe('marking an action done: what is recorded', () => {
  it('done today, by whom, with no note when none is given', () => {
    const c = raised();
    c.must(action('2026-03-26'), worker, monday);
    const colleague: Actor = { personId: 'p-csc-2', role: 'frontline', agencyId: 'a-csc' };
    expect(c.must(done('2026-03-24'), colleague, tuesday)).toStrictEqual([
      {
        type: 'plan-action-done',
        at: tuesday,
        by: 'p-csc-2',
        actionId: 'action-1',
        doneOn: '2026-03-24',
      },
    ]);
  });
});
