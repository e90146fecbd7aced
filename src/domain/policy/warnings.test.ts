import { describe, expect, it } from 'vitest';
import { acknowledgedPolicy, consultFirstPolicy, fiveStagePolicy } from '../case/testing.js';
import { Policy } from './schema.js';
import { warningsAfter } from './testing.js';
import { policyWarnings } from './warnings.js';

describe('policy warnings: a valid policy that would leave one side untold', () => {
  it('warns when nobody is told a case is raised, and when holders hear nothing of a stage', () => {
    const untold = Policy.parse({
      ...fiveStagePolicy,
      notifications: fiveStagePolicy.notifications.filter((rule) => rule.on !== 'case-raised'),
    });
    const messages = policyWarnings(untold).map((w) => w.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/no rule is "on: case-raised"/);
    expect(messages[1]).toMatch(/no rule tells the holders when a stage begins/);
  });

  it('is silent when the other agency is told at raising and the holders at every stage', () => {
    const told = Policy.parse({
      ...fiveStagePolicy,
      notifications: [
        ...fiveStagePolicy.notifications,
        {
          key: 'other-agency-told',
          on: 'case-raised',
          to: [{ kind: 'agency-contact', side: 'other' }],
          purpose: 'Told',
          source: 'test 2.1',
        },
        {
          key: 'holders-told',
          on: 'stage-entered',
          to: [{ kind: 'holders' }],
          purpose: 'Told',
          source: 'test 2.3',
        },
      ],
    });
    expect(policyWarnings(told)).toEqual([]);
  });
});

describe('policy warnings: an acknowledgement due after its stage (issue 18)', () => {
  const withAck = (workingDays: number) =>
    Policy.parse({
      ...acknowledgedPolicy,
      stages: acknowledgedPolicy.stages.map((st, i) =>
        i === 1
          ? {
              ...st,
              acknowledgement: { by: 'other-side', within: { workingDays }, source: 'test 3.2' },
            }
          : st,
      ),
    });
  const about = (policy: Policy) =>
    policyWarnings(policy).filter((w) => w.path.includes('acknowledgement'));

  it('warns when it is due within more working days than the stage has', () => {
    expect(about(withAck(3))).toEqual([
      {
        path: ['stages', 1, 'acknowledgement', 'within', 'workingDays'],
        message: expect.stringMatching(/^stage "manager" has 2 working days of its own/),
      },
    ]);
  });

  it('is silent when it is due no later than the stage', () => {
    expect(about(withAck(2))).toEqual([]);
    expect(about(acknowledgedPolicy)).toEqual([]);
  });
});

/** The warnings about one part of the five-stage policy changed (it tells no holders at all). */
const warningsOn = (change: Parameters<typeof warningsAfter>[0]) =>
  warningsAfter(change).filter((w) => w.path.length > 1);

describe('policy warnings: the holders told when a stage begins', () => {
  const holdersWarning = (rule: Record<string, unknown>) =>
    warningsAfter((p) => {
      p.notifications?.push({ key: 'told', purpose: 'Told', source: 'test 2.3', ...rule } as never);
    }).filter((w) => /tells the holders/.test(w.message));

  it('only a rule "on: stage-entered" to { kind: holders } tells them', () => {
    expect(holdersWarning({ on: 'stage-entered', to: [{ kind: 'raiser' }] })).toEqual([
      {
        path: ['notifications'],
        message:
          'no rule tells the holders when a stage begins ("on: stage-entered" to { kind: holders }), so the people who now hold the case hear of it only by signing in',
      },
    ]);
    expect(holdersWarning({ on: 'outcome', to: [{ kind: 'holders' }] })).toHaveLength(1);
    expect(
      holdersWarning({ on: 'stage-entered', to: [{ kind: 'raiser' }, { kind: 'holders' }] }),
    ).toEqual([]);
  });

  it('says in full who is not told when a case is raised', () => {
    const untold = warningsAfter((p) => {
      p.notifications = p.notifications?.filter((rule) => rule.on !== 'case-raised');
    });
    expect(untold[0]).toEqual({
      path: ['notifications'],
      message:
        'no rule is "on: case-raised", so nobody at the other agency is told when a disagreement is raised with it (add one to { kind: agency-contact, side: other })',
    });
  });
});

