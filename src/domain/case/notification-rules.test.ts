/**
 * Who is told of what (notifications.ts): each trigger fires on its own event, the once-only
 * triggers once per case, stage rules never for the consultation step, a rule with `childFlags`
 * only when some child has one, and each intent says which rule, trigger, recipient, event and
 * stage it is for. notifications.test.ts holds the keys; journeys.test.ts the seeds' rules.
 */
import { describe, expect, it } from 'vitest';
import { Policy, type PolicyInput } from '../policy/schema.js';
import type { CaseEvent } from './events.js';
import { notificationsDue } from './notifications.js';
import {
  bothAgreed,
  CaseHarness,
  calendar,
  consultFirstPolicy,
  fiveStagePolicy,
  people,
  raiseInput,
  t0,
} from './testing.js';

const { worker, manager, chair } = people;
const source = 'test-policy told';

type Rule = NonNullable<PolicyInput['notifications']>[number];
const rule = (key: string, on: Rule['on'], to: Rule['to'] = [{ kind: 'business-unit' }]): Rule => ({
  key,
  on,
  to,
  purpose: `Told: ${on}`,
  source,
});

/** fiveStagePolicy told by one rule per trigger, each to the business unit unless said. */
const toldPolicy = Policy.parse({
  ...fiveStagePolicy,
  id: 'told',
  notifications: [
    rule('every-stage', 'stage-entered'),
    rule('risk', 'immediate-risk'),
    rule('referral', 'referred-to-chair'),
    rule('panel', 'panel-convened', [{ kind: 'board-member', side: 'other' }]),
    rule('proposal', 'panel-decision-proposed'),
    rule('decision', 'decision-recorded'),
    rule('outcome', 'outcome'),
  ],
} satisfies PolicyInput);

const told = (c: CaseHarness) =>
  c.intents.filter((i) => i.trigger !== 'action-recorded').map((i) => i.key);

/** The case under toldPolicy at the chair's stage. */
function atChair(raise = raiseInput()): CaseHarness {
  const c = new CaseHarness(toldPolicy, calendar);
  c.must(raise, worker, t0);
  for (let n = 2; n < 5; n++) c.must({ type: 'escalate', reason: 'Not resolved' }, manager, t0);
  c.must({ type: 'refer-to-chair', details: 'Over to the chair' }, manager, t0);
  return c;
}
const members = ['a-school', 'a-csc', 'a-health'].map((agencyId) => ({
  personId: `p-${agencyId}-director`,
  agencyId,
  boardMember: true,
}));

describe('each intent says which rule, trigger, recipient, event and stage it is for', () => {
  it('a stage entered: with the stage’s number; other triggers: without one', () => {
    const c = new CaseHarness(toldPolicy, calendar);
    c.must(raiseInput({ immediateRisk: true }), worker, t0);
    expect(c.intents).toStrictEqual([
      {
        ruleKey: 'risk',
        trigger: 'immediate-risk',
        recipient: { kind: 'business-unit' },
        eventIndex: 0,
        key: 'risk:immediate-risk:business-unit',
      },
      {
        ruleKey: 'every-stage',
        trigger: 'stage-entered',
        recipient: { kind: 'business-unit' },
        eventIndex: 1,
        stageNumber: 1,
        key: 'every-stage:stage-1:business-unit',
      },
    ]);
  });
});

describe('the once-only triggers', () => {
  it('002 1.5: a child found at immediate risk by the hub referral is told of once, then never again', () => {
    const c = new CaseHarness(toldPolicy, calendar);
    c.must(raiseInput(), worker, t0);
    expect(told(c)).toEqual(['every-stage:stage-1:business-unit']);
    const referral = {
      type: 'record-hub-referral' as const,
      service: 'Children and Families Hub',
      when: t0,
      immediateRisk: true,
    };
    c.must(referral, worker, t0);
    expect(told(c)).toEqual([
      'every-stage:stage-1:business-unit',
      'risk:immediate-risk:business-unit',
    ]);
    // the same events again, from the start: the risk is new only once
    expect(notificationsDue(undefined, c.events, toldPolicy).map((i) => i.key)).toEqual(
      c.intents.map((i) => i.key),
    );
    c.must({ type: 'escalate', reason: 'Not resolved' }, manager, t0);
    expect(told(c).filter((k) => k.startsWith('risk:'))).toHaveLength(1);
  });

  it('002 2.16: referred to the chair, told once; a second referral in the record tells no one again', () => {
    const c = atChair();
    expect(told(c)).toContain('referral:referred-to-chair:business-unit');
    const again: CaseEvent = { type: 'referred-to-chair', at: t0, by: 'p-manager', details: 'd' };
    expect(notificationsDue(c.current, [again], toldPolicy)).toEqual([]);
  });

  it('002 2.17: a panel convened, told once to the board member of the side the rule names', () => {
    const c = atChair();
    c.must({ type: 'convene-panel', members }, chair, t0);
    expect(told(c).slice(-1)).toEqual(['panel:panel-convened:board-member-other']);
    const again: CaseEvent = { type: 'panel-convened', at: t0, by: 'p-chair', members: [] };
    expect(notificationsDue(c.current, [again], toldPolicy)).toEqual([]);
  });
});

