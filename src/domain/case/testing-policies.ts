/**
 * Test support: small policies shaped like the seeds, each rule citing a made-up clause
 * ("test-policy 1.5"), shared by the engine's tests through testing.ts.
 *
 * Longer than 300 lines because it is a table of whole policies, one after another.
 */
import { Policy, type PolicyInput, type Role } from '../policy/schema.js';

const s = (clause: string) => `test-policy ${clause}`;

const immediateRisk: PolicyInput['immediateRisk'] = {
  referral: {
    service: 'Children and Families Hub',
    by: ['frontline', 'manager', 'dsl'],
    source: s('1.5'),
  },
  inform: [{ role: 'dsl', source: s('1.5') }],
  instruction: 'Refer to the Children and Families Hub and tell your DSL at once.',
  source: s('1.5'),
};

const base = {
  version: 1,
  partnership: 'test-partnership',
  scope: 'partnership' as const,
  document: 'test-policy',
  categories: [
    'levels-of-need',
    'roles-and-responsibilities',
    'need-for-action',
    'progressing-plans',
    'communication',
    'other',
  ],
  contacts: {},
  recording: { onChildFile: true, source: s('4.1') },
} satisfies Partial<PolicyInput>;

function stage(key: string, name: string, roles: Role[], workingDays?: number, final = false) {
  return {
    key,
    name,
    guidance: `${name}: discuss the disagreement`,
    participants: { roles, source: s(key) },
    ...(workingDays ? { timescale: { workingDays, source: s(`${key} timescale`) } } : {}),
    final,
    source: s(key),
  };
}

/** Like seed 002: five stages of 1, 2, 2, 2 and 3 working days; business unit at 3 to 5. */
export const fiveStagePolicy: Policy = Policy.parse({
  ...base,
  id: 'five-stage',
  title: 'Five-stage partnership policy',
  consultation: {
    name: 'Consult your manager',
    requirement: 'optional',
    with: ['manager', 'dsl'],
    guidance: 'You may consult your supervisor or manager to clarify your thinking.',
    source: s('1.6'),
  },
  immediateRisk,
  stages: [
    {
      ...stage('professional', 'Professional to professional', ['frontline'], 1),
      guidance: 'The people who disagree discuss the problem.',
    },
    {
      ...stage('manager', 'Manager to manager', ['manager'], 2),
      guidance: 'Managers in each agency discuss the disagreement.',
    },
    stage('senior-manager', 'Senior manager to senior manager', ['senior-manager'], 2),
    stage('director', 'Director to director', ['director'], 2),
    stage('chair', 'Resolution by the partnership chair', ['chair'], 3, true),
  ],
  notifications: [
    {
      key: 'business-unit',
      on: 'stage-entered',
      stages: ['senior-manager', 'director', 'chair'],
      to: [{ kind: 'business-unit' }],
      purpose: 'Escalation notification to the business manager',
      source: s('2.8'),
    },
    {
      key: 'cp-chair-or-iro',
      on: 'stage-entered',
      stages: ['manager'],
      childFlags: ['childProtectionPlan', 'lookedAfter'],
      to: [{ kind: 'cp-chair' }, { kind: 'iro' }],
      purpose: 'The CP Chair or IRO must be notified',
      source: s('2.5'),
    },
    {
      key: 'dsl-told',
      on: 'immediate-risk',
      to: [{ kind: 'role', role: 'dsl', side: 'raising' }],
      purpose: 'Inform the DSL at once',
      source: s('1.5'),
    },
    {
      key: 'raiser-told',
      on: 'outcome',
      to: [{ kind: 'raiser' }],
      purpose: 'Tell the worker who raised the concern the outcome',
      source: s('4.1'),
    },
    {
      key: 'chair-referral',
      on: 'referred-to-chair',
      to: [{ kind: 'chair' }, { kind: 'business-unit' }],
      purpose: 'For the attention of the independent chair',
      source: s('2.16'),
    },
    {
      key: 'panel',
      on: 'panel-convened',
      to: [{ kind: 'board-member' }],
      purpose: 'A Resolution Panel has been convened',
      source: s('2.17'),
    },
    {
      key: 'decision',
      on: 'decision-recorded',
      to: [{ kind: 'raiser' }, { kind: 'role', role: 'manager', side: 'other' }],
      purpose: 'The decision',
      source: s('2.18'),
    },
    {
      key: 'record-shared',
      on: 'action-recorded',
      to: [{ kind: 'raiser' }],
      purpose: 'Every action, shared with the raiser',
      source: s('4.1'),
    },
    {
      key: 'raised',
      on: 'case-raised',
      to: [{ kind: 'role', role: 'manager', side: 'both' }],
      purpose: 'A disagreement has been raised',
      source: s('2.2'),
    },
  ],
  finalRoute: {
    stage: 'chair',
    panel: {
      minAgencies: 3,
      membership: 'executive',
      includeDisputingAgencies: 'always',
      decides: 'resolution',
      source: s('2.17'),
    },
    decisionBinding: true,
    source: s('2.15'),
  },
} satisfies PolicyInput);