describe('policy warnings: a recipient nobody could be', () => {
  const withFlags = (childFlags?: ('childProtectionPlan' | 'lookedAfter')[]) =>
    warningsOn((p) => {
      const rule = p.notifications?.[1];
      if (rule) rule.childFlags = childFlags;
    });
  const cpChair = {
    path: ['notifications', 1, 'to', 0],
    message:
      'only a child with a Child Protection Plan has a CP Chair, so for other children nobody is told: add "childFlags: [childProtectionPlan]" to the rule, or use another recipient',
  };
  const iro = {
    path: ['notifications', 1, 'to', 1],
    message:
      'only a Looked After Child has an Independent Reviewing Officer, so for other children nobody is told: add "childFlags: [lookedAfter]" to the rule, or use another recipient',
  };

  it('a CP Chair for a child with no Child Protection Plan, an IRO for a child not Looked After', () => {
    expect(withFlags(['childProtectionPlan', 'lookedAfter'])).toEqual([]);
    expect(withFlags(['lookedAfter'])).toEqual([cpChair]);
    expect(withFlags(['childProtectionPlan'])).toEqual([iro]);
    expect(withFlags(undefined)).toEqual([cpChair, iro]);
  });

  it("the partnership's holders at a stage the partnership does not hold", () => {
    const partnershipHolders = (rule: Record<string, unknown>) =>
      warningsOn((p) => {
        p.notifications = [
          {
            key: 'partnership-told',
            to: [{ kind: 'holders', side: 'partnership' }],
            purpose: 'Told',
            source: 'test 2.8',
            ...rule,
          } as never,
        ];
      });
    expect(partnershipHolders({ on: 'stage-entered', stages: ['manager', 'director'] })).toEqual([
      {
        path: ['notifications', 0, 'to', 0],
        message:
          'the partnership holds only the chair\'s stage ("chair"), so at the stages this rule names nobody is told: use { kind: partnership-team }',
      },
    ]);
    expect(partnershipHolders({ on: 'stage-entered', stages: ['director', 'chair'] })).toEqual([]);
    // the holders of one side, at stages that side holds, are told
    const oneSide = warningsOn((p) => {
      p.notifications = [
        {
          key: 'raising-holders-told',
          on: 'stage-entered',
          stages: ['manager'],
          to: [{ kind: 'holders', side: 'raising' }],
          purpose: 'Told',
          source: 'test 2.8',
        },
      ];
    });
    expect(oneSide).toEqual([]);
    expect(partnershipHolders({ on: 'stage-entered' })).toEqual([]);
    expect(partnershipHolders({ on: 'outcome' })).toEqual([]);
  });
});

describe("policy warnings: a timescale that makes a stage's own days unusable", () => {
  it('the overall timescale over the stages it lists, from their own number of days', () => {
    const warnings = warningsOn((p) => {
      p.overallTimescale = { workingDays: 2, stages: ['professional', 'manager'], source: 't 1' };
    });
    expect(warnings).toEqual([
      {
        path: ['stages', 1, 'timescale', 'workingDays'],
        message:
          'stage "manager" has 2 working days of its own, but the overall timescale of 2 working days, counted from raising, always ends first: its own days can never be used. Give it fewer days, or leave it out of "overallTimescale.stages"',
      },
    ]);
  });

  it('an overall timescale listing no stages does not cap a stage with as many days or more', () => {
    const warnings = warningsOn((p) => {
      p.overallTimescale = { workingDays: 3, source: 't 1' };
    });
    expect(warnings).toEqual([
      {
        path: ['stages', 4, 'timescale', 'workingDays'],
        message:
          'stage "chair" has 3 working days of its own, as many as or more than the overall timescale\'s 3, so the overall timescale does not cap it: it keeps its own days. To say which stages share the overall timescale, list them in "overallTimescale.stages"',
      },
    ]);
    expect(
      warningsOn((p) => {
        p.overallTimescale = { description: 'promptly', source: 't 1' };
      }),
    ).toEqual([]);
  });

  it('a shared timescale over a stage with as many days of its own', () => {
    const warnings = warningsOn((p) => {
      p.sharedTimescales = [
        { key: 'middle', stages: ['professional', 'manager'], workingDays: 2, source: 't 1' },
      ];
    });
    expect(warnings).toEqual([
      {
        path: ['stages', 1, 'timescale', 'workingDays'],
        message:
          'stage "manager" has 2 working days of its own, but the shared timescale "middle" of 2 working days always ends first: its own days can never be used',
      },
    ]);
  });
});

describe('policy warnings: the words of an acknowledgement due after its stage', () => {
  it('says how many days each has, and what to write instead', () => {
    const warnings = warningsOn((p) => {
      const stage = p.stages[1];
      if (stage)
        stage.acknowledgement = { by: 'other-side', within: { workingDays: 3 }, source: 't 3' };
    });
    expect(warnings).toEqual([
      {
        path: ['stages', 1, 'acknowledgement', 'within', 'workingDays'],
        message:
          'stage "manager" has 2 working days of its own, and its acknowledgement is due within 3: the stage falls due before the other side need acknowledge it. Give the acknowledgement fewer days, or "hours" or "immediately"',
      },
    ]);
    expect(
      warningsOn((p) => {
        const stage = p.stages[1];
        if (stage)
          stage.acknowledgement = { by: 'other-side', within: { hours: 40 }, source: 't 3' };
      }),
    ).toEqual([]);
  });
});

describe('policy warnings: stages that set no number of days', () => {
  it('a stage with no days of its own is never cut short, nor due before its acknowledgement', () => {
    const undated = Policy.parse({
      ...consultFirstPolicy,
      overallTimescale: { workingDays: 2, source: 'test 3' },
      sharedTimescales: [
        { key: 'both', stages: ['professional', 'manager'], workingDays: 2, source: 'test 3' },
      ],
      stages: consultFirstPolicy.stages.map((st, i) =>
        i === 1
          ? {
              ...st,
              acknowledgement: { by: 'other-side', within: { workingDays: 3 }, source: 'test 3' },
            }
          : st,
      ),
    });
    expect(policyWarnings(undated).filter((w) => w.path[0] === 'stages')).toEqual([]);
  });
});
