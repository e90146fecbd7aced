import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import type { StageEntered } from './events.js';
import { notificationsDue } from './notifications.js';
import { CaseHarness, fiveStagePolicy, people, raiseInput } from './testing.js';

const calendar = calendarFor('england-and-wales');

function atStageThree() {
  const c = new CaseHarness(fiveStagePolicy, calendar);
  c.must(
    raiseInput({ children: [{ name: 'A', lookedAfter: true }] }),
    people.worker,
    '2026-03-23T10:00:00Z',
  );
  c.must({ type: 'escalate', reason: 'r' }, people.worker, '2026-03-24T10:00:00Z');
  c.must({ type: 'escalate', reason: 'r' }, people.manager, '2026-03-25T10:00:00Z');
  return c;
}

describe('notificationsDue', () => {
  it('keys each demand deterministically: rule, occasion, recipient', () => {
    const c = atStageThree();
    expect(c.intents.filter((i) => i.trigger !== 'action-recorded').map((i) => i.key)).toEqual([
      'raised:case-raised:role-manager-both',
      'cp-chair-or-iro:stage-2:cp-chair',
      'cp-chair-or-iro:stage-2:iro',
      'business-unit:stage-3:business-unit',
    ]);
    // the same events give the same keys, however they are batched
    expect(notificationsDue(undefined, c.events, fiveStagePolicy).map((i) => i.key)).toEqual(
      c.intents.map((i) => i.key),
    );
  });

  it('never fires a stage rule twice for a stage the case has already reached', () => {
    const c = atStageThree();
    const reentry: StageEntered = {
      type: 'stage-entered',
      at: '2026-03-26T10:00:00Z',
      by: 'p-manager',
      number: 3,
      key: 'senior-manager',
      name: 'Senior manager to senior manager',
      dueAt: null,
      holders: { raising: [], other: [] },
      reason: 'again',
      skipped: false,
      skippedStages: [{ number: 2, key: 'manager', name: 'Manager to manager' }],
    };
    const intents = notificationsDue(c.current, [reentry], fiveStagePolicy);
    expect(intents.map((i) => i.trigger)).toEqual(['action-recorded']);
  });

  it('fires stage rules for stages passed over, once each', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput(), people.worker, '2026-03-23T10:00:00Z');
    const jump: StageEntered = {
      type: 'stage-entered',
      at: '2026-03-23T11:00:00Z',
      by: 'p-worker',
      number: 4,
      key: 'director',
      name: 'Director to director',
      dueAt: null,
      holders: { raising: [], other: [] },
      reason: 'immediate risk',
      skipped: true,
      skippedStages: [
        { number: 2, key: 'manager', name: 'Manager to manager' },
        { number: 3, key: 'senior-manager', name: 'Senior manager to senior manager' },
      ],
    };
    const keys = notificationsDue(c.current, [jump], fiveStagePolicy).map((i) => i.key);
    // the stage entered comes first, so that whoever is told once per command (its holders)
    // hears of the stage they hold; then the stages passed over, in order
    expect(keys).toEqual([
      'record-shared:event-2:raiser',
      'business-unit:stage-4:business-unit',
      'business-unit:stage-3:business-unit',
    ]);
  });

  it('reports the index of the event, among those given, that demands each notification', () => {
    const c = atStageThree();
    const all = notificationsDue(undefined, c.events, fiveStagePolicy);
    expect(all.find((i) => i.key === 'business-unit:stage-3:business-unit')?.eventIndex).toBe(3);
    expect(all.map((i) => i.key)).toEqual(c.intents.map((i) => i.key));
  });
});
