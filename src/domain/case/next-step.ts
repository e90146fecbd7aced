/** "What happens next, and by when", in plain English, from the policy. */
import { DateTime } from 'luxon';
import { memoize } from '../memo.js';
import type { Policy } from '../policy/schema.js';
import { finalStageNumber, nextStageNumber, stageAt, stageRef } from './stages.js';
import type { CaseState } from './state.js';

export interface NextStep {
  text: string;
  dueAt: string | null;
  overdue: boolean;
}

/** e.g. "5pm on Monday 30 March 2026" (Europe/London). */
export const formatDue = memoize((iso: string): string => {
  const t = DateTime.fromISO(iso).setZone('Europe/London').setLocale('en-GB');
  const time =
    (t.minute === 0 ? t.toFormat('h') : t.toFormat('h:mm')) + t.toFormat('a').toLowerCase();
  return `${time} on ${t.toFormat('cccc d LLLL yyyy')}`;
});

function byWhen(dueAt: string | null, then: string): string {
  return dueAt
    ? `If it is not resolved by ${formatDue(dueAt)}, ${then}`
    : `If it is not resolved, ${then}`;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function closedText(state: CaseState, policy: Policy): string {
  const at = `at stage ${state.stage.number}: ${state.stage.name}`;
  switch (state.status) {
    case 'resolved':
      return `Resolved ${at}. Record the agreed actions on the child's file. Nothing more is due unless the case is reopened.`;
    case 'withdrawn':
      return `Withdrawn ${at}. Nothing more is due unless the case is reopened.`;
    default:
      // the decision recorded binding exactly when the case's policy makes it so (decide-final.ts)
      return policy.finalRoute.decisionBinding
        ? "Decided. The chair's decision is final and binding: record it on the child's file."
        : "Decided. Record the decision on the child's file; the case may be reopened if it is not carried out.";
  }
}

function openText(state: CaseState, policy: Policy): string {
  const { number, dueAt } = state.stage;
  const final = finalStageNumber(policy);
  if (number === 0) {
    const first = stageRef(policy, 1).name;
    // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, because a case is at stage 0 only under a policy with a consultation
    const guidance = policy.consultation?.guidance ?? 'Consult before escalating.';
    const by = dueAt ? ` Record it by ${formatDue(dueAt)}.` : '';
    // Stryker disable next-line OptionalChaining: equivalent, because a case is at stage 0 only under a policy with a consultation
    if (policy.consultation?.discussWith === 'other-agency') {
      const done = state.consultationDone
        ? 'The discussion has been recorded: resolve the disagreement if it settled it, or escalate'
        : 'Record the discussion with the other agency, then resolve the disagreement if it settled it, or escalate';
      return `${sentence(guidance)} ${done} to stage 1: ${first}.${by}`;
    }
    return `${sentence(guidance)} When the consultation is recorded, the case moves to stage 1: ${first}.${by}`;
  }
  if (number >= final) {
    const route = policy.finalRoute;
    const panel = state.panel;
    const how = panel?.proposal
      ? `A decision has been put to the Resolution Panel: ${panel.proposal.agreed.length} of ${panel.members.length} members have agreed it. It counts once every member has.`
      : panel
        ? // Stryker disable next-line OptionalChaining: equivalent, because a panel is convened only under a policy with one
          route.panel?.receivesRepresentations === false
          ? 'The Resolution Panel decides; the chair records the decision.'
          : 'The Resolution Panel receives representations and decides; the chair records the decision.'
        : route.panel && route.chairMayResolveDirectly
          ? 'The chair resolves it directly or convenes a Resolution Panel, then records the decision.'
          : route.panel
            ? 'The chair convenes a Resolution Panel, which decides.'
            : 'The chair resolves it and records the decision.';
    const binding = route.decisionBinding ? ' The decision is final and binding.' : '';
    const due = dueAt ? ` Due by ${formatDue(dueAt)}.` : '';
    // the policy's own words for the chair's stage often say the same as `how` (resolve directly
    // or convene a panel): say it once, in the engine's words, which follow the panel's state
    return `${how}${binding}${due}`;
  }
  // Stryker disable next-line OptionalChaining: equivalent, because every stage from 1 to the chair's exists
  const guidance = sentence(stageAt(policy, number)?.guidance ?? state.stage.name);
  const nextNumber = nextStageNumber(policy, number, state.immediateRisk);
  const next = stageRef(policy, nextNumber).name;
  const then =
    nextNumber === final
      ? `refer it to the chair (stage ${nextNumber}: ${next}).`
      : `escalate to stage ${nextNumber}: ${next}.`;
  return `${guidance} ${byWhen(dueAt, then)}`;
}

export function nextStep(state: CaseState, policy: Policy, now: string): NextStep {
  if (state.status !== 'open') {
    return { text: closedText(state, policy), dueAt: null, overdue: false };
  }
  const dueAt = state.stage.dueAt;
  // no due time is never overdue: it parses as NaN, which no time is after
  // Stryker disable next-line StringLiteral: equivalent, because any text that is not a time parses as NaN too
  const overdue = Date.parse(now) > Date.parse(dueAt ?? '');
  const text = openText(state, policy);
  return { text: overdue ? `Overdue. ${text}` : text, dueAt, overdue };
}
