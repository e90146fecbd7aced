/**
 * "Whose turn, what next, by when": the first thing the case page says, for the person looking.
 * Pure: the service adds the names, phones and e-mails from the directory.
 */
import type { Policy } from '../policy/schema.js';
import type { Actor } from './context.js';
import { formatDue } from './next-step.js';
import { partiesOf } from './permissions.js';
import { finalStageNumber, nextStageNumber, stageRef } from './stages.js';
import type { CaseState } from './state.js';

export type Side = 'raising' | 'other' | 'partnership';

export interface Turn {
  /** the viewer holds the stage now (or acts for someone who does) */
  yours: boolean;
  /** the viewer's side of the disagreement; null for someone on neither */
  side: Side | null;
  /** who holds it now, by side: the viewer's counterparts are those on the other side(s) */
  withSides: Side[];
  /** what is asked of the viewer now, in plain English */
  ask: string;
}

function by(dueAt: string | null): string {
  return dueAt ? ` by ${formatDue(dueAt)}` : ' within a timescale that protects the child';
}

export function whoseTurn(state: CaseState, policy: Policy, actor: Actor): Turn {
  const parties = partiesOf(actor, state, policy);
  const side: Side | null = parties.has('raising-side')
    ? 'raising'
    : parties.has('other-side')
      ? 'other'
      : parties.has('chair') || parties.has('partnership-team') || parties.has('panel')
        ? 'partnership'
        : null;
  const final = state.stage.number === finalStageNumber(policy);
  const withSides: Side[] = final ? ['partnership'] : ['raising', 'other'];
  // read only while the case is open: a closed case is answered before it is used
  const yours = parties.has('holder');
  const due = by(state.stage.dueAt);
  // resolving does not close the agreed action plan: the agency with actions still to do is asked
  const ownOpen =
    state.status === 'withdrawn'
      ? []
      : state.planActions
          .filter((a) => a.done === null && a.ownerAgencyId === actor.agencyId)
          .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  if (state.status !== 'open' && ownOpen[0]) {
    const n = ownOpen.length;
    return {
      yours: true,
      side,
      withSides,
      ask: `Your agency has ${n === 1 ? 'an action' : `${n} actions`} of the agreed plan still to do, the first due by ${formatDue(ownOpen[0].dueAt)}: mark each done on the case when it is carried out. Record the outcome on the child's file.`,
    };
  }
  if (state.status !== 'open') {
    return {
      yours: false,
      side,
      withSides,
      ask: "Record the outcome on the child's file. Nothing more is due unless the case is reopened.",
    };
  }
  // Stryker disable next-line OptionalChaining: equivalent, because a case is at stage 0 only under a policy with a consultation
  if (state.stage.number === 0 && policy.consultation?.discussWith === 'other-agency') {
    // the pre-escalation discussion (004) is between the two sides' workers
    const name = policy.consultation.name;
    return {
      yours: side === 'raising' || side === 'other',
      side,
      withSides: ['raising', 'other'],
      ask:
        side === 'raising'
          ? `${name}: talk it through with the other agency's worker, record the discussion, then resolve it or escalate it to stage 1.`
          : side === 'other'
            ? `${name}: the worker who raised it will contact you to talk it through. Try to resolve it together before it is escalated.`
            : `The workers are at "${name}" first. You will be told if it reaches stage 1.`,
    };
  }
  if (state.stage.number === 0) {
    // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, because a case is at stage 0 only under a policy with a consultation
    const name = policy.consultation?.name ?? 'the consultation';
    return side === 'raising'
      ? {
          yours: true,
          side,
          withSides: ['raising'],
          ask: `${name}, then record it: the case moves to stage 1 when it is recorded.`,
        }
      : {
          yours: false,
          side,
          withSides: ['raising'],
          ask: `The agency that raised it is at "${name}" first. You will be told when it reaches stage 1.`,
        };
  }
  if (final) {
    if (parties.has('chair')) {
      const proposal = state.panel?.proposal;
      const how = proposal
        ? // Stryker disable next-line OptionalChaining: equivalent, because a decision is put only to a convened panel
          `A decision has been put to the Resolution Panel and ${proposal.agreed.length} of ${state.panel?.members.length} members have agreed it: record the agreements members gave at the panel's meeting, or put a different decision to them`
        : state.panel
          ? 'The Resolution Panel you convened decides: record the decision it reaches, which each member then agrees'
          : policy.finalRoute.panel && policy.finalRoute.chairMayResolveDirectly
            ? 'Resolve it directly with the senior managers and directors, or convene a Resolution Panel, and record your decision'
            : policy.finalRoute.panel
              ? 'Convene a Resolution Panel and record its decision'
              : 'Resolve it and record your decision';
      return { yours: true, side, withSides, ask: `${how}${due}.` };
    }
    if (parties.has('panel')) {
      // Stryker disable next-line OptionalChaining: equivalent, because only a convened panel has members
      const proposal = state.panel?.proposal;
      const agreed = proposal?.agreed.includes(actor.personId) ?? false;
      return {
        yours: !agreed,
        side,
        withSides,
        ask: proposal
          ? agreed
            ? `You have agreed the decision put to the panel. It counts once every member has agreed it${due}.`
            : `A decision has been put to the Resolution Panel: read it and record that you agree it, or tell the chair you do not${due}.`
          : `As a member of the Resolution Panel, consider the representations and decide together; the decision is put to every member to agree${due}.`,
      };
    }
    if (parties.has('partnership-team')) {
      return {
        yours: true,
        side,
        withSides,
        ask: `Put the case before the chair, arrange a Resolution Panel if the chair asks for one, and record the representations it receives${due}.`,
      };
    }
    return {
      yours: false,
      side,
      withSides,
      ask: `The chair now decides${due}. You may be asked for a representation; you will be told the decision.`,
    };
  }
  const nextNumber = nextStageNumber(policy, state.stage.number, state.immediateRisk);
  // a stage before the chair's: the policy always has it
  const then =
    nextNumber === finalStageNumber(policy)
      ? 'refer it to the chair'
      : `escalate it to stage ${nextNumber} (${stageRef(policy, nextNumber).name})`;
  if (yours) {
    const counterpart = side === 'raising' ? 'the agency it is with' : 'the agency that raised it';
    // the other side's acknowledgement, while owed, comes first (issue 18)
    const ack = state.stage.acknowledgement;
    const owed = ack && ack.at === null && parties.has('other-holder') ? ack : undefined;
    // Stryker disable next-line StringLiteral: equivalent, because the policy schema gives every acknowledgement a time, so it is always due by one
    let ackDue = '';
    if (owed?.dueAt) ackDue = ` by ${formatDue(owed.dueAt)}`;
    const first = owed ? `First, acknowledge the escalation${ackDue}. ` : '';
    return {
      yours,
      side,
      withSides,
      ask: `${first}Talk to your counterpart at ${counterpart}, by phone or face to face, and record the discussion. If you agree, record the resolution; if not, ${then}${due}.`,
    };
  }
  return {
    yours,
    side,
    withSides,
    ask:
      side === null
        ? `It is held by the people named below${due}.`
        : `Nothing is asked of you now: the people named below hold it${due}. You will be told of each escalation and the outcome.`,
  };
}
