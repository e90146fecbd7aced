import { describe, expect, it } from 'vitest';
import { acknowledgedPolicy, fiveStagePolicy } from '../case/testing.js';
import { Policy } from './schema.js';
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
