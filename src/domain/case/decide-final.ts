/** The chair's stage and the end of a case: panel, representations, decision, resolve, withdraw, reopen. */
import type { CommandOf } from './commands.js';
import { accept, type DecideContext, type DecideResult } from './context.js';
import { refuse } from './errors.js';
import { finalStageNumber, stageDueAt } from './stages.js';
import type { CaseState } from './state.js';

function atFinalStage(state: CaseState, ctx: DecideContext): boolean {
  return state.stage.number === finalStageNumber(ctx.policy);
}

function panelRuleBroken(
  command: CommandOf<'convene-panel'>,
  state: CaseState,
  ctx: DecideContext,
) {
  const rule = ctx.policy.finalRoute.panel;
  if (!rule) {
    return refuse(
      'no-panel-in-policy',
      'This policy has no Resolution Panel. The chair resolves the case or records a decision directly.',
    );
  }
  const agencies = new Set(command.members.map((m) => m.agencyId));
  if (agencies.size < rule.minAgencies) {
    return refuse(
      'panel-too-few-agencies',
      `The policy asks for a panel from at least ${rule.minAgencies} agencies; these members come from ${agencies.size}. Add members from other agencies.`,
    );
  }
  if (rule.membership !== 'any' && command.members.some((m) => !m.boardMember)) {
    return refuse(
      'panel-members-not-on-board',
      `Every panel member must sit on the partnership's ${rule.membership}. Replace the members who do not.`,
    );
  }
  const disputing = [state.raisingAgencyId, ...state.otherAgencyIds];
  const missing = disputing.filter((id) => !agencies.has(id));
  if (rule.includeDisputingAgencies === 'always' && missing.length > 0) {
    return refuse(
      'panel-missing-disputing-agency',
      `The panel must include every agency in the disagreement. Add a member from: ${missing.join(', ')}.`,
    );
  }
  return undefined;
}

export function convenePanel(
  state: CaseState,
  command: CommandOf<'convene-panel'>,
  ctx: DecideContext,
): DecideResult {
  if (!atFinalStage(state, ctx)) {
    return refuse(
      'panel-before-chair-stage',
      "A Resolution Panel is convened only at the chair's stage. Refer the case to the chair first.",
    );
  }
  if (state.panel) {
    return refuse(
      'panel-already-convened',
      'A Resolution Panel has already been convened for this case.',
    );
  }
  const broken = panelRuleBroken(command, state, ctx);
  if (broken) return broken;
  return accept({
    type: 'panel-convened',
    at: ctx.now,
    by: ctx.actor.personId,
    members: command.members,
  });
}

export function recordRepresentation(
  state: CaseState,
  command: CommandOf<'record-representation'>,
  ctx: DecideContext,
): DecideResult {
  if (!state.panel) {
    return refuse(
      'panel-not-convened',
      'Representations go to a Resolution Panel. The chair must convene the panel first.',
    );
  }
  if (ctx.policy.finalRoute.panel?.receivesRepresentations === false) {
    return refuse(
      'representations-not-received',
      "This policy's Resolution Panel does not receive representations.",
    );
  }
  return accept({
    type: 'representation-received',
    at: ctx.now,
    by: ctx.actor.personId,
    fromPersonId: command.fromPersonId,
    fromAgencyId: command.fromAgencyId,
    summary: command.summary,
  });
}

export function recordDecision(
  state: CaseState,
  command: CommandOf<'record-decision'>,
  ctx: DecideContext,
): DecideResult {
  const { actor, policy } = ctx;
  if (!atFinalStage(state, ctx)) {
    return refuse(
      'decision-before-chair-stage',
      "A decision is recorded only at the chair's stage. Refer the case to the chair first.",
    );
  }
  // who may record it at all (the chair, or the panel's members) is permissions.ts's rule
  const decidedBy = actor.role === 'chair' ? command.decidedBy : 'panel';
  if (decidedBy === 'panel' && !state.panel) {
    return refuse(
      'decision-without-panel',
      'No Resolution Panel has been convened. Record the decision as the chair, or convene the panel first.',
    );
  }
  if (decidedBy === 'chair' && !policy.finalRoute.chairMayResolveDirectly) {
    return refuse(
      'decision-needs-panel',
      'This policy asks the chair to convene a Resolution Panel to decide. Convene the panel first.',
    );
  }
  return accept({
    type: 'decision-made',
    at: ctx.now,
    by: actor.personId,
    decidedBy,
    decision: command.decision,
    binding: policy.finalRoute.decisionBinding,
    ...(command.learning !== undefined ? { learning: command.learning } : {}),
  });
}

/** An agreed resolution names who agreed from every agency in the disagreement. */
export function resolve(
  state: CaseState,
  command: CommandOf<'resolve'>,
  ctx: DecideContext,
): DecideResult {
  if (command.agreedBy.length === 0) {
    return refuse('agreed-by-missing', 'Enter who agreed the outcome, from each agency.');
  }
  const inCase = [state.raisingAgencyId, ...state.otherAgencyIds];
  const stranger = command.agreedBy.find((a) => !inCase.includes(a.agencyId));
  if (stranger) {
    return refuse(
      'agreed-by-not-in-case',
      `${stranger.name} is not recorded at an agency in this disagreement. Name who agreed from each agency in it.`,
    );
  }
  const unagreed = inCase.filter((id) => !command.agreedBy.some((a) => a.agencyId === id));
  if (unagreed.length > 0) {
    return refuse(
      'agreement-from-each-side',
      `A resolution is agreed by both sides: name who agreed from every agency in the disagreement (${unagreed.length === 1 ? 'one agency has' : `${unagreed.length} agencies have`} nobody named).`,
    );
  }
  return accept({
    type: 'resolved',
    at: ctx.now,
    by: ctx.actor.personId,
    outcome: command.outcome,
    actions: command.actions,
    agreedBy: command.agreedBy,
    ...(command.learning !== undefined ? { learning: command.learning } : {}),
  });
}

export function withdraw(command: CommandOf<'withdraw'>, ctx: DecideContext): DecideResult {
  return accept({ type: 'withdrawn', at: ctx.now, by: ctx.actor.personId, reason: command.reason });
}

export function reopen(
  state: CaseState,
  command: CommandOf<'reopen'>,
  ctx: DecideContext,
): DecideResult {
  if (state.status === 'open') {
    return refuse('case-open', 'The case is already open.');
  }
  if (state.status === 'decided' && state.decision?.binding) {
    return refuse(
      'decision-binding',
      "The chair's decision is final and binding: the case cannot be reopened. Raise a new disagreement if something has changed.",
    );
  }
  const dueAt = stageDueAt(ctx.policy, state.stage.number, ctx.now, ctx.now, ctx.calendar);
  return accept({
    type: 'reopened',
    at: ctx.now,
    by: ctx.actor.personId,
    reason: command.reason,
    dueAt,
  });
}
