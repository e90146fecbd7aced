/**
 * The policy checks on timescales, stages used only when urgent and acknowledgements
 * (checks.ts): what each names, and the message the author of a policy file reads, in full.
 */
import { describe, expect, it } from 'vitest';
import { issuesAfter, stageOf } from './testing.js';

const STAGES = '(the stages are: professional, manager, senior-manager, director, chair)';
const source = 'test 3';

describe('policy checks: the stages a timescale names', () => {
  it('the overall timescale names stages that exist, or the consultation, and has working days to share', () => {
    expect(
      issuesAfter((p) => {
        p.overallTimescale = { workingDays: 5, stages: ['consultation', 'panel'], source };
      }),
    ).toEqual([
      {
        path: ['overallTimescale', 'stages', 1],
        message: `no stage has the key "panel" (the stages are: professional, manager, senior-manager, director, chair, consultation)`,
      },
    ]);
    expect(
      issuesAfter((p) => {
        p.overallTimescale = { stages: ['professional'], source };
      }),
    ).toEqual([
      {
        path: ['overallTimescale', 'stages'],
        near: ['overallTimescale'],
        message: 'the overall timescale lists stages but sets no "workingDays" for them to share',
      },
    ]);
    expect(
      issuesAfter((p) => {
        p.overallTimescale = { description: 'as soon as possible', source };
      }),
    ).toEqual([]);
  });

  it('"consultation" names a stage only when the policy has that step', () => {
    expect(
      issuesAfter((p) => {
        p.consultation = undefined;
        p.notifications = p.notifications?.filter((rule) => rule.key !== 'dsl-told');
        p.overallTimescale = { workingDays: 5, stages: ['consultation'], source };
      }),
    ).toEqual([
      {
        path: ['overallTimescale', 'stages', 0],
        message: `no stage has the key "consultation" ${STAGES}`,
      },
    ]);
  });

  it('each shared timescale has its own key, and names stages that exist', () => {
    expect(
      issuesAfter((p) => {
        p.sharedTimescales = [
          { key: 'first-two', stages: ['professional', 'manager'], workingDays: 5, source },
          { key: 'first-two', stages: ['director', 'directors'], workingDays: 5, source },
        ];
      }),
    ).toEqual([
      {
        path: ['sharedTimescales', 1, 'key'],
        message: 'the shared timescale key "first-two" is used twice: each needs its own key',
      },
      {
        path: ['sharedTimescales', 1, 'stages', 1],
        message: `no stage has the key "directors" (the stages are: professional, manager, senior-manager, director, chair, consultation)`,
      },
    ]);
  });
});

describe('policy checks: a timescale is one of working days, hours or "immediately"', () => {
  it('names the second one given, on the overall timescale, the consultation and a stage', () => {
    const issues = issuesAfter((p) => {
      p.overallTimescale = { workingDays: 5, hours: 40, source };
      if (p.consultation) p.consultation.timescale = { hours: 4, immediately: true, source };
      stageOf(p, 2).timescale = { workingDays: 2, hours: 8, immediately: true, source };
    });
    const kinds = (given: string) =>
      `a timescale is one of "workingDays", "hours" or "immediately", but this one gives ${given}: keep the one the document says`;
    expect(issues).toEqual([
      { path: ['overallTimescale', 'hours'], message: kinds('"workingDays" and "hours"') },
      {
        path: ['consultation', 'timescale', 'immediately'],
        message: kinds('"hours" and "immediately"'),
      },
      {
        path: ['stages', 2, 'timescale', 'hours'],
        message: kinds('"workingDays" and "hours" and "immediately"'),
      },
    ]);
  });
});

