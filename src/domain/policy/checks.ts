/**
 * Semantic checks on a policy that the schema alone cannot make: references between fields
 * (stage keys, roles, the final route) and rules that could never be met. Pure; every problem
 * is reported, not just the first.
 */
import type { PolicyPath } from './path.js';
import type { Policy, Role } from './schema.js';

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
  const roles = new Set<Role>(policy.consultation?.with ?? []);
  for (const stage of policy.stages) for (const role of stage.participants.roles) roles.add(role);
  return roles;
}

const notificationRoles: Check = (policy) => {
  const involved = involvedRoles(policy);
  const issues: PolicyIssue[] = [];
  policy.notifications.forEach((rule, i) => {
    rule.to.forEach((recipient, j) => {
      if (recipient.kind === 'role' && !involved.has(recipient.role)) {
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
      message: `the final route's stage "${key}" must be the last stage, but stage "${policy.stages.at(-1)?.key}" follows it`,
    });
  }
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

const CHECKS: readonly Check[] = [
  duplicateStageKeys,
  notificationStages,
  notificationRoles,
  finalRoute,
  immediateRiskStages,
  panel,
  adapts,
  adoptionDates,
];

/** Every semantic problem in a policy that has already passed the schema. */
export function checkPolicy(policy: Policy): PolicyIssue[] {
  return CHECKS.flatMap((check) => check(policy));
}

/**
 * What a policy may say but probably should not: the file is valid, and `policy validate`
 * prints these after "valid". A disagreement has two sides, and both must be told.
 */
export function policyWarnings(policy: Policy): PolicyIssue[] {
  const warnings: PolicyIssue[] = [];
  if (!policy.notifications.some((rule) => rule.on === 'case-raised')) {
    warnings.push({
      path: ['notifications'],
      message:
        'no rule is "on: case-raised", so nobody at the other agency is told when a disagreement is raised with it (add one to { kind: agency-contact, side: other })',
    });
  }
  const holdersTold = policy.notifications.some(
    (rule) => rule.on === 'stage-entered' && rule.to.some((to) => to.kind === 'holders'),
  );
  if (!holdersTold) {
    warnings.push({
      path: ['notifications'],
      message:
        'no rule tells the holders when a stage begins ("on: stage-entered" to { kind: holders }), so the people who now hold the case hear of it only by signing in',
    });
  }
  return warnings;
}
