/**
 * "What happens next" in words (next-step.ts): the policy's guidance ends as a sentence once,
 * whatever punctuation the policy gave it, and a stage with no timescale says "if it is not
 * resolved" with no time. next-step.test.ts holds each point of the procedure.
 */
import { describe, expect, it } from 'vitest';
import { Policy } from '../policy/schema.js';
import { nextStep } from './next-step.js';
import {
  CaseHarness,
  calendar,
  consultFirstPolicy,
  fiveStagePolicy,
  people,
  raiseInput,
  t0,
} from './testing.js';

/** The text at stage 1 of fiveStagePolicy with stage 1's guidance as given. */
function atStageOne(guidance: string): string {
  const policy = Policy.parse({
    ...fiveStagePolicy,
    stages: fiveStagePolicy.stages.map((st, i) => (i === 0 ? { ...st, guidance } : st)),
  });
  const c = new CaseHarness(policy, calendar);
  c.must(raiseInput(), people.worker, t0);
  return nextStep(c.current, policy, t0).text;
}
const then =
  ' If it is not resolved by 5pm on Tuesday 24 March 2026, escalate to stage 2: Manager to manager.';

describe('the policy’s guidance, as a sentence', () => {
  it('ends with a full stop when the policy gave none', () => {
    expect(atStageOne('Talk to each other')).toBe(`Talk to each other.${then}`);
  });

  it('keeps a question mark or an exclamation mark the policy ended it with', () => {
    expect(atStageOne('Have you talked to each other?')).toBe(
      `Have you talked to each other?${then}`,
    );
    expect(atStageOne('Talk to each other!')).toBe(`Talk to each other!${then}`);
  });

  it('adds a full stop after a sentence whose mark is not at its end', () => {
    expect(atStageOne('Talk first. Then write it down')).toBe(
      `Talk first. Then write it down.${then}`,
    );
  });

  it('leaves out spaces around the guidance', () => {
    expect(atStageOne('  Talk to each other.  ')).toBe(`Talk to each other.${then}`);
  });
});

describe('a stage with no timescale', () => {
  it('003: says what happens if it is not resolved, with no time', () => {
    const c = new CaseHarness(consultFirstPolicy, calendar);
    c.must(raiseInput({ immediateRisk: true }), people.worker, t0);
    expect(c.current.stage.number).toBe(1);
    expect(nextStep(c.current, consultFirstPolicy, t0)).toEqual({
      text: 'Professional to professional: discuss the disagreement. If it is not resolved, escalate to stage 2: Manager to manager.',
      dueAt: null,
      overdue: false,
    });
  });
});