describe('policy checks: what a timescale is counted from', () => {
  it('the overall timescale is counted from raising', () => {
    const from = (value: 'entered' | 'raised') =>
      issuesAfter((p) => {
        p.overallTimescale = { workingDays: 5, from: value, source };
      });
    expect(from('entered')).toEqual([
      {
        path: ['overallTimescale', 'from'],
        message:
          'the overall timescale is counted from when the case is raised: remove "from", or use "sharedTimescales" for a budget that starts at a stage',
      },
    ]);
    expect(from('raised')).toEqual([]);
  });

  it('the consultation comes first, so it is counted from raising (or entering it, the same)', () => {
    const from = (value: 'entered' | 'raised' | 'first-discussion' | { stage: string }) =>
      issuesAfter((p) => {
        if (p.consultation) p.consultation.timescale = { workingDays: 2, from: value, source };
      });
    const comesFirst = [
      {
        path: ['consultation', 'timescale', 'from'],
        message:
          'the consultation step comes first, so its timescale is counted from raising: remove "from"',
      },
    ];
    expect(from('first-discussion')).toEqual(comesFirst);
    expect(from({ stage: 'professional' })).toEqual(comesFirst);
    expect(from('entered')).toEqual([]);
    expect(from('raised')).toEqual([]);
  });

  it('a stage is timed from a stage that exists and comes before it', () => {
    const from = (index: number, stage: string) =>
      issuesAfter((p) => {
        stageOf(p, index).timescale = { workingDays: 5, from: { stage }, source };
      });
    const path = (index: number) => ['stages', index, 'timescale', 'from', 'stage'];
    expect(from(2, 'panel')).toEqual([
      { path: path(2), message: `no stage has the key "panel" ${STAGES}` },
    ]);
    expect(from(2, 'senior-manager')).toEqual([
      {
        path: path(2),
        message:
          'stage "senior-manager" can be timed from an earlier stage only, and "senior-manager" is not before it',
      },
    ]);
    expect(from(2, 'manager')).toEqual([]);
    expect(from(1, 'professional')).toEqual([]);
  });
});

describe('policy checks: a stage used only when the case is urgent', () => {
  it('cannot be the first stage nor the chair’s, each with its reason; a stage between may', () => {
    const issues = issuesAfter((p) => {
      for (const i of [0, 2, 4]) stageOf(p, i).onlyWhenUrgent = { source };
    });
    expect(issues).toEqual([
      {
        path: ['stages', 0, 'onlyWhenUrgent'],
        message:
          'stage "professional" cannot be used only when the case is urgent: every case starts at the first stage. Mark a stage between them instead',
      },
      {
        path: ['stages', 4, 'onlyWhenUrgent'],
        message:
          'stage "chair" cannot be used only when the case is urgent: every case may reach the chair\'s stage. Mark a stage between them instead',
      },
    ]);
  });
});

describe("policy checks: the other side's acknowledgement", () => {
  const due = (within: Record<string, unknown>, index = 1) =>
    issuesAfter((p) => {
      stageOf(p, index).acknowledgement = { by: 'other-side', within, source };
    });
  const path = ['stages', 1, 'acknowledgement', 'within'];

  it('is due in exactly one of working days, hours or "immediately"', () => {
    expect(due({})).toEqual([
      {
        path,
        message:
          'say when the acknowledgement is due: "within: immediately", "within: {workingDays: N}" or "within: {hours: N}"',
      },
    ]);
    expect(due({ hours: 4, immediately: true })).toEqual([
      {
        path,
        message:
          'an acknowledgement is due within one of "workingDays", "hours" or "immediately", but this one gives "hours" and "immediately": keep the one the document says',
      },
    ]);
    expect(due({ hours: 4 })).toEqual([]);
  });

  it("is not asked at the chair's stage, nor at a stage marked final", () => {
    const atChair = [
      {
        path: ['stages', 4, 'acknowledgement'],
        message:
          'an acknowledgement by the other side is not supported at the chair\'s stage ("chair"): the partnership holds it, not a side. Put it on the stage before',
      },
    ];
    expect(due({ workingDays: 1 }, 4)).toEqual(atChair);
    const markedFinal = issuesAfter((p) => {
      stageOf(p, 1).final = true;
      stageOf(p, 1).acknowledgement = { by: 'other-side', within: { hours: 4 }, source };
    });
    expect(markedFinal).toContainEqual({
      path: ['stages', 1, 'acknowledgement'],
      message: expect.stringMatching(/^an acknowledgement by the other side is not supported/),
    });
    // the final route's stage not yet marked final: both problems are named
    const notMarked = issuesAfter((p) => {
      stageOf(p, 4).final = false;
      stageOf(p, 4).acknowledgement = { by: 'other-side', within: { hours: 4 }, source };
    });
    expect(notMarked.map((i) => i.message)).toEqual([
      'an acknowledgement by the other side is not supported at the chair\'s stage ("chair"): the partnership holds it, not a side. Put it on the stage before',
      'stage "chair" is the final route\'s stage, so it must be marked "final: true"',
    ]);
  });
});
