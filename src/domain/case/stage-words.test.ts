/**
 * Working a stage (decide-stages.ts): moving a case on. The words a person reads when a
 * consultation, an escalation or a referral to the chair is refused, and what an accepted one
 * records. refusals.test.ts proves each refusal happens; this file holds what each says, since
 * the words tell the person what to do instead. What else a stage records: stage-records.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { preset } from '../../policies/testing.js';
import type { CaseCommandInput } from './commands.js';
import {
  type CaseHarness,
  consultFirstPolicy,
  lastEvent as last,
  later,
  people,
  raised,
  t0,
} from './testing.js';

const { worker, manager } = people;

function escalated(c: CaseHarness, times: number): CaseHarness {
  for (let n = 0; n < times; n++) c.must({ type: 'escalate', reason: 'Not resolved' }, manager, t0);
  return c;
}

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

  it('a stage entered with nobody named to hold it yet is held by nobody on either side', () => {
    const c = raised();
    c.must({ type: 'escalate', reason: 'Not resolved' }, manager, later);
    expect(last(c)).toMatchObject({ number: 2, holders: { raising: [], other: [] } });
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
