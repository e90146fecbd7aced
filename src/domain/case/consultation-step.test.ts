/**
 * The consultation step before stage 1 (decide-start.ts): when a child at immediate risk lets a
 * case pass over it, what counts as an answer, and whose agency the engine checks.
 * start-words.test.ts holds the words of each refusal.
 */
import { describe, expect, it } from 'vitest';
import { preset } from '../../policies/testing.js';
import type { CaseCommandInput } from './commands.js';
import {
  consultFirstPolicy,
  lastEvent as last,
  later,
  people,
  preEscalationPolicy,
  raised,
  variant,
} from './testing.js';

const { worker } = people;

/** consultFirstPolicy's immediate-risk rule with `change` (startAt, skipConsultation) made. */
function riskRule(change: object) {
  const { startAt: _s, ...rest } = consultFirstPolicy.immediateRisk;
  return variant(consultFirstPolicy, { immediateRisk: { ...rest, ...change } });
}

describe('a required consultation and a child at immediate risk', () => {
  it('003: a policy that lets the case start at a later stage starts it at stage 1 at once', () => {
    expect(raised(consultFirstPolicy, { immediateRisk: true }).current.stage.number).toBe(1);
  });

  it('004: a policy that lets the case pass over the consultation starts it at stage 1 at once', () => {
    const skipOnly = riskRule({ skipConsultation: { source: 'test risk' } });
    expect(raised(skipOnly, { immediateRisk: true }).current.stage.number).toBe(1);
  });

  it('a policy that lets it do neither still asks for the consultation first', () => {
    const neither = riskRule({});
    const c = raised(neither, { immediateRisk: true });
    expect(c.current.stage.number).toBe(0);
    expect(last(c)).toMatchObject({ skipped: false, skippedStages: [] });
  });

  it('without a child at immediate risk, the consultation comes first whatever the policy allows', () => {
    expect(raised(consultFirstPolicy).current.stage.number).toBe(0);
    expect(raised(preEscalationPolicy).current.stage.number).toBe(0);
  });
});

describe('the consultation’s answers (003: answer the policy’s questions)', () => {
  const consult = (answers: Record<string, string>): CaseCommandInput => ({
    type: 'record-consultation',
    with: { personId: 'p-manager', role: 'manager' },
    answers,
    summary: 'Talked it through',
  });

  it('an answer of spaces only is no answer', () => {
    const c = raised(consultFirstPolicy);
    expect(
      c.refusal(consult({ problem: '   ', aims: 'A strategy discussion' }), worker, later),
    ).toEqual({
      code: 'consultation-answers-missing',
      message:
        'Answer every question the policy asks before escalating: What exactly is the disagreement about?',
    });
  });
});

describe('whose agency the consulted person is at', () => {
  it('004: is checked only when it is known (the service gives it from the directory)', () => {
    const c = raised(preset('bscb-partnership'));
    c.must(
      {
        type: 'record-consultation',
        with: { personId: 'p-social-worker', role: 'frontline' },
        answers: {},
        summary: 'Talked it through',
      },
      worker,
      later,
    );
    expect(last(c)).toMatchObject({ type: 'consultation-recorded' });
    expect(c.current.stage.number).toBe(0);
  });
});
