/**
 * Reading a policy's stages (stages.ts): their numbers (1 up, 0 the consultation step), the
 * chair's stage, which stages the overall timescale caps, and the earlier of two due times.
 * Each test names the rule it holds.
 */
import { describe, expect, it } from 'vitest';
import { Policy, type PolicyInput } from '../policy/schema.js';
import {
  earlier,
  finalStageNumber,
  nextStageNumber,
  overallCovers,
  stageAt,
  stageDueAt,
  stageNumberOf,
  stageRef,
} from './stages.js';
import { calendar, consultFirstPolicy, fiveStagePolicy } from './testing.js';

// five-stage: 1 professional (1 working day), 2 manager (2), 3 senior-manager (2), 4 director
// (2), 5 chair (3, final); a consultation step with no timescale of its own
function variant(change: Partial<PolicyInput>, policy: Policy = fiveStagePolicy): Policy {
  return Policy.parse({ ...policy, ...change });
}

/** The five-stage policy with its final route naming `route` and only `marked` marked final. */
function finalOn(route: string, marked?: string): Policy {
  return variant({
    finalRoute: { ...fiveStagePolicy.finalRoute, stage: route },
    stages: fiveStagePolicy.stages.map((s) => ({ ...s, final: s.key === marked })),
  });
}

/** Whether the overall timescale caps each of stages 0 (the consultation) to 5. */
const capped = (overall: PolicyInput['overallTimescale']) => {
  const policy = variant({ overallTimescale: overall });
  return [0, 1, 2, 3, 4, 5].map((n) => overallCovers(policy, n));
};

describe('numbering a policy’s stages: 1 up, 0 for the consultation step', () => {
  it('a working stage is read by its number from 1, with its key and name', () => {
    expect(stageAt(fiveStagePolicy, 1)?.key).toBe('professional');
    expect(stageAt(fiveStagePolicy, 0)).toBeUndefined();
    expect(stageRef(fiveStagePolicy, 1)).toStrictEqual({
      number: 1,
      key: 'professional',
      name: 'Professional to professional',
    });
    expect(stageRef(fiveStagePolicy, 5)).toStrictEqual({
      number: 5,
      key: 'chair',
      name: 'Resolution by the partnership chair',
    });
  });

  it('a stage the policy does not have is an error naming the policy and the number', () => {
    expect(() => stageRef(fiveStagePolicy, 6)).toThrow('Policy five-stage has no stage 6');
    expect(() => stageRef(fiveStagePolicy, -1)).toThrow('Policy five-stage has no stage -1');
  });

  it('stage 0 is the consultation step, by the policy’s own name for it, else "Consultation"', () => {
    expect(stageRef(fiveStagePolicy, 0)).toStrictEqual({
      number: 0,
      key: 'consultation',
      name: 'Consult your manager',
    });
    expect(stageRef(variant({ consultation: undefined }), 0)).toStrictEqual({
      number: 0,
      key: 'consultation',
      name: 'Consultation',
    });
  });

  it('a stage named by its key or its number has that number; one the policy lacks has none', () => {
    expect(stageNumberOf(fiveStagePolicy, 'professional')).toBe(1);
    expect(stageNumberOf(fiveStagePolicy, 'manager')).toBe(2);
    expect(stageNumberOf(fiveStagePolicy, 'chair')).toBe(5);
    expect(stageNumberOf(fiveStagePolicy, 'nowhere')).toBeUndefined();
    expect(stageNumberOf(fiveStagePolicy, 1)).toBe(1);
    expect(stageNumberOf(fiveStagePolicy, 5)).toBe(5);
    expect(stageNumberOf(fiveStagePolicy, 6)).toBeUndefined();
    // the consultation step is no stage one can be started at
    expect(stageNumberOf(fiveStagePolicy, 0)).toBeUndefined();
  });
});

describe('the chair’s stage: the final route’s, else the stage marked final, else the last', () => {
  it('is the stage the final route names (002-like: stage 5; 003-like: stage 3)', () => {
    expect(finalStageNumber(fiveStagePolicy)).toBe(5);
    expect(finalStageNumber(consultFirstPolicy)).toBe(3);
  });

  it('the final route’s stage comes before a stage marked final', () => {
    expect(finalStageNumber(finalOn('director', 'chair'))).toBe(4);
    expect(finalStageNumber(finalOn('professional', 'chair'))).toBe(1);
  });

  // a policy whose final route names no stage of it fails the policy checks (checks.ts) and is
  // never loaded; the engine still reads one sensibly
  it('with a final route naming no stage, the stage marked final, else the last', () => {
    expect(finalStageNumber(finalOn('nowhere', 'director'))).toBe(4);
    expect(finalStageNumber(finalOn('nowhere', 'professional'))).toBe(1);
    expect(finalStageNumber(finalOn('nowhere'))).toBe(5);
  });
});

describe('escalating: the next stage, passing over one used only when the case is urgent', () => {
  const urgentThird = variant({
    stages: fiveStagePolicy.stages.map((s) =>
      s.key === 'senior-manager' ? { ...s, onlyWhenUrgent: { source: 'test 2.6' } } : s,
    ),
  });

  it('a case that is not urgent passes over the urgent-only stage; an urgent one enters it', () => {
    expect(nextStageNumber(urgentThird, 1, false)).toBe(2);
    expect(nextStageNumber(urgentThird, 2, false)).toBe(4);
    expect(nextStageNumber(urgentThird, 2, true)).toBe(3);
    expect(nextStageNumber(fiveStagePolicy, 2, false)).toBe(3);
  });

  it('never past the chair’s stage, even when the stage before it is urgent-only', () => {
    const urgentFourth = variant({
      stages: fiveStagePolicy.stages.map((s) =>
        s.key === 'director' || s.key === 'chair'
          ? { ...s, onlyWhenUrgent: { source: 'test 2.6' } }
          : s,
      ),
    });
    expect(nextStageNumber(urgentFourth, 3, false)).toBe(5);
    expect(nextStageNumber(fiveStagePolicy, 4, false)).toBe(5);
  });
});

