/**
 * Test support: a policy shaped like fiveStagePolicy whose notification rules name every kind of
 * recipient the outbox treats differently (the raiser, the holders by side, an agency's contact,
 * a role, the chair, the child's CP Chair and IRO), for the tests of who is told of what
 * (src/services/notifications.ts). A child at immediate risk may start at any stage, so a stage
 * can be passed over; the manager stage asks the other side's acknowledgement.
 */
import { fiveStagePolicy } from '../../src/domain/case/testing.js';
import { Policy } from '../../src/domain/policy/schema.js';

const source = 'told-policy';

export const toldPolicy: Policy = Policy.parse({
  ...fiveStagePolicy,
  id: 'told',
  title: 'Who is told of what (test policy)',
  immediateRisk: {
    ...fiveStagePolicy.immediateRisk,
    startAt: { stages: 'any', justificationRequired: false, source },
  },
  stages: fiveStagePolicy.stages.map((stage) =>
    stage.key === 'manager'
      ? {
          ...stage,
          acknowledgement: {
            by: 'other-side',
            within: { workingDays: 1 },
            promptWhenOverdue: true,
            source,
          },
        }
      : stage,
  ),
  notifications: [
    {
      key: 'raised-told',
      on: 'case-raised',
      to: [{ kind: 'raiser' }, { kind: 'holders', side: 'all' }],
      purpose: 'Both sides know a disagreement has been raised',
      source,
    },
    {
      key: 'holders-told',
      on: 'stage-entered',
      stages: ['manager', 'senior-manager', 'chair'],
      to: [{ kind: 'holders', side: 'all' }],
      purpose: 'The holders of the stage',
      source,
    },
    {
      key: 'contact-told',
      on: 'stage-entered',
      stages: ['manager'],
      to: [{ kind: 'agency-contact', side: 'other' }],
      purpose: 'The other agency’s contact for escalations',
      source,
    },
    {
      key: 'managers-named',
      on: 'stage-entered',
      stages: ['manager'],
      to: [{ kind: 'role', role: 'manager', side: 'both' }],
      purpose: 'Every manager of the agencies in the case',
      source,
    },
    {
      key: 'dsl-other',
      on: 'stage-entered',
      stages: ['manager'],
      to: [{ kind: 'role', role: 'dsl', side: 'other' }],
      purpose: 'The other side’s DSL',
      source,
    },
    {
      key: 'cp-chair-told',
      on: 'stage-entered',
      stages: ['manager'],
      childFlags: ['childProtectionPlan', 'lookedAfter'],
      to: [{ kind: 'cp-chair' }, { kind: 'iro' }],
      purpose: 'The CP Chair or IRO must be notified',
      source,
    },
    {
      key: 'chair-told',
      on: 'referred-to-chair',
      to: [{ kind: 'chair' }, { kind: 'holders', side: 'all' }],
      purpose: 'For the attention of the independent chair',
      source,
    },
    {
      key: 'risk-told',
      on: 'immediate-risk',
      to: [{ kind: 'role', role: 'dsl', side: 'raising' }],
      purpose: 'Inform the DSL at once',
      source,
    },
    {
      key: 'outcome-told',
      on: 'outcome',
      to: [{ kind: 'raiser' }],
      purpose: 'The raiser hears the outcome',
      source,
    },
    {
      key: 'acknowledged-told',
      on: 'acknowledged',
      to: [{ kind: 'raiser' }],
      purpose: 'The raiser hears the other side has acknowledged it',
      source,
    },
    {
      key: 'decision-told',
      on: 'decision-recorded',
      to: [{ kind: 'raiser' }],
      purpose: 'The raiser hears the decision',
      source,
    },
  ],
});
