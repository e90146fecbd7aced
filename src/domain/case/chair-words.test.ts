/**
 * The chair's stage and the end of a case (decide-final.ts): the decision, the panel's agreement
 * to it, resolving and reopening. refusals.test.ts proves each refusal happens; this file holds
 * what each says and what an accepted command records. The panel's make-up: panel-words.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  bothAgreed,
  CaseHarness,
  calendar,
  consultFirstPolicy,
  fiveStagePolicy,
  lastEvent as last,
  later,
  people,
  raiseInput,
  t0,
  variant,
} from './testing.js';
import {
  asActor,
  atChair,
  consultFirstAtChair,
  convene,
  cscDirector,
  head,
  healthDirector,
} from './testing-chair.js';

const { worker, manager, chair } = people;

describe('the decision at the chair’s stage', () => {
  it('the chair’s decision without learning records none', () => {
    const c = atChair();
    c.must({ type: 'record-decision', decision: 'Meet' }, chair, later);
    expect(last(c)).not.toHaveProperty('learning');
  });

  it('a panel of one (003-like, where possible): its member’s decision counts at once, without learning', () => {
    const route = consultFirstPolicy.finalRoute;
    const policy = variant(consultFirstPolicy, {
      finalRoute: {
        ...route,
        ...(route.panel ? { panel: { ...route.panel, minAgencies: 1 } } : {}),
      },
    });
    const c = new CaseHarness(policy, calendar);
    c.must(raiseInput({ immediateRisk: true }), worker, t0);
    c.must({ type: 'escalate', reason: 'Not resolved' }, manager, t0);
    c.must({ type: 'refer-to-chair', details: 'Over' }, manager, t0);
    c.must(convene([healthDirector]), chair, later);
    c.must({ type: 'record-decision', decision: 'Meet' }, asActor(healthDirector), later);
    expect(last(c)).toStrictEqual({
      type: 'decision-made',
      at: later,
      by: 'p-health-director',
      decidedBy: 'panel',
      decision: 'Meet',
      binding: false,
    });
  });

  it('the chair’s own decision counts at once, binding as the policy says, with its learning', () => {
    const c = atChair();
    c.must(
      { type: 'record-decision', decision: 'Hold a strategy discussion', learning: 'Ask sooner' },
      chair,
      later,
    );
    expect(last(c)).toStrictEqual({
      type: 'decision-made',
      at: later,
      by: 'p-chair',
      decidedBy: 'chair',
      decision: 'Hold a strategy discussion',
      binding: true,
      learning: 'Ask sooner',
    });
  });

  it('a policy that asks for a panel refuses the chair deciding alone, not putting the panel’s decision', () => {
    const policy = variant(fiveStagePolicy, {
      finalRoute: { ...fiveStagePolicy.finalRoute, chairMayResolveDirectly: false },
    });
    const c = atChair(policy);
    c.must(convene([head, cscDirector, healthDirector]), chair, later);
    c.must({ type: 'record-decision', decidedBy: 'panel', decision: 'Meet' }, chair, later);
    expect(last(c)).toStrictEqual({
      type: 'panel-decision-proposed',
      at: later,
      by: 'p-chair',
      decision: 'Meet',
    });
    expect(
      atChair(policy).refusal({ type: 'record-decision', decision: 'd' }, chair, later).message,
    ).toBe(
      'This policy asks the chair to convene a Resolution Panel to decide. Convene the panel first.',
    );
  });

  it('002 2.18: the chair puts the panel’s decision to its members; it counts when the last agrees', () => {
    const c = atChair();
    c.must(convene([head, cscDirector, healthDirector]), chair, later);
    expect(c.refusal({ type: 'agree-panel-decision' }, asActor(head), later)).toEqual({
      code: 'no-panel-decision-proposed',
      message:
        'No decision has been put to the Resolution Panel yet. Record the panel’s decision first.',
    });
    c.must(
      { type: 'record-decision', decidedBy: 'panel', decision: 'Meet', learning: 'L' },
      chair,
      later,
    );
    // the chair is no member: the proposal alone, agreed by nobody yet
    expect(c.events.slice(-1)).toStrictEqual([
      {
        type: 'panel-decision-proposed',
        at: later,
        by: 'p-chair',
        decision: 'Meet',
        learning: 'L',
      },
    ]);
    expect(c.refusal({ type: 'agree-panel-decision' }, chair, later).message).toBe(
      'Select the panel member whose agreement you are recording.',
    );
    expect(
      c.refusal({ type: 'agree-panel-decision', memberId: 'p-stranger' }, chair, later),
    ).toEqual({
      code: 'not-a-panel-member',
      message:
        'That person is not a member of this Resolution Panel. Select a member of the panel.',
    });
    expect(
      c.refusal({ type: 'agree-panel-decision', memberId: 'p-head' }, asActor(cscDirector), later)
        .message,
    ).toBe(
      'Each panel member records their own agreement. The chair may record a member’s agreement given at the panel’s meeting.',
    );
    c.must({ type: 'agree-panel-decision' }, asActor(head), later);
    expect(c.refusal({ type: 'agree-panel-decision' }, asActor(head), later)).toEqual({
      code: 'panel-member-already-agreed',
      message: 'That member has already agreed the decision.',
    });
    c.must({ type: 'agree-panel-decision', memberId: 'p-csc-director' }, chair, later);
    expect(c.current.status).toBe('open');
    c.must({ type: 'agree-panel-decision' }, asActor(healthDirector), later);
    expect(last(c)).toStrictEqual({
      type: 'decision-made',
      at: later,
      by: 'p-health-director',
      decidedBy: 'panel',
      decision: 'Meet',
      binding: true,
      learning: 'L',
    });
  });
});

describe('resolving: agreed by every agency in the disagreement', () => {
  it('names the person from outside it, and how many agencies have nobody named', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput({ agencies: ['a-csc', 'a-health'] }), worker, t0);
    const resolve = (agreedBy: { agencyId: string; name: string }[]) => ({
      type: 'resolve' as const,
      outcome: 'Agreed',
      agreedBy,
    });
    expect(
      c.refusal(
        resolve([...bothAgreed, { agencyId: 'a-police', name: 'P. Sergeant' }]),
        manager,
        later,
      ).message,
    ).toBe(
      'P. Sergeant is not recorded at an agency in this disagreement. Name who agreed from each agency in it.',
    );
    expect(c.refusal(resolve(bothAgreed), manager, later).message).toBe(
      'A resolution is agreed by both sides: name who agreed from every agency in the disagreement (one agency has nobody named).',
    );
    expect(c.refusal(resolve(bothAgreed.slice(0, 1)), manager, later).message).toMatch(
      /\(2 agencies have nobody named\)\.$/,
    );
  });
});

describe('a resolution records the learning only when given', () => {
  it('with and without it', () => {
    const resolve = { type: 'resolve', outcome: 'Agreed', agreedBy: bothAgreed } as const;
    const c = atChair();
    c.must({ ...resolve, learning: 'Talk sooner' }, chair, later);
    expect(last(c)).toStrictEqual({
      type: 'resolved',
      at: later,
      by: 'p-chair',
      outcome: 'Agreed',
      actions: [],
      agreedBy: bothAgreed,
      learning: 'Talk sooner',
    });
    const d = atChair();
    d.must(resolve, chair, later);
    expect(last(d)).not.toHaveProperty('learning');
  });
});

describe('reopening', () => {
  it('an open case is not reopened; a binding decision cannot be', () => {
    expect(atChair().refusal({ type: 'reopen', reason: 'x' }, worker, later).message).toBe(
      'The case is already open.',
    );
    const c = atChair();
    c.must({ type: 'record-decision', decision: 'd' }, chair, later);
    expect(c.refusal({ type: 'reopen', reason: 'x' }, worker, later).message).toBe(
      "The chair's decision is final and binding: the case cannot be reopened. Raise a new disagreement if something has changed.",
    );
  });

  it('003: a decision that is not binding can be reopened', () => {
    const c = consultFirstAtChair();
    c.must({ type: 'record-decision', decision: 'd' }, chair, later);
    c.must({ type: 'reopen', reason: 'New evidence' }, worker, later);
    expect(c.current.status).toBe('open');
  });
});
