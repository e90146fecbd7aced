/**
 * Issue 18 item 5: a party informed at every escalation and resolution but who acts only from a
 * later stage (the partnership's business unit / team), and who may act at each stage, in the
 * policy file: notification rules for the telling, `permissions` for the acting.
 */
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import { Policy } from '../policy/schema.js';
import type { Actor } from './context.js';
import { refusedPart } from './permissions.js';
import { bothAgreed, CaseHarness, fiveStagePolicy, people, raiseInput } from './testing.js';

const calendar = calendarFor('england-and-wales');
const t0 = '2026-03-23T10:00:00Z';
const team: Actor = { personId: 'p-team', role: 'partnership-team', agencyId: '' };

const policy = Policy.parse({
  ...fiveStagePolicy,
  id: 'business-unit-from-stage-3',
  notifications: [
    ...fiveStagePolicy.notifications.filter((rule) => rule.key !== 'business-unit'),
    {
      key: 'business-unit-every-stage',
      on: 'stage-entered',
      to: [{ kind: 'partnership-team' }],
      purpose: 'The business unit is told of every escalation.',
      source: 'test 2.8',
    },
    {
      key: 'business-unit-outcome',
      on: 'outcome',
      to: [{ kind: 'partnership-team' }],
      purpose: 'The business unit is told how it was resolved.',
      source: 'test 2.8',
    },
  ],
  permissions: [
    {
      action: 'record-discussion',
      stages: ['senior-manager', 'director'],
      by: ['holder', 'partnership-team'],
      source: 'test 2.9',
    },
  ],
});

describe('issue 18 item 5: told at every stage, acting only from stage 3', () => {
  it('tells the partnership team at every stage entered and at the outcome', () => {
    const c = new CaseHarness(policy, calendar);
    c.must(raiseInput(), people.worker, t0);
    c.must({ type: 'escalate', reason: 'r' }, people.worker, '2026-03-24T10:00:00Z');
    c.must({ type: 'escalate', reason: 'r' }, people.manager, '2026-03-25T10:00:00Z');
    c.must(
      { type: 'resolve', outcome: 'Agreed a plan', agreedBy: bothAgreed },
      people.manager,
      '2026-03-25T11:00:00Z',
    );
    const told = c.intents.filter((i) => i.recipient.kind === 'partnership-team').map((i) => i.key);
    expect(told).toEqual([
      'business-unit-every-stage:stage-1:partnership-team',
      'business-unit-every-stage:stage-2:partnership-team',
      'business-unit-every-stage:stage-3:partnership-team',
      expect.stringMatching(/^business-unit-outcome:/),
    ]);
  });

  it('lets the partnership team record a discussion at stage 3, not before', () => {
    const c = new CaseHarness(policy, calendar);
    c.must(raiseInput(), people.worker, t0);
    c.must({ type: 'escalate', reason: 'r' }, people.worker, '2026-03-24T10:00:00Z');
    expect(refusedPart('record-discussion', c.current, c.policy, team)).toBeDefined();
    c.must({ type: 'escalate', reason: 'r' }, people.manager, '2026-03-25T10:00:00Z');
    expect(refusedPart('record-discussion', c.current, c.policy, team)).toBeUndefined();
  });
});
