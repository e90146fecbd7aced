/**
 * Working a stage (decide-stages.ts): what a stage records besides moving on (the hub referral,
 * a child's CP Chair and IRO, the other side's acknowledgement, a child-protective deadline, a
 * discussion), the words of each refusal and what an accepted command records.
 * refusals.test.ts proves each refusal happens; this file holds what each says.
 */
import { describe, expect, it } from 'vitest';
import { preset } from '../../policies/testing.js';
import type { Actor } from './context.js';
import {
  acknowledgedPolicy,
  CaseHarness,
  calendar,
  fiveStagePolicy,
  lastEvent as last,
  later,
  people,
  raised,
  raiseInput,
  t0,
} from './testing.js';

const { worker, manager, dsl, socialWorker } = people;

describe('the hub referral (test-policy 1.5: refer to the Children and Families Hub)', () => {
  const hub = {
    type: 'record-hub-referral',
    service: 'Children and Families Hub',
    when: t0,
    immediateRisk: true,
  } as const;

  it('is made only for a child at immediate risk, naming the service', () => {
    expect(raised().refusal({ ...hub, immediateRisk: undefined }, dsl, later).message).toBe(
      'A referral to Children and Families Hub is recorded only for a child at immediate risk of harm. Say that the child is at immediate risk to record it.',
    );
  });

  it('needs no flag when the child is already recorded at immediate risk', () => {
    const c = raised(fiveStagePolicy, { immediateRisk: true });
    c.must({ ...hub, immediateRisk: undefined, reference: 'HUB-1' }, dsl, later);
    expect(last(c)).toStrictEqual({
      type: 'hub-referral-recorded',
      at: later,
      by: 'p-dsl',
      service: 'Children and Families Hub',
      reference: 'HUB-1',
      when: t0,
    });
  });

  it('is recorded once, and only by the roles the policy names', () => {
    const c = raised();
    c.must(hub, dsl, later);
    expect(last(c)).not.toHaveProperty('reference');
    expect(c.refusal(hub, dsl, later).message).toBe(
      'The referral to Children and Families Hub has already been recorded.',
    );
    const senior: Actor = { personId: 'p-senior', role: 'senior-manager', agencyId: 'a-school' };
    expect(raised().refusal(hub, senior, later).message).toBe(
      'The policy says a frontline or manager or dsl makes the referral to Children and Families Hub. Ask them to record it.',
    );
  });
});

describe('a child’s Child Protection Chair and Independent Reviewing Officer', () => {
  const onPlan = raiseInput({
    children: [
      { name: 'A.B.', dateOfBirth: '2019-05-04', childProtectionPlan: true },
      { name: 'C.D.', dateOfBirth: '2020-01-02', lookedAfter: true },
    ],
  });
  const contacts = () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(onPlan, worker, t0);
    return c;
  };
  const update = (child: number, over: { cpChairEmail?: string; iroEmail?: string }) =>
    ({ type: 'update-child-contacts', child, ...over }) as const;

  it('are added to a child in the case, for whom they exist', () => {
    const c = contacts();
    expect(c.refusal(update(2, { iroEmail: 'iro@example.org' }), worker, later)).toEqual({
      code: 'unknown-child',
      message: 'Select one of the children in this disagreement.',
    });
    expect(c.refusal(update(0, {}), worker, later)).toEqual({
      code: 'child-contacts-missing',
      message:
        "Enter the Child Protection Chair's or the Independent Reviewing Officer's e-mail address.",
    });
    expect(c.refusal(update(1, { cpChairEmail: 'cp@example.org' }), worker, later)).toEqual({
      code: 'child-not-on-plan',
      message:
        'This child is not recorded as subject to a Child Protection Plan, so has no Child Protection Chair to add.',
    });
    expect(c.refusal(update(0, { iroEmail: 'iro@example.org' }), worker, later)).toEqual({
      code: 'child-not-looked-after',
      message:
        'This child is not recorded as Looked After, so has no Independent Reviewing Officer to add.',
    });
  });

  it('record only the address given, on that child', () => {
    const c = contacts();
    c.must(update(0, { cpChairEmail: 'cp@example.org' }), socialWorker, later);
    expect(last(c)).toStrictEqual({
      type: 'child-contacts-updated',
      at: later,
      by: 'p-social-worker',
      child: 0,
      cpChairEmail: 'cp@example.org',
    });
    c.must(update(1, { iroEmail: 'iro@example.org' }), socialWorker, later);
    expect(last(c)).not.toHaveProperty('cpChairEmail');
    expect(c.current.children.map((ch) => [ch.cpChairEmail, ch.iroEmail])).toEqual([
      ['cp@example.org', undefined],
      [undefined, 'iro@example.org'],
    ]);
  });
});

