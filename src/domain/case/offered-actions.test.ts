/**
 * What the case page offers, and in which order (actions.ts): the step the stage is for first
 * (the consultation before stage 1, the panel's agreement and the decision at the chair's, the
 * other side's acknowledgement while it is owed), the hub referral before anything while a child
 * at immediate risk is not yet referred, and each action offered when some answer on its form
 * would be taken. actions.test.ts holds the first cases; this file the rest, list by list.
 */
import { describe, expect, it } from 'vitest';
import { availableActions } from './actions.js';
import type { Actor } from './context.js';
import {
  acknowledgedPolicy,
  CaseHarness,
  calendar,
  consultFirstPolicy,
  fiveStagePolicy,
  people,
  plannedPolicy,
  raiseInput,
  t0,
  variant,
} from './testing.js';

const { worker, manager, socialWorker, chair } = people;
const now = '2026-03-23T11:00:00Z';
const offered = (c: CaseHarness, actor: Actor) =>
  availableActions(c.current, { policy: c.policy, calendar, now, actor });

function atChair(policy = fiveStagePolicy, raise = raiseInput()): CaseHarness {
  const c = new CaseHarness(policy, calendar);
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
const healthDirector: Actor = {
  personId: 'p-a-health-director',
  agencyId: 'a-health',
  role: 'director',
};

describe('the consultation step comes first before stage 1', () => {
  it('003: the raiser is offered the consultation first; the other side cannot record it', () => {
    const c = new CaseHarness(consultFirstPolicy, calendar);
    c.must(raiseInput(), worker, t0);
    expect(offered(c, worker)).toEqual([
      'record-consultation',
      'resolve',
      'withdraw',
      'record-hub-referral',
      'set-child-protective-deadline',
    ]);
    expect(offered(c, socialWorker)).toEqual([
      'resolve',
      'record-hub-referral',
      'set-child-protective-deadline',
    ]);
  });
});

describe('the chair’s stage: the decision first', () => {
  it('002 2.15: the chair decides, convenes the panel or resolves; nothing of the working stages', () => {
    expect(offered(atChair(), chair)).toEqual([
      'record-decision',
      'convene-panel',
      'resolve',
      'record-discussion',
      'set-child-protective-deadline',
    ]);
  });

  it('002 2.17: once the panel is convened, it receives representations; a member is offered the decision too', () => {
    const c = atChair();
    c.must({ type: 'convene-panel', members }, chair, t0);
    expect(offered(c, chair)).toEqual([
      'record-decision',
      'record-representation',
      'resolve',
      'record-discussion',
      'set-child-protective-deadline',
    ]);
    expect(offered(c, healthDirector)).toEqual([
      'record-decision',
      'record-representation',
      'resolve',
      'record-discussion',
    ]);
  });

  it('002 2.18: a decision put to the panel: agreeing it comes first, to the chair and to each member who has not', () => {
    const c = atChair();
    c.must({ type: 'convene-panel', members }, chair, t0);
    c.must({ type: 'record-decision', decidedBy: 'panel', decision: 'Meet' }, chair, t0);
    expect(offered(c, chair)[0]).toBe('agree-panel-decision');
    expect(offered(c, healthDirector)[0]).toBe('agree-panel-decision');
    c.must({ type: 'agree-panel-decision' }, healthDirector, t0);
    expect(offered(c, healthDirector)).not.toContain('agree-panel-decision');
    expect(offered(c, chair)[0]).toBe('agree-panel-decision');
  });

  it('a policy where only the panel decides still offers the chair the decision, to put to the panel', () => {
    const policy = variant(fiveStagePolicy, {
      finalRoute: { ...fiveStagePolicy.finalRoute, chairMayResolveDirectly: false },
    });
    const c = atChair(policy);
    expect(offered(c, chair)).not.toContain('record-decision');
    c.must({ type: 'convene-panel', members }, chair, t0);
    expect(offered(c, chair)[0]).toBe('record-decision');
  });

  it('002 1.5: at the chair’s stage too, a side’s referral for a child at immediate risk comes before anything', () => {
    const c = atChair(
      fiveStagePolicy,
      raiseInput({ immediateRisk: true, children: [{ name: 'A.B.', lookedAfter: true }] }),
    );
    expect(offered(c, worker)).toEqual([
      'record-hub-referral',
      'record-discussion',
      'update-child-contacts',
      'record-consultation',
      'withdraw',
      'set-child-protective-deadline',
    ]);
  });
});

describe('acknowledging an escalation comes first while it is owed', () => {
  it('issue 18: the other side is offered the acknowledgement first; the raising side never', () => {
    const c = new CaseHarness(acknowledgedPolicy, calendar);
    c.must(raiseInput(), worker, t0, { raising: ['p-worker'], other: ['p-social-worker'] });
    expect(offered(c, socialWorker)).toEqual([
      'acknowledge',
      'record-discussion',
      'escalate',
      'resolve',
      'record-hub-referral',
      'set-child-protective-deadline',
    ]);
    expect(offered(c, worker)).not.toContain('acknowledge');
    c.must({ type: 'acknowledge' }, socialWorker, now);
    expect(offered(c, socialWorker)).not.toContain('acknowledge');
  });
});

describe('each action is offered when some answer on its form would be taken', () => {
  it('issue 18: the agreed action plan: an action is offered to the stage’s holders under a policy that tracks one', () => {
    const c = new CaseHarness(plannedPolicy, calendar);
    c.must(raiseInput(), worker, t0, { raising: ['p-worker'], other: ['p-social-worker'] });
    expect(offered(c, worker)).toEqual([
      'record-discussion',
      'escalate',
      'add-plan-action',
      'resolve',
      'record-consultation',
      'withdraw',
      'record-hub-referral',
      'set-child-protective-deadline',
    ]);
    expect(offered(c, socialWorker)).toContain('add-plan-action');
  });

  it('004 STAGE 4: referral for scrutiny is offered from a working stage only where the policy has it', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput(), worker, t0);
    expect(offered(c, worker)).not.toContain('refer-to-chair');
    const scrutiny = variant(fiveStagePolicy, {
      finalRoute: { ...fiveStagePolicy.finalRoute, scrutinyReferral: { source: 'test 4' } },
    });
    const s = new CaseHarness(scrutiny, calendar);
    s.must(raiseInput(), worker, t0);
    expect(offered(s, worker)).toContain('refer-to-chair');
  });

  it.each([
    ['looked after', { lookedAfter: true }, true],
    ['subject to a plan', { childProtectionPlan: true }, true],
    ['neither', {}, false],
  ])('a child’s CP Chair or IRO address: offered for a child %s', (_, flags, shown) => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput({ children: [{ name: 'A.B.', ...flags }] }), worker, t0);
    expect(offered(c, worker).includes('update-child-contacts')).toBe(shown);
  });

  it('a consultation is offered under a policy with one, not under a policy without', () => {
    const none = variant(fiveStagePolicy, { consultation: undefined });
    const c = new CaseHarness(none, calendar);
    c.must(raiseInput(), worker, t0);
    expect(offered(c, worker)).toEqual([
      'record-discussion',
      'escalate',
      'resolve',
      'withdraw',
      'record-hub-referral',
      'set-child-protective-deadline',
    ]);
  });
});
