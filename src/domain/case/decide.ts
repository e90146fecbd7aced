/**
 * decide(state, command, ctx): the policy's rules. Pure: returns the events a command makes,
 * or a refusal saying why and what to do instead. Nothing here is specific to one seed: every
 * rule reads the policy.
 */
import type { CaseCommand } from './commands.js';
import type { DecideContext, DecideResult } from './context.js';
import {
  agreePanelDecision,
  convenePanel,
  recordDecision,
  recordRepresentation,
  reopen,
  resolve,
  withdraw,
} from './decide-final.js';
import { addPlanAction, markActionDone } from './decide-plan.js';
import {
  acknowledge,
  escalate,
  recordDiscussion,
  recordHubReferral,
  referToChair,
  setChildProtectiveDeadline,
  updateChildContacts,
} from './decide-stages.js';
import { raise, recordConsultation, startAtStage } from './decide-start.js';
import { refuse } from './errors.js';
import { refusedPart } from './permissions.js';
import type { CaseState } from './state.js';

const STATUS_WORDS = {
  resolved: 'has been resolved',
  decided: 'has been decided',
  withdrawn: 'has been withdrawn',
} as const;

function onCase(state: CaseState, command: CaseCommand, ctx: DecideContext): DecideResult {
  switch (command.type) {
    case 'raise':
      return refuse('case-already-raised', 'This disagreement has already been raised.');
    case 'record-consultation':
      return recordConsultation(state, command, ctx);
    case 'record-discussion':
      return recordDiscussion(state, command, ctx);
    case 'acknowledge':
      return acknowledge(state, command, ctx);
    case 'add-plan-action':
      return addPlanAction(state, command, ctx);
    case 'mark-action-done':
      return markActionDone(state, command, ctx);
    case 'escalate':
      return escalate(state, command, ctx);
    case 'start-at-stage':
      return startAtStage(state, command, ctx);
    case 'record-hub-referral':
      return recordHubReferral(state, command, ctx);
    case 'refer-to-chair':
      return referToChair(state, command, ctx);
    case 'convene-panel':
      return convenePanel(state, command, ctx);
    case 'record-representation':
      return recordRepresentation(state, command, ctx);
    case 'resolve':
      return resolve(state, command, ctx);
    case 'record-decision':
      return recordDecision(state, command, ctx);
    case 'agree-panel-decision':
      return agreePanelDecision(state, command, ctx);
    case 'withdraw':
      return withdraw(command, ctx);
    case 'reopen':
      return reopen(state, command, ctx);
    case 'set-child-protective-deadline':
      return setChildProtectiveDeadline(state, command, ctx);
    case 'update-child-contacts':
      return updateChildContacts(state, command, ctx);
  }
}

export function decide(
  state: CaseState | undefined,
  command: CaseCommand,
  ctx: DecideContext,
): DecideResult {
  if (state === undefined) {
    if (command.type === 'raise') return raise(command, ctx);
    return refuse('case-not-raised', 'There is no such disagreement. Raise it first.');
  }
  if (command.expectedVersion !== undefined && command.expectedVersion !== state.version) {
    return refuse(
      'stale-version',
      'Someone else has changed this case since you opened it. Reload it, check the record and try again.',
    );
  }
  if (state.policy.id !== ctx.policy.id || state.policy.version !== ctx.policy.version) {
    return refuse(
      'wrong-policy',
      `This case is governed by policy ${state.policy.id} version ${state.policy.version}; use that version.`,
    );
  }
  // resolving does not close the agreed action plan: its actions are still marked done after
  const planGoesOn =
    command.type === 'mark-action-done' &&
    (state.status === 'resolved' || state.status === 'decided');
  if (
    state.status !== 'open' &&
    command.type !== 'reopen' &&
    command.type !== 'raise' &&
    !planGoesOn
  ) {
    if (state.decision?.binding) {
      return refuse(
        'case-closed',
        "The chair's decision is final and binding: nothing more can be recorded on this case.",
      );
    }
    return refuse(
      'case-closed',
      `The case ${STATUS_WORDS[state.status]}. Reopen it before recording anything else.`,
    );
  }
  if (command.type !== 'raise') {
    // each side does its own part: who may take this action at this stage (permissions.ts)
    const notYours = refusedPart(command.type, state, ctx.policy, ctx.actor);
    if (notYours) return { ok: false, error: notYours };
  }
  return onCase(state, command, ctx);
}