/** Like seed 003: consult first, answering questions; three stages; no timescales. */
export const consultFirstPolicy: Policy = Policy.parse({
  ...base,
  id: 'consult-first',
  title: 'Consult-first pre-school policy',
  consultation: {
    name: 'Consult your supervisor',
    requirement: 'required',
    with: ['manager', 'dsl'],
    guidance: 'Consult a supervisor or manager to identify the problem.',
    questions: [
      {
        key: 'problem',
        text: 'What exactly is the disagreement about?',
        field: 'disagreement',
        source: s('pre'),
      },
      {
        key: 'aims',
        text: 'What do you aim to achieve?',
        field: 'outcomeSought',
        source: s('pre'),
      },
    ],
    source: s('pre'),
  },
  immediateRisk: {
    ...immediateRisk,
    startAt: { stages: 'any', source: s('risk') },
  },
  stages: [
    stage('professional', 'Professional to professional', ['frontline']),
    stage('manager', 'Manager to manager', ['manager']),
    stage('chair', 'Referral to the chair via the partnership', ['chair'], undefined, true),
  ],
  notifications: [
    {
      key: 'cp-chair',
      on: 'stage-entered',
      stages: ['manager'],
      childFlags: ['childProtectionPlan'],
      to: [{ kind: 'cp-chair' }],
      purpose: 'The CP Chair',
      source: s('2'),
    },
  ],
  finalRoute: {
    stage: 'chair',
    panel: {
      minAgencies: 2,
      membership: 'any',
      includeDisputingAgencies: 'where-possible',
      decides: 'next-course-of-action',
      source: s('3'),
    },
    decisionBinding: false,
    source: s('3'),
  },
} satisfies PolicyInput);

/** Like seed 004: pre-escalation discussion, four stages, imminent risk goes to stage 1 at once. */
export const preEscalationPolicy: Policy = Policy.parse({
  ...base,
  id: 'pre-escalation',
  title: 'Pre-escalation partnership policy',
  consultation: {
    name: 'Pre-escalation: professional discussion',
    requirement: 'required',
    with: ['frontline', 'manager'],
    guidance: 'Professionals try to resolve the difference through discussion.',
    timescale: { description: 'a timescale that protects the child', source: s('pre') },
    source: s('pre'),
  },
  immediateRisk: { ...immediateRisk, skipConsultation: { source: s('pre') } },
  stages: [
    stage('senior-staff', 'Senior staff', ['manager']),
    stage('escalation-manager', 'Escalation manager', ['senior-manager']),
    stage('senior-management', 'Senior management', ['director']),
    stage('chair', 'Chair of the board', ['chair'], undefined, true),
  ],
  notifications: [
    {
      key: 'outcome',
      on: 'outcome',
      to: [{ kind: 'raiser' }, { kind: 'role', role: 'manager', side: 'both' }],
      purpose: 'The outcome',
      source: s('4'),
    },
  ],
  finalRoute: {
    stage: 'chair',
    decisionBinding: true,
    chairMayResolveDirectly: true,
    source: s('4'),
  },
} satisfies PolicyInput);

/**
 * Like fiveStagePolicy, with the other side's acknowledgement asked at the first three stages
 * ("within 1 working day", "immediately", "within 24 hours"; issue 18, item 7), and the raiser
 * told when it is given.
 */
export const acknowledgedPolicy: Policy = Policy.parse({
  ...fiveStagePolicy,
  id: 'acknowledged',
  title: 'Five-stage policy with acknowledgements',
  stages: fiveStagePolicy.stages.map((st, i) => {
    const within = [{ workingDays: 1 }, 'immediately', { hours: 24 }][i];
    return within === undefined
      ? st
      : {
          ...st,
          acknowledgement: {
            by: 'other-side',
            within,
            promptWhenOverdue: true,
            source: s(`${st.key} acknowledgement`),
          },
        };
  }),
  notifications: [
    ...fiveStagePolicy.notifications,
    {
      key: 'acknowledgement-told',
      on: 'acknowledged',
      to: [{ kind: 'raiser' }, { kind: 'holders', side: 'raising' }],
      purpose: 'The agency that raised the disagreement knows it has been acknowledged.',
      source: s('acknowledgement'),
    },
  ],
});

/**
 * Like fiveStagePolicy, with an agreed action plan required at resolution, a reminder 1 working
 * day before each action is due, and an overdue prompt (issue 18, item 8).
 */
export const plannedPolicy: Policy = Policy.parse({
  ...fiveStagePolicy,
  id: 'planned',
  title: 'Five-stage policy with an agreed action plan',
  actionPlan: {
    atResolution: 'required',
    reminderBefore: { workingDays: 1 },
    source: s('action plan'),
  },
});