describe('the other side’s acknowledgement (issue 18 item 7)', () => {
  const holders = { raising: ['p-worker'], other: ['p-social-worker'] };

  it('is refused where the stage asks for none, naming the stage', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput(), worker, t0, holders);
    expect(c.refusal({ type: 'acknowledge' }, socialWorker, later)).toEqual({
      code: 'acknowledgement-not-asked',
      message:
        'The policy does not ask for an acknowledgement at stage 1: Professional to professional.',
    });
  });

  it('is recorded without a note when none is given', () => {
    const c = new CaseHarness(acknowledgedPolicy, calendar);
    c.must(raiseInput(), worker, t0, holders);
    c.must({ type: 'acknowledge' }, socialWorker, later);
    expect(last(c)).not.toHaveProperty('note');
  });

  it('is given once, with its note, and then refused saying when it was given', () => {
    const c = new CaseHarness(acknowledgedPolicy, calendar);
    c.must(raiseInput(), worker, t0, holders);
    c.must({ type: 'acknowledge', note: 'Seen: we will call' }, socialWorker, later);
    expect(last(c)).toMatchObject({
      type: 'acknowledged',
      at: later,
      by: 'p-social-worker',
      stage: { number: 1, key: 'professional', name: 'Professional to professional' },
      note: 'Seen: we will call',
    });
    expect(c.refusal({ type: 'acknowledge' }, socialWorker, later)).toEqual({
      code: 'already-acknowledged',
      message: `The escalation to stage 1 was already acknowledged, on ${later}.`,
    });
  });
});

describe('a child-protective deadline', () => {
  it('is recorded with its reason', () => {
    const c = raised();
    const deadline = '2026-03-24T12:00:00Z';
    c.must(
      { type: 'set-child-protective-deadline', deadline, reason: 'Strategy meeting tomorrow' },
      socialWorker,
      later,
    );
    expect(last(c)).toStrictEqual({
      type: 'child-protective-deadline-set',
      at: later,
      by: 'p-social-worker',
      deadline,
      reason: 'Strategy meeting tomorrow',
    });
  });
});

describe('a discussion records a due time only when it starts the stage’s timescale (issue 18)', () => {
  const discussion = {
    type: 'record-discussion' as const,
    when: t0,
    how: 'phone' as const,
    participants: ['S. Worker'],
    summary: 'Talked',
    outcome: 'Not agreed',
  };

  it('at a stage timed from its entry (002-like), none', () => {
    const c = raised();
    c.must(discussion, manager, later);
    expect(last(c)).toStrictEqual({
      ...discussion,
      type: 'discussion-recorded',
      participants: ['S. Worker'],
      at: later,
      by: 'p-manager',
    });
  });

  it('004: at the pre-escalation discussion, once recorded, none', () => {
    const c = raised(preset('bscb-partnership'));
    c.must(
      {
        type: 'record-consultation',
        with: { personId: 'p-social-worker', role: 'frontline', agencyId: 'a-csc' },
        answers: {},
        summary: 'Talked it through',
      },
      worker,
      later,
    );
    c.must(discussion, worker, later);
    expect(c.current.stage.number).toBe(0);
    expect(last(c)).not.toHaveProperty('dueAt');
  });
});
