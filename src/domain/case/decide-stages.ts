/** Working a stage: discussions, escalation, the hub referral, referral to the chair, deadlines. */
import type { CommandOf } from './commands.js';
import { accept, type DecideContext, type DecideResult, holdersFrom } from './context.js';
import { checkDeadline } from './decide-start.js';
import { dueClock, firstDiscussionAtStage, stageEntered, stagesPassedOver } from './enter-stage.js';
import { refuse } from './errors.js';
import { finalStageNumber, nextStageNumber, stageAt, stageDueAt, stageRef } from './stages.js';
import type { CaseState } from './state.js';

/** In the step before stage 1, only its own record (or escalating once it is done) moves on. */
function consultationFirst(state: CaseState, ctx: DecideContext) {
  if (state.stage.number !== 0 || state.consultationDone) return undefined;
  // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, because a case is at stage 0 only under a policy with a consultation
  const name = ctx.policy.consultation?.name ?? 'the consultation';
  return refuse(
    'consultation-required',
    `The policy asks for ${name} before stage 1. Record the consultation first.`,
  );
}

export function recordDiscussion(
  state: CaseState,
  command: CommandOf<'record-discussion'>,
  ctx: DecideContext,
): DecideResult {
  const refused = consultationFirst(state, ctx);
  if (refused) return refused;
  const { type: _type, expectedVersion: _v, ...data } = command;
  return accept({
    type: 'discussion-recorded',
    at: ctx.now,
    by: ctx.actor.personId,
    ...data,
    ...firstDiscussionDue(state, data.when, ctx),
  });
}

/**
 * The stage's due time when this is its first discussion and its timescale is counted from the
 * first discussion (issue 18): nothing otherwise.
 */
function firstDiscussionDue(
  state: CaseState,
  when: string,
  ctx: DecideContext,
): { dueAt?: string | null } {
  const number = state.stage.number;
  // stage 0 (the consultation step) has no stage of the policy, so no timescale of its own
  if (stageAt(ctx.policy, number)?.timescale?.from !== 'first-discussion') return {};
  if (firstDiscussionAtStage(state) !== undefined) return {};
  return {
    dueAt: stageDueAt(
      ctx.policy,
      number,
      state.stage.enteredAt,
      { ...dueClock(state), firstDiscussion: when },
      ctx.calendar,
    ),
  };
}

/**
 * The other side acknowledges the escalation at this stage (issue 18, item 7): only where the
 * stage asks for it (`acknowledgement` in the policy), and once per stage entered.
 */
export function acknowledge(
  state: CaseState,
  command: CommandOf<'acknowledge'>,
  ctx: DecideContext,
): DecideResult {
  const asked = state.stage.acknowledgement;
  // the stage asks for one when it was entered under the policy pinned to the case
  if (!asked) {
    return refuse(
      'acknowledgement-not-asked',
      `The policy does not ask for an acknowledgement at stage ${state.stage.number}: ${state.stage.name}.`,
    );
  }
  if (asked.at !== null) {
    return refuse(
      'already-acknowledged',
      `The escalation to stage ${state.stage.number} was already acknowledged, on ${asked.at}.`,
    );
  }
  const { number, key, name } = state.stage;
  return accept({
    type: 'acknowledged',
    at: ctx.now,
    by: ctx.actor.personId,
    stage: { number, key, name },
    dueAt: asked.dueAt,
    ...(command.note !== undefined ? { note: command.note } : {}),
  });
}

export function escalate(
  state: CaseState,
  command: CommandOf<'escalate'>,
  ctx: DecideContext,
): DecideResult {
  const refused = consultationFirst(state, ctx);
  if (refused) return refused;
  const final = finalStageNumber(ctx.policy);
  if (state.stage.number >= final) {
    return refuse(
      'escalate-from-final-stage',
      "The case is at the chair's stage, the last one. The chair resolves it or records a decision.",
    );
  }
  const next = nextStageNumber(ctx.policy, state.stage.number, state.immediateRisk);
  if (next === final) {
    return refuse(
      'escalate-to-chair',
      `The next stage is the chair's (${stageRef(ctx.policy, final).name}). Refer the case to the chair instead.`,
    );
  }
  // stages used only for urgent cases are passed over, and recorded as skipped (none when the
  // next stage is the one after this)
  const passed = stagesPassedOver(ctx, state.stage.number, next, false);
  return accept(stageEntered(ctx, dueClock(state), next, command.reason, holdersFrom(ctx), passed));
}