describe('the triggers of each event', () => {
  it('002 2.18: a decision put to the panel; the panel’s decision is both a decision and an outcome', () => {
    const c = atChair();
    c.must({ type: 'convene-panel', members }, chair, t0);
    const before = c.intents.length;
    c.must({ type: 'record-decision', decidedBy: 'panel', decision: 'Meet' }, chair, t0);
    expect(c.intents.slice(before).map((i) => [i.trigger, i.key])).toEqual([
      ['panel-decision-proposed', 'proposal:event-8:business-unit'],
    ]);
    for (const m of members) {
      c.must({ type: 'agree-panel-decision' }, { ...manager, ...m, role: 'director' }, t0);
    }
    expect(told(c).slice(-2)).toEqual([
      'decision:event-12:business-unit',
      'outcome:event-12:business-unit',
    ]);
  });

  it('a resolution and a withdrawal are each an outcome, told for each', () => {
    const c = new CaseHarness(toldPolicy, calendar);
    c.must(raiseInput(), worker, t0);
    c.must({ type: 'resolve', outcome: 'Agreed', agreedBy: bothAgreed }, worker, t0);
    c.must({ type: 'reopen', reason: 'Not carried out' }, worker, t0);
    c.must({ type: 'withdraw', reason: 'Moved away' }, worker, t0);
    expect(told(c)).toEqual([
      'every-stage:stage-1:business-unit',
      'outcome:event-2:business-unit',
      'outcome:event-4:business-unit',
    ]);
  });

  it('every event is an action recorded, keyed by its place in the case', () => {
    const policy = Policy.parse({
      ...toldPolicy,
      notifications: [
        { key: 'all', on: 'action-recorded', to: [{ kind: 'raiser' }], purpose: 'p', source },
      ],
    });
    const c = new CaseHarness(policy, calendar);
    c.must(raiseInput(), worker, t0);
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, t0);
    expect(c.intents.map((i) => [i.key, i.eventIndex, i.trigger])).toEqual([
      ['all:event-0:raiser', 0, 'action-recorded'],
      ['all:event-1:raiser', 1, 'action-recorded'],
      ['all:event-2:raiser', 0, 'action-recorded'],
    ]);
  });
});

describe('stage rules', () => {
  it('003: the consultation step is not a policy stage: entering it tells no one; stage 1 does', () => {
    const policy = Policy.parse({
      ...consultFirstPolicy,
      notifications: [rule('every-stage', 'stage-entered', [{ kind: 'chair' }])],
    });
    const c = new CaseHarness(policy, calendar);
    c.must(raiseInput(), worker, t0);
    expect(c.intents).toEqual([]);
    c.must(
      {
        type: 'record-consultation',
        with: { personId: 'p-manager', role: 'manager' },
        answers: { problem: 'p', aims: 'a' },
        summary: 's',
      },
      worker,
      t0,
    );
    expect(c.intents.map((i) => [i.key, i.stageNumber])).toEqual([
      ['every-stage:stage-1:chair', 1],
    ]);
  });
});

describe('childFlags: only when some child in the case has one of the flags', () => {
  const flagged = (children: { name: string; childProtectionPlan?: boolean }[]) => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput({ children }), worker, t0);
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, t0);
    return c.intents.filter((i) => i.ruleKey === 'cp-chair-or-iro').map((i) => i.key);
  };

  it('002 2.5: one child of two subject to a plan is enough', () => {
    expect(flagged([{ name: 'A.B.' }, { name: 'C.D.', childProtectionPlan: true }])).toEqual([
      'cp-chair-or-iro:stage-2:cp-chair',
      'cp-chair-or-iro:stage-2:iro',
    ]);
  });

  it('no child with either flag: no one is told', () => {
    expect(flagged([{ name: 'A.B.' }, { name: 'C.D.' }])).toEqual([]);
  });
});

describe('one demand, one intent', () => {
  it('a rule naming the same recipient twice tells them once', () => {
    const policy = Policy.parse({
      ...fiveStagePolicy,
      notifications: [
        rule('twice', 'case-raised', [{ kind: 'raiser' }, { kind: 'raiser' }, { kind: 'chair' }]),
      ],
    });
    const c = new CaseHarness(policy, calendar);
    c.must(raiseInput(), worker, t0);
    expect(c.intents.map((i) => i.key)).toEqual([
      'twice:case-raised:raiser',
      'twice:case-raised:chair',
    ]);
  });
});