describe('the overall timescale caps the stages it lists; without a list, those with fewer days', () => {
  it('a policy without one, or with one that sets no time (003: "specified timescales"), caps none', () => {
    expect(capped(undefined)).toEqual([false, false, false, false, false, false]);
    expect(capped({ description: 'within specified timescales', source: 'test 1' })).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('000: in working days, it caps each stage with fewer of its own, or none, not one with as many', () => {
    // the consultation (no timescale) and stage 1 (1 day) are capped; 2 days is as many
    expect(capped({ workingDays: 2, source: 'test 1' })).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(capped({ workingDays: 3, source: 'test 1' })).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('in hours, or "immediately", it caps every stage, whatever its own days', () => {
    const all = [true, true, true, true, true, true];
    expect(capped({ hours: 24, source: 'test 1' })).toEqual(all);
    expect(capped({ immediately: true, source: 'test 1' })).toEqual(all);
  });

  it('listing its stages (the consultation step by its key), it caps those alone, whatever their days', () => {
    expect(
      capped({ workingDays: 2, stages: ['consultation', 'manager', 'chair'], source: 'test 1' }),
    ).toEqual([true, false, true, false, false, true]);
    // a number past the policy's stages is in no list
    const listed = variant({
      overallTimescale: { workingDays: 2, stages: ['consultation'], source: 'test 1' },
    });
    expect(overallCovers(listed, 6)).toBe(false);
  });

  it('the consultation step is capped by its own days like a stage; with no step or no stage, nothing of its own', () => {
    const consultation = fiveStagePolicy.consultation;
    const timed = variant({
      overallTimescale: { workingDays: 2, source: 'test 1' },
      ...(consultation
        ? { consultation: { ...consultation, timescale: { workingDays: 5, source: 't 1' } } }
        : {}),
    });
    expect(overallCovers(timed, 0)).toBe(false);
    const untimed = variant({
      overallTimescale: { workingDays: 2, source: 'test 1' },
      consultation: undefined,
    });
    expect(overallCovers(untimed, 0)).toBe(true);
    expect(overallCovers(untimed, 6)).toBe(true);
  });
});

describe('the earlier of two due times', () => {
  it('is the sooner instant, whatever the offsets; "no due time" gives way to any', () => {
    expect(earlier('2026-03-24T17:00:00Z', '2026-03-24T17:30:00+01:00')).toBe(
      '2026-03-24T17:30:00+01:00',
    );
    expect(earlier('2026-03-24T16:00:00Z', '2026-03-24T17:30:00+01:00')).toBe(
      '2026-03-24T16:00:00Z',
    );
    expect(earlier(null, '2026-03-24T17:00:00Z')).toBe('2026-03-24T17:00:00Z');
    expect(earlier('2026-03-24T17:00:00Z', null)).toBe('2026-03-24T17:00:00Z');
    expect(earlier(null, null)).toBeNull();
  });

  it('of two equal instants, the first as it was written', () => {
    expect(earlier('2026-03-24T17:00:00Z', '2026-03-24T18:00:00+01:00')).toBe(
      '2026-03-24T17:00:00Z',
    );
  });
});

describe('a stage’s own timescale is counted from entering it, unless the policy says from when', () => {
  // raised on Monday 23 March 2026; stage 1 (1 working day) entered on Wednesday 25th
  const raisedAt = '2026-03-23T10:00:00Z';
  const enteredAt = '2026-03-25T10:00:00Z';
  const from = (f: 'entered' | 'raised' | { stage: string }) =>
    variant({
      stages: fiveStagePolicy.stages.map((s, i) =>
        i === 0 ? { ...s, timescale: { workingDays: 1, from: f, source: 'test 1' } } : s,
      ),
    });

  it('from entering it, said or not; from raising (or reopening), when it says so', () => {
    const thursday = '2026-03-26T17:00:00+00:00';
    expect(stageDueAt(fiveStagePolicy, 1, enteredAt, raisedAt, calendar)).toBe(thursday);
    expect(stageDueAt(from('entered'), 1, enteredAt, raisedAt, calendar)).toBe(thursday);
    expect(stageDueAt(from('raised'), 1, enteredAt, raisedAt, calendar)).toBe(
      '2026-03-24T17:00:00+00:00',
    );
  });

  it('from entering it, even where the case entered earlier stages before', () => {
    const clock = { overallFrom: raisedAt, firstEntered: () => raisedAt };
    const thursday = '2026-03-26T17:00:00+00:00';
    expect(stageDueAt(fiveStagePolicy, 1, enteredAt, clock, calendar)).toBe(thursday);
    expect(stageDueAt(from('entered'), 1, enteredAt, clock, calendar)).toBe(thursday);
  });

  it('from an earlier stage, counted from entering this one where nobody says when that was', () => {
    expect(stageDueAt(from({ stage: 'manager' }), 1, enteredAt, raisedAt, calendar)).toBe(
      '2026-03-26T17:00:00+00:00',
    );
  });
});