export function referToChair(
  state: CaseState,
  command: CommandOf<'refer-to-chair'>,
  ctx: DecideContext,
): DecideResult {
  const refused = consultationFirst(state, ctx);
  if (refused) return refused;
  const route = ctx.policy.finalRoute;
  const final = finalStageNumber(ctx.policy);
  if (state.stage.number >= final) {
    return refuse('already-with-chair', 'The case has already been referred to the chair.');
  }
  if (command.scrutiny && !route.scrutinyReferral) {
    return refuse(
      'scrutiny-referral-not-in-policy',
      'This policy has no referral for quality assurance scrutiny. Refer the case when the stages before the chair’s have been worked.',
    );
  }
  if (state.stage.number < final - 1 && !command.scrutiny) {
    const before = stageRef(ctx.policy, final - 1);
    const orScrutiny = route.scrutinyReferral
      ? ', or refer it now for quality assurance scrutiny if the discussions raise issues that need it'
      : '';
    return refuse(
      'refer-to-chair-too-early',
      `A case goes to the chair only after stage ${before.number} (${before.name}). Escalate it through the stages first${orScrutiny}.`,
    );
  }
  if (route.boardMembersEngagedFirst && !command.boardMembersEngaged) {
    return refuse(
      'board-members-not-engaged',
      'The policy asks that each agency’s partnership Board member is engaged in seeking resolution before the chair. Say how they were involved.',
    );
  }
  return accept(
    {
      type: 'referred-to-chair',
      at: ctx.now,
      by: ctx.actor.personId,
      details: command.details,
      ...(command.scrutiny ? { scrutiny: true as const } : {}),
      ...(command.boardMembersEngaged !== undefined
        ? { boardMembersEngaged: command.boardMembersEngaged }
        : {}),
    },
    stageEntered(
      ctx,
      dueClock(state),
      final,
      command.scrutiny
        ? 'Referred to the chair for quality assurance scrutiny'
        : 'Referred to the chair',
      holdersFrom(ctx),
      // the stages between this one and the chair's (none from the stage just before it)
      stagesPassedOver(ctx, state.stage.number, final, false),
    ),
  );
}

export function recordHubReferral(
  state: CaseState,
  command: CommandOf<'record-hub-referral'>,
  ctx: DecideContext,
): DecideResult {
  const referral = ctx.policy.immediateRisk.referral;
  if (!state.immediateRisk && command.immediateRisk !== true) {
    return refuse(
      'hub-referral-no-immediate-risk',
      `A referral to ${referral.service} is recorded only for a child at immediate risk of harm. Say that the child is at immediate risk to record it.`,
    );
  }
  if (state.hubReferral) {
    return refuse(
      'hub-referral-already-recorded',
      `The referral to ${state.hubReferral.service} has already been recorded.`,
    );
  }
  if (!referral.by.includes(ctx.actor.role)) {
    return refuse(
      'hub-referral-role',
      `The policy says a ${referral.by.join(' or ')} makes the referral to ${referral.service}. Ask them to record it.`,
    );
  }
  return accept({
    type: 'hub-referral-recorded',
    at: ctx.now,
    by: ctx.actor.personId,
    service: command.service,
    ...(command.reference !== undefined ? { reference: command.reference } : {}),
    when: command.when,
  });
}

export function setChildProtectiveDeadline(
  state: CaseState,
  command: CommandOf<'set-child-protective-deadline'>,
  ctx: DecideContext,
): DecideResult {
  const refused = checkDeadline(command.deadline, state.stage.number, ctx);
  if (refused) return refused;
  return accept({
    type: 'child-protective-deadline-set',
    at: ctx.now,
    by: ctx.actor.personId,
    deadline: command.deadline,
    reason: command.reason,
  });
}

export function updateChildContacts(
  state: CaseState,
  command: CommandOf<'update-child-contacts'>,
  ctx: DecideContext,
): DecideResult {
  const child = state.children[command.child];
  if (!child) {
    return refuse('unknown-child', 'Select one of the children in this disagreement.');
  }
  if (command.cpChairEmail === undefined && command.iroEmail === undefined) {
    return refuse(
      'child-contacts-missing',
      "Enter the Child Protection Chair's or the Independent Reviewing Officer's e-mail address.",
    );
  }
  if (command.cpChairEmail !== undefined && !child.childProtectionPlan) {
    return refuse(
      'child-not-on-plan',
      'This child is not recorded as subject to a Child Protection Plan, so has no Child Protection Chair to add.',
    );
  }
  if (command.iroEmail !== undefined && !child.lookedAfter) {
    return refuse(
      'child-not-looked-after',
      'This child is not recorded as Looked After, so has no Independent Reviewing Officer to add.',
    );
  }
  return accept({
    type: 'child-contacts-updated',
    at: ctx.now,
    by: ctx.actor.personId,
    child: command.child,
    ...(command.cpChairEmail !== undefined ? { cpChairEmail: command.cpChairEmail } : {}),
    ...(command.iroEmail !== undefined ? { iroEmail: command.iroEmail } : {}),
  });
}
