/** The chair's stage and the end of a case: panel, representations, decision, resolve, withdraw, reopen. *
 * Longer than 300 lines because the chair's stage's rules (referral, scrutiny, the panel and
 * its collective decision) refer to one another and read best together.
 */
import type { Policy } from '../policy/schema.js';
import type { CommandOf } from './commands.js';
import { accept, type DecideContext, type DecideResult } from './context.js';
import { planRequiredFirst } from './decide-plan.js';
import { refuse } from './errors.js';
import type {
  DecisionMade,
  PanelDecisionProposed,
  PanelMember,
  PanelMemberAgreed,
} from './events.js';
import { finalStageNumber, stageDueAt } from './stages.js';
import type { CaseState } from './state.js';

function atFinalStage(state: CaseState, ctx: DecideContext): boolean {
  return state.stage.number === finalStageNumber(ctx.policy);
}

/** Whether a member sits on the body the panel is drawn from (an executive seat is on the board). */
function seated(member: PanelMember, body: 'board' | 'executive'): boolean {
  if (member.seat === undefined) return member.boardMember;
  return body === 'board' ? member.seat !== 'none' : member.seat === 'executive';
}

type MemberInput = CommandOf<'convene-panel'>['members'][number];
type PanelRule = NonNullable<Policy['finalRoute']['panel']>;

/** Whether the directory places the member at an agency, as a panel member must be. */
function atAnAgency(m: MemberInput): m is MemberInput & { agencyId: string } {
  return m.agencyId !== undefined;
}

