/**
 * Semantic checks on a policy that the schema alone cannot make: references between fields
 * (stage keys, roles, the final route) and rules that could never be met. Pure; every problem
 * is reported, not just the first.
 *
 * Longer than 300 lines because it is a list: every check across a policy's fields, in the order a
 * reader meets them in the file. What a valid policy probably should not say is in warnings.ts.
 */
import type { PolicyPath } from './path.js';
import type { Policy, Role, Timescale } from './schema.js';
import { sectorHolderIssues } from './sector-holders.js';

export interface PolicyIssue {
  path: PolicyPath;
  message: string;
  /** where to point in the file when `path` itself is absent from it (e.g. a missing key) */
  near?: PolicyPath;
}

type Check = (policy: Policy) => PolicyIssue[];

const duplicateStageKeys: Check = (policy) => {
  const seen = new Set<string>();
  const issues: PolicyIssue[] = [];
  policy.stages.forEach((stage, i) => {
    if (seen.has(stage.key)) {
      issues.push({
        path: ['stages', i, 'key'],
        message: `stage key "${stage.key}" is used by an earlier stage: each stage needs its own key`,
      });
    }
    seen.add(stage.key);
  });
  return issues;
};

function stageKeys(policy: Policy): Set<string> {
  return new Set(policy.stages.map((stage) => stage.key));
}

function unknownStage(key: string, policy: Policy): string {
  const known = policy.stages.map((stage) => stage.key).join(', ');
  return `no stage has the key "${key}" (the stages are: ${known})`;
}

const notificationStages: Check = (policy) => {
  const keys = stageKeys(policy);
  const issues: PolicyIssue[] = [];
  policy.notifications.forEach((rule, i) => {
    if (rule.stages && rule.on !== 'stage-entered') {
      issues.push({
        path: ['notifications', i, 'stages'],
        message: `"stages" applies only to rules "on: stage-entered", not "on: ${rule.on}"`,
      });
    }
    rule.stages?.forEach((key, j) => {
      if (!keys.has(key)) {
        issues.push({
          path: ['notifications', i, 'stages', j],
          message: unknownStage(key, policy),
        });
      }
    });
  });
  return issues;
};

function involvedRoles(policy: Policy): Set<Role> {
  const roles = new Set<Role>(policy.consultation?.with);
  for (const stage of policy.stages) for (const role of stage.participants.roles) roles.add(role);
  return roles;
}

/** Roles held in the partnership, not at an agency: a role recipient of these looks there. */
const PARTNERSHIP_ROLES: ReadonlySet<Role> = new Set<Role>(['partnership-team', 'chair']);

const notificationRoles: Check = (policy) => {
  const involved = involvedRoles(policy);
  const issues: PolicyIssue[] = [];
  policy.notifications.forEach((rule, i) => {
    rule.to.forEach((recipient, j) => {
      if (recipient.kind !== 'role') return;
      if (recipient.role === 'administrator') {
        issues.push({
          path: ['notifications', i, 'to', j, 'role'],
          message:
            'administrators run Escalate and never see cases, so nobody would be told: use { kind: partnership-team } for the partnership team, or { kind: business-unit } for its mailbox',
        });
      } else if (!PARTNERSHIP_ROLES.has(recipient.role) && !involved.has(recipient.role)) {
        issues.push({
          path: ['notifications', i, 'to', j, 'role'],
          message: `no stage (nor the consultation) involves the role "${recipient.role}", so nobody would receive this notification`,
        });
      }
    });
  });
  return issues;
};

const finalRoute: Check = (policy) => {
  const path = ['finalRoute', 'stage'];
  const key = policy.finalRoute.stage;
  const index = policy.stages.findIndex((stage) => stage.key === key);
  if (index < 0) return [{ path, message: unknownStage(key, policy) }];
  const issues: PolicyIssue[] = [];
  if (index !== policy.stages.length - 1) {
    issues.push({
      path,
      // Stryker disable next-line OptionalChaining: equivalent, because the schema asks for at least one stage
      message: `the final route's stage "${key}" must be the last stage, but stage "${policy.stages.at(-1)?.key}" follows it`,
    });
  }
  // Stryker disable next-line OptionalChaining: equivalent, because index is that of a stage found above
  if (!policy.stages[index]?.final) {
    issues.push({
      path,
      message: `stage "${key}" is the final route's stage, so it must be marked "final: true"`,
    });
  }
  policy.stages.forEach((stage, i) => {
    if (stage.final && stage.key !== key) {
      issues.push({
        path: ['stages', i, 'final'],
        message: `only the final route's stage ("${key}") may be marked final`,
      });
    }
  });
  return issues;
};

