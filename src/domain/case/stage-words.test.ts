/**
 * Working a stage (decide-stages.ts): the words a person reads when a command is refused, and
 * what an accepted one records. refusals.test.ts proves each refusal happens; this file holds
 * what each says, since the words tell the person what to do instead.
 */
import { describe, expect, it } from 'vitest';
import { preset } from '../../policies/testing.js';
import { calendarFor } from '../calendar/index.js';
import type { CaseCommandInput } from './commands.js';
import type { Actor } from './context.js';
import type { CaseEvent } from './events.js';
import {
  acknowledgedPolicy,
  CaseHarness,
  consultFirstPolicy,
  fiveStagePolicy,
  people,
  raiseInput,
} from './testing.js';

const calendar = calendarFor('england-and-wales');
const { worker, manager, dsl, socialWorker } = people;
/** Monday 23 March 2026, 10am */
const t0 = '2026-03-23T10:00:00Z';
const later = '2026-03-23T12:00:00Z';

function raised(policy = fiveStagePolicy, over = {}): CaseHarness {
  const c = new CaseHarness(policy, calendar);
  c.must(raiseInput(over), worker, t0);
  return c;
}

function escalated(c: CaseHarness, times: number): CaseHarness {
  for (let n = 0; n < times; n++) c.must({ type: 'escalate', reason: 'Not resolved' }, manager, t0);
  return c;
}

const last = (c: CaseHarness): CaseEvent | undefined => c.events.at(-1);

describe('the consultation comes first (003: consult your supervisor before stage 1)', () => {
  it('refuses a discussion, an escalation or a referral before it, naming the step', () => {
    const c = raised(consultFirstPolicy);
    const words =
      'The policy asks for Consult your supervisor before stage 1. Record the consultation first.';
    for (const command of [
      {
        type: 'record-discussion',
        when: t0,
        how: 'phone',
        participants: ['S. Worker'],
        summary: 'Talked',
        outcome: 'Not agreed',
      },
      { type: 'escalate', reason: 'No' },
      { type: 'refer-to-chair', details: 'Over' },
    ] satisfies CaseCommandInput[]) {
      expect(c.refusal(command, worker, later)).toEqual({
        code: 'consultation-required',
        message: words,
      });
    }
  });
});

describe('escalating: one stage at a time, never to or past the chair’s', () => {
  it('the next stage being the chair’s, says to refer the case instead, naming the chair’s stage', () => {
    expect(
      escalated(raised(), 3).refusal({ type: 'escalate', reason: 'x' }, manager, later),
    ).toEqual({
      code: 'escalate-to-chair',
      message:
        "The next stage is the chair's (Resolution by the partnership chair). Refer the case to the chair instead.",
    });
  });

  it('at the chair’s stage, the last, says the chair resolves it or decides', () => {
    const c = escalated(raised(), 3);
    c.must({ type: 'refer-to-chair', details: 'Over' }, manager, t0);
    expect(c.refusal({ type: 'escalate', reason: 'x' }, manager, later)).toEqual({
      code: 'escalate-from-final-stage',
      message:
        "The case is at the chair's stage, the last one. The chair resolves it or records a decision.",
    });
    expect(c.refusal({ type: 'refer-to-chair', details: 'x' }, manager, later)).toEqual({
      code: 'already-with-chair',
      message: 'The case has already been referred to the chair.',
    });
  });

  it('an escalation enters the next stage with its reason, passing nothing over', () => {
    const c = raised();
    c.must({ type: 'escalate', reason: 'Still no strategy discussion' }, manager, later);
    expect(last(c)).toMatchObject({
      type: 'stage-entered',
      number: 2,
      reason: 'Still no strategy discussion',
      skipped: false,
      skippedStages: [],
    });
  });
});

describe('referring to the chair', () => {
  it('too early, says which stage comes before the chair’s (002: after the directors)', () => {
    expect(raised().refusal({ type: 'refer-to-chair', details: 'x' }, manager, later)).toEqual({
      code: 'refer-to-chair-too-early',
      message:
        'A case goes to the chair only after stage 4 (Director to director). Escalate it through the stages first.',
    });
  });

  it('004: too early, also offers the referral for quality assurance scrutiny', () => {
    const c = raised(preset('bscb-partnership'), { immediateRisk: true });
    expect(c.refusal({ type: 'refer-to-chair', details: 'x' }, worker, later).message).toBe(
      'A case goes to the chair only after stage 3 (Senior management). Escalate it through the stages first, or refer it now for quality assurance scrutiny if the discussions raise issues that need it.',
    );
  });

  it('004: a referral for scrutiny enters the chair’s stage saying so', () => {
    const c = raised(preset('bscb-partnership'), { immediateRisk: true });
    c.must({ type: 'refer-to-chair', details: 'Look at this', scrutiny: true }, worker, later);
    expect(c.events.at(-2)).toStrictEqual({
      type: 'referred-to-chair',
      at: later,
      by: 'p-worker',
      details: 'Look at this',
      scrutiny: true,
    });
    expect(last(c)).toMatchObject({
      reason: 'Referred to the chair for quality assurance scrutiny',
      skipped: true,
    });
  });

  it('a referral at the stage before the chair’s passes nothing over and records no scrutiny', () => {
    const c = escalated(raised(), 3);
    c.must({ type: 'refer-to-chair', details: 'Over to the chair' }, manager, later);
    expect(c.events.at(-2)).toStrictEqual({
      type: 'referred-to-chair',
      at: later,
      by: 'p-manager',
      details: 'Over to the chair',
    });
    expect(last(c)).toMatchObject({
      number: 5,
      reason: 'Referred to the chair',
      skipped: false,
      skippedStages: [],
    });
  });

  it('a policy without the scrutiny referral (002-like) says so', () => {
    expect(
      raised().refusal({ type: 'refer-to-chair', details: 'x', scrutiny: true }, manager, later),
    ).toEqual({
      code: 'scrutiny-referral-not-in-policy',
      message:
        'This policy has no referral for quality assurance scrutiny. Refer the case when the stages before the chair’s have been worked.',
    });
  });

  it('002 2.15: asks how the agencies’ Board members were involved', () => {
    const c = escalated(raised(preset('bromley-partnership')), 3);
    expect(c.refusal({ type: 'refer-to-chair', details: 'Over' }, worker, later)).toEqual({
      code: 'board-members-not-engaged',
      message:
        'The policy asks that each agency’s partnership Board member is engaged in seeking resolution before the chair. Say how they were involved.',
    });
  });
});

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