function panelRuleBroken(members: PanelMember[], rule: PanelRule, state: CaseState) {
  const agencies = new Set(members.map((m) => m.agencyId));
  if (agencies.size < rule.minAgencies) {
    return refuse(
      'panel-too-few-agencies',
      `The policy asks for a panel from at least ${rule.minAgencies} agencies; these members come from ${agencies.size}. Add members from other agencies.`,
    );
  }
  const body = rule.membership;
  if (body !== 'any') {
    const unseated = members.filter((m) => !seated(m, body));
    if (unseated.length > 0) {
      return refuse(
        'panel-members-not-on-board',
        `Every panel member must sit on the partnership's ${body}, as the directory records it. ${unseated.length === 1 ? 'One member does' : `${unseated.length} members do`} not: choose members the directory shows on the ${body}, or ask the partnership team to correct the directory.`,
      );
    }
  }
  // an agency is on the panel through its own senior officer, or through the board member (or
  // deputy) the directory names to represent it: a pre-school has no seat of its own (000). A
  // representative who works at another agency in the disagreement sits for that agency, so
  // cannot also speak for this one.
  const disputing = [state.raisingAgencyId, ...state.otherAgencyIds];
  const speaksFor = (m: PanelMember, id: string) =>
    // Stryker disable next-line ArrayDeclaration: equivalent, because no agency's id is the made-up entry
    m.agencyId === id || ((m.represents ?? []).includes(id) && !disputing.includes(m.agencyId));
  const missing = disputing.filter((id) => !members.some((m) => speaksFor(m, id)));
  if (rule.includeDisputingAgencies === 'always' && missing.length > 0) {
    const conflicted = missing.some((id) =>
      // Stryker disable next-line ArrayDeclaration: equivalent, because no agency's id is the made-up entry
      members.some((m) => (m.represents ?? []).includes(id)),
    );
    return refuse(
      'panel-missing-disputing-agency',
      `The panel must include every agency in the disagreement, through its own senior officer or the board member who represents it. ${missing.length === 1 ? 'One agency is' : `${missing.length} agencies are`} not represented: add its board member or deputy.${conflicted ? ' A board member who works at another agency in the disagreement cannot represent this one: ask the partnership team to name someone else.' : ''}`,
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
  const rule = ctx.policy.finalRoute.panel;
  if (!rule) {
    return refuse(
      'no-panel-in-policy',
      'This policy has no Resolution Panel. The chair resolves the case or records a decision directly.',
    );
  }
  // a Resolution Panel is made of agencies' senior representatives: a person the directory
  // places at no agency represents none, and could not count as one of the panel's agencies
  if (!command.members.every(atAnAgency)) {
    const unplaced = command.members.filter((m) => !atAnAgency(m)).map((m) => m.personId);
    return refuse(
      'panel-member-at-no-agency',
      `A Resolution Panel is made of its agencies' senior representatives, but the directory places ${unplaced.length === 1 ? 'panel member' : 'panel members'} ${unplaced.join(', ')} at no agency. Choose members at the partnership's agencies, or ask the partnership team to record their agency in the directory.`,
    );
  }
  const members = command.members.map(panelMember);
  const broken = panelRuleBroken(members, rule, state);
  if (broken) return broken;
  return accept({
    type: 'panel-convened',
    at: ctx.now,
    by: ctx.actor.personId,
    members,
  });
}

/** A member as the event records it: the directory's facts, which the service has looked up. */
function panelMember(m: MemberInput & { agencyId: string }): PanelMember {
  return {
    personId: m.personId,
    agencyId: m.agencyId,
    boardMember: m.seat !== undefined ? m.seat !== 'none' : (m.boardMember ?? false),
    ...(m.seat !== undefined ? { seat: m.seat } : {}),
    ...(m.represents !== undefined ? { represents: m.represents } : {}),
  };
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
  // Stryker disable next-line OptionalChaining: equivalent, because a panel is convened only under a policy with one
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

/**
 * The chair's decision counts at once. The panel's is put to its members first: it counts when
 * every member has agreed it ("will collectively resolve", 002 2.18), so a member who proposes it
 * agrees it by doing so.
 */
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
  const decidedBy =
    actor.role === 'chair'
      ? command.decidedBy
      : // Stryker disable next-line StringLiteral: equivalent, because decidedBy is only ever compared with 'chair'
        'panel';
  if (decidedBy === 'chair' && !policy.finalRoute.chairMayResolveDirectly) {
    return refuse(
      'decision-needs-panel',
      'This policy asks the chair to convene a Resolution Panel to decide. Convene the panel first.',
    );
  }
  const learning = command.learning !== undefined ? { learning: command.learning } : {};
  if (decidedBy === 'chair') {
    return accept({
      type: 'decision-made',
      at: ctx.now,
      by: actor.personId,
      decidedBy,
      decision: command.decision,
      binding: policy.finalRoute.decisionBinding,
      ...learning,
    });
  }
  const panel = state.panel;
  if (!panel) {
    return refuse(
      'decision-without-panel',
      'No Resolution Panel has been convened. Record the decision as the chair, or convene the panel first.',
    );
  }
  const proposed: PanelDecisionProposed = {
    type: 'panel-decision-proposed',
    at: ctx.now,
    by: actor.personId,
    decision: command.decision,
    ...learning,
  };
  const isMember = panel.members.some((m) => m.personId === actor.personId);
  if (!isMember) return accept(proposed);
  const agreed = memberAgreed(actor.personId, ctx);
  return accept(proposed, agreed, ...decidedIfAll(panel, [actor.personId], proposed, ctx));
}

function memberAgreed(memberId: string, ctx: DecideContext): PanelMemberAgreed {
  return { type: 'panel-member-agreed', at: ctx.now, by: ctx.actor.personId, memberId };
}

/** The panel's decision, once every member has agreed the proposal. */
function decidedIfAll(
  panel: NonNullable<CaseState['panel']>,
  agreed: string[],
  proposal: Pick<PanelDecisionProposed, 'decision' | 'learning'>,
  ctx: DecideContext,
): DecisionMade[] {
  if (!panel.members.every((m) => agreed.includes(m.personId))) return [];
  return [
    {
      type: 'decision-made',
      at: ctx.now,
      by: ctx.actor.personId,
      decidedBy: 'panel',
      decision: proposal.decision,
      binding: ctx.policy.finalRoute.decisionBinding,
      ...(proposal.learning !== undefined ? { learning: proposal.learning } : {}),
    },
  ];
}

/** A member agrees the proposed decision, or the chair records that a member agreed it. */
export function agreePanelDecision(
  state: CaseState,
  command: CommandOf<'agree-panel-decision'>,
  ctx: DecideContext,
): DecideResult {
  const panel = state.panel;
  const proposal = panel?.proposal;
  if (!panel || !proposal) {
    return refuse(
      'no-panel-decision-proposed',
      'No decision has been put to the Resolution Panel yet. Record the panel’s decision first.',
    );
  }
  const memberId = command.memberId ?? ctx.actor.personId;
  if (memberId !== ctx.actor.personId && ctx.actor.role !== 'chair') {
    return refuse(
      'panel-agreement-for-another',
      'Each panel member records their own agreement. The chair may record a member’s agreement given at the panel’s meeting.',
    );
  }
  if (!panel.members.some((m) => m.personId === memberId)) {
    return refuse(
      'not-a-panel-member',
      command.memberId === undefined
        ? 'Select the panel member whose agreement you are recording.'
        : 'That person is not a member of this Resolution Panel. Select a member of the panel.',
    );
  }
  if (proposal.agreed.includes(memberId)) {
    return refuse('panel-member-already-agreed', 'That member has already agreed the decision.');
  }
  return accept(
    memberAgreed(memberId, ctx),
    ...decidedIfAll(panel, [...proposal.agreed, memberId], proposal, ctx),
  );
}

/** An agreed resolution names who agreed from every agency in the disagreement. */
export function resolve(
  state: CaseState,
  command: CommandOf<'resolve'>,
  ctx: DecideContext,
): DecideResult {
  const planFirst = planRequiredFirst(state, ctx);
  if (planFirst) return planFirst;
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
  // only a decided case has a decision (reopening clears it)
  if (state.decision?.binding) {
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