const immediateRiskStages: Check = (policy) => {
  const startAt = policy.immediateRisk.startAt;
  if (!startAt || startAt.stages === 'any') return [];
  const keys = stageKeys(policy);
  return startAt.stages.flatMap((key, j) =>
    keys.has(key)
      ? []
      : [{ path: ['immediateRisk', 'startAt', 'stages', j], message: unknownStage(key, policy) }],
  );
};

const panel: Check = (policy) => {
  const rule = policy.finalRoute.panel;
  if (!rule) return [];
  const issues: PolicyIssue[] = [];
  if (rule.includeDisputingAgencies === 'always' && rule.minAgencies < 2) {
    issues.push({
      path: ['finalRoute', 'panel', 'minAgencies'],
      message: `a panel that must include the disputing agencies needs at least 2 agencies (a dispute always has two), not ${rule.minAgencies}`,
    });
  }
  const finalStage = policy.stages.find((stage) => stage.key === policy.finalRoute.stage);
  if (finalStage && !finalStage.participants.roles.includes('chair')) {
    issues.push({
      path: ['finalRoute', 'panel'],
      message: `a Resolution Panel is convened by the chair, but the final stage "${finalStage.key}" does not involve the role "chair"`,
    });
  }
  return issues;
};

const adapts: Check = (policy) => {
  if (policy.scope === 'partnership' && policy.adapts !== undefined) {
    return [
      {
        path: ['adapts'],
        message: `a partnership's own policy adapts no other: remove "adapts", or use "scope: agency"`,
      },
    ];
  }
  if (policy.scope === 'agency' && policy.adapts === undefined) {
    return [
      {
        path: ['adapts'],
        near: ['scope'],
        message: `an agency's local version must name the partnership policy it adapts in "adapts"`,
      },
    ];
  }
  return [];
};

const adoptionDates: Check = (policy) => {
  const adoption = policy.adoption;
  if (!adoption?.adoptedOn || !adoption.reviewOn) return [];
  if (adoption.reviewOn >= adoption.adoptedOn) return [];
  return [
    {
      path: ['adoption', 'reviewOn'],
      message: `the review date ${adoption.reviewOn} is before the adoption date ${adoption.adoptedOn}`,
    },
  ];
};

/** The keys a timescale may name: the stages', and `consultation` when there is that step. */
function timedKeys(policy: Policy): Set<string> {
  const keys = stageKeys(policy);
  if (policy.consultation) keys.add('consultation');
  return keys;
}

const timescaleStages: Check = (policy) => {
  const keys = timedKeys(policy);
  const issues: PolicyIssue[] = [];
  const known = [...keys].join(', ');
  policy.overallTimescale?.stages?.forEach((key, j) => {
    if (!keys.has(key))
      issues.push({
        path: ['overallTimescale', 'stages', j],
        message: `no stage has the key "${key}" (the stages are: ${known})`,
      });
  });
  if (policy.overallTimescale?.stages && !policy.overallTimescale.workingDays) {
    issues.push({
      path: ['overallTimescale', 'stages'],
      near: ['overallTimescale'],
      message: 'the overall timescale lists stages but sets no "workingDays" for them to share',
    });
  }
  const seen = new Set<string>();
  policy.sharedTimescales?.forEach((shared, i) => {
    if (seen.has(shared.key))
      issues.push({
        path: ['sharedTimescales', i, 'key'],
        message: `the shared timescale key "${shared.key}" is used twice: each needs its own key`,
      });
    seen.add(shared.key);
    shared.stages.forEach((key, j) => {
      if (!keys.has(key))
        issues.push({
          path: ['sharedTimescales', i, 'stages', j],
          message: `no stage has the key "${key}" (the stages are: ${known})`,
        });
    });
  });
  return issues;
};

/** A timescale is working days, hours or "immediately": one of them, not several. */
const timescaleKinds: Check = (policy) => {
  const timescales: [PolicyPath, Timescale | undefined][] = [
    [['overallTimescale'], policy.overallTimescale],
    [['consultation', 'timescale'], policy.consultation?.timescale],
    ...policy.stages.map((stage, i): [PolicyPath, Timescale | undefined] => [
      ['stages', i, 'timescale'],
      stage.timescale,
    ]),
  ];
  return timescales.flatMap(([path, timescale]) => {
    if (!timescale) return [];
    const given = (['workingDays', 'hours', 'immediately'] as const).filter(
      (key) => timescale[key] !== undefined,
    );
    return given.length > 1
      ? [
          {
            path: [...path, given[1] as string],
            message: `a timescale is one of "workingDays", "hours" or "immediately", but this one gives ${given.map((g) => `"${g}"`).join(' and ')}: keep the one the document says`,
          },
        ]
      : [];
  });
};

