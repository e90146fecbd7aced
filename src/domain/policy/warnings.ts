/**
 * Warnings on a valid policy: what it may say but probably should not (nobody told at raising,
 * a recipient nobody can be, a timescale whose own days can never be used). `policy validate`
 * and `policy add` print them after "valid"; they never refuse a file.
 */
import type { PolicyIssue } from './checks.js';
import type { Policy } from './schema.js';

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
  warnings.push(
    ...recipientWarnings(policy),
    ...timescaleWarnings(policy),
    ...acknowledgementWarnings(policy),
  );
  return warnings;
}

/**
 * An acknowledgement due after the stage itself (issue 18): the stage's time is over before the
 * other side need even acknowledge it, which no procedure means.
 */
function acknowledgementWarnings(policy: Policy): PolicyIssue[] {
  return policy.stages.flatMap((stage, i): PolicyIssue[] => {
    const within = stage.acknowledgement?.within.workingDays;
    const own = stage.timescale?.workingDays;
    if (within === undefined || own === undefined || within <= own) return [];
    return [
      {
        path: ['stages', i, 'acknowledgement', 'within', 'workingDays'],
        message: `stage "${stage.key}" has ${own} working days of its own, and its acknowledgement is due within ${within}: the stage falls due before the other side need acknowledge it. Give the acknowledgement fewer days, or "hours" or "immediately"`,
      },
    ];
  });
}

/** Recipients that, as written, nobody could be. */
function recipientWarnings(policy: Policy): PolicyIssue[] {
  const warnings: PolicyIssue[] = [];
  const finalKey = policy.finalRoute.stage;
  policy.notifications.forEach((rule, i) => {
    rule.to.forEach((recipient, j) => {
      const path = ['notifications', i, 'to', j];
      if (recipient.kind === 'cp-chair' && !rule.childFlags?.includes('childProtectionPlan')) {
        warnings.push({
          path,
          message:
            'only a child with a Child Protection Plan has a CP Chair, so for other children nobody is told: add "childFlags: [childProtectionPlan]" to the rule, or use another recipient',
        });
      }
      if (recipient.kind === 'iro' && !rule.childFlags?.includes('lookedAfter')) {
        warnings.push({
          path,
          message:
            'only a Looked After Child has an Independent Reviewing Officer, so for other children nobody is told: add "childFlags: [lookedAfter]" to the rule, or use another recipient',
        });
      }
      if (
        // only a rule "on: stage-entered" names stages (checks.ts)
        rule.stages !== undefined &&
        !rule.stages.includes(finalKey) &&
        // Stryker disable next-line ConditionalExpression: equivalent when true, because only holders have the side "partnership"
        recipient.kind === 'holders' &&
        recipient.side === 'partnership'
      ) {
        warnings.push({
          path,
          message: `the partnership holds only the chair's stage ("${finalKey}"), so at the stages this rule names nobody is told: use { kind: partnership-team }`,
        });
      }
    });
  });
  return warnings;
}

/** Timescales that leave a stage's own working days unusable, or cover less than expected. */
function timescaleWarnings(policy: Policy): PolicyIssue[] {
  const warnings: PolicyIssue[] = [];
  const overall = policy.overallTimescale;
  policy.stages.forEach((stage, i) => {
    // a stage with no days of its own has none to lose: 0 is fewer than any timescale's
    const own = stage.timescale?.workingDays ?? 0;
    const path = ['stages', i, 'timescale', 'workingDays'];
    if (overall?.workingDays && overall.stages?.includes(stage.key) && own >= overall.workingDays) {
      warnings.push({
        path,
        message: `stage "${stage.key}" has ${own} working days of its own, but the overall timescale of ${overall.workingDays} working days, counted from raising, always ends first: its own days can never be used. Give it fewer days, or leave it out of "overallTimescale.stages"`,
      });
    }
    if (overall?.workingDays && !overall.stages && own >= overall.workingDays) {
      warnings.push({
        path,
        message: `stage "${stage.key}" has ${own} working days of its own, as many as or more than the overall timescale's ${overall.workingDays}, so the overall timescale does not cap it: it keeps its own days. To say which stages share the overall timescale, list them in "overallTimescale.stages"`,
      });
    }
    for (const shared of policy.sharedTimescales ?? []) {
      if (shared.stages.includes(stage.key) && own >= shared.workingDays) {
        warnings.push({
          path,
          message: `stage "${stage.key}" has ${own} working days of its own, but the shared timescale "${shared.key}" of ${shared.workingDays} working days always ends first: its own days can never be used`,
        });
      }
    }
  });
  return warnings;
}