/** What a timescale is counted from must exist, and come first. */
const timescaleFrom: Check = (policy) => {
  const issues: PolicyIssue[] = [];
  const overallFrom = policy.overallTimescale?.from;
  if (overallFrom !== undefined && overallFrom !== 'raised') {
    issues.push({
      path: ['overallTimescale', 'from'],
      message:
        'the overall timescale is counted from when the case is raised: remove "from", or use "sharedTimescales" for a budget that starts at a stage',
    });
  }
  const consultationFrom = policy.consultation?.timescale?.from;
  if (
    consultationFrom !== undefined &&
    consultationFrom !== 'entered' &&
    consultationFrom !== 'raised'
  ) {
    issues.push({
      path: ['consultation', 'timescale', 'from'],
      message:
        'the consultation step comes first, so its timescale is counted from raising: remove "from"',
    });
  }
  policy.stages.forEach((stage, i) => {
    const from = stage.timescale?.from;
    if (typeof from !== 'object') return;
    const index = policy.stages.findIndex((s) => s.key === from.stage);
    const path = ['stages', i, 'timescale', 'from', 'stage'];
    if (index < 0) issues.push({ path, message: unknownStage(from.stage, policy) });
    else if (index >= i)
      issues.push({
        path,
        message: `stage "${stage.key}" can be timed from an earlier stage only, and "${from.stage}" is not before it`,
      });
  });
  return issues;
};

/** Every case starts at stage 1 and may reach the chair: neither can be for urgent cases only. */
const urgentOnlyStages: Check = (policy) =>
  policy.stages.flatMap((stage, i) =>
    stage.onlyWhenUrgent && (i === 0 || stage.key === policy.finalRoute.stage)
      ? [
          {
            path: ['stages', i, 'onlyWhenUrgent'],
            message: `stage "${stage.key}" cannot be used only when the case is urgent: every case ${i === 0 ? 'starts at the first stage' : "may reach the chair's stage"}. Mark a stage between them instead`,
          },
        ]
      : [],
  );

/**
 * An acknowledgement is due in one of working days, hours or "immediately", and is asked of the
 * other side at a working stage: the chair's stage is held by the partnership, not by a side.
 */
const acknowledgements: Check = (policy) =>
  policy.stages.flatMap((stage, i): PolicyIssue[] => {
    const ack = stage.acknowledgement;
    if (!ack) return [];
    const path = ['stages', i, 'acknowledgement'];
    const given = (['workingDays', 'hours', 'immediately'] as const).filter(
      (key) => ack.within[key] !== undefined,
    );
    const issues: PolicyIssue[] = [];
    if (given.length !== 1) {
      issues.push({
        path: [...path, 'within'],
        message:
          given.length === 0
            ? 'say when the acknowledgement is due: "within: immediately", "within: {workingDays: N}" or "within: {hours: N}"'
            : `an acknowledgement is due within one of "workingDays", "hours" or "immediately", but this one gives ${given.map((g) => `"${g}"`).join(' and ')}: keep the one the document says`,
      });
    }
    if (stage.key === policy.finalRoute.stage || stage.final) {
      issues.push({
        path,
        message: `an acknowledgement by the other side is not supported at the chair's stage ("${stage.key}"): the partnership holds it, not a side. Put it on the stage before`,
      });
    }
    return issues;
  });

const CHECKS: readonly Check[] = [
  urgentOnlyStages,
  acknowledgements,
  timescaleKinds,
  timescaleFrom,
  timescaleStages,
  duplicateStageKeys,
  notificationStages,
  notificationRoles,
  finalRoute,
  immediateRiskStages,
  panel,
  adapts,
  adoptionDates,
  // issue 18 item 6: a stage held outside the raiser's line, by sector (sector-holders.ts)
  sectorHolderIssues,
];

/** Every semantic problem in a policy that has already passed the schema. */
export function checkPolicy(policy: Policy): PolicyIssue[] {
  return CHECKS.flatMap((check) => check(policy));
}
