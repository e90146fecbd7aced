/** Starting a case: raise, the consultation step, and starting at a later stage. */
import type { CommandOf } from './commands.js';
import { accept, type DecideContext, type DecideResult, holdersFrom } from './context.js';
import { dueClock, stageEntered, stagesPassedOver } from './enter-stage.js';
import { refuse } from './errors.js';
import type { Raised } from './events.js';
import {
  childProtectiveDeadlineAllowed,
  finalStageNumber,
  stageNumberOf,
  stageRef,
} from './stages.js';
import type { CaseState } from './state.js';

/** Whether a case with a child at immediate risk may go straight to stage 1. */
function mayBypassConsultation(ctx: DecideContext, immediateRisk: boolean): boolean {
  const rule = ctx.policy.immediateRisk;
  return immediateRisk && (rule.skipConsultation !== undefined || rule.startAt !== undefined);
}

export function raise(command: CommandOf<'raise'>, ctx: DecideContext): DecideResult {
  const { policy, actor, now } = ctx;
  if (actor.agencyId === null) {
    return refuse(
      'not-at-an-agency',
      'Only someone working at an agency can raise a disagreement.',
    );
  }
  if (command.children.length === 0) {
    return refuse('no-child', 'Add at least one child the disagreement is about.');
  }
  const others = [...new Set(command.agencies)].filter((id) => id !== actor.agencyId);
  if (others.length === 0) {
    return refuse(
      'no-other-agency',
      'Select at least one other agency: a disagreement is with an agency other than your own.',
    );
  }
  if (!policy.categories.includes(command.category)) {
    return refuse(
      'category-not-in-policy',
      `The policy "${policy.title}" does not cover disagreements about ${command.category}. Choose one of: ${policy.categories.join(', ')}.`,
    );
  }
  const consultationFirst =
    policy.consultation?.requirement === 'required' &&
    !mayBypassConsultation(ctx, command.immediateRisk);
  const firstStage = consultationFirst ? 0 : 1;
  const deadline = command.childProtectiveDeadline;
  if (deadline !== undefined) {
    const refused = checkDeadline(deadline, firstStage, ctx);
    if (refused) return refused;
  }
  const raised: Raised = {
    type: 'raised',
    at: now,
    by: actor.personId,
    category: command.category,
    children: command.children,
    raisingAgencyId: actor.agencyId,
    otherAgencyIds: others,
    disagreement: command.disagreement,
    evidence: command.evidence,
    actionsToDate: command.actionsToDate,
    outcomeSought: command.outcomeSought,
    immediateRisk: command.immediateRisk,
    ...(deadline !== undefined ? { childProtectiveDeadline: deadline } : {}),
    ...(policy.childProtectiveDeadline?.lasts === 'stage'
      ? { childProtectiveDeadlineLasts: 'stage' as const }
      : {}),
    policy: { id: policy.id, version: policy.version },
  };
  const holders = ctx.holders ?? { raising: [actor.personId], other: [] };
  const skipsConsultation = policy.consultation?.requirement === 'required' && !consultationFirst;
  const reason = consultationFirst
    ? 'Raised: the policy asks for consultation before stage 1'
    : skipsConsultation
      ? 'Raised with a child at immediate risk: the policy lets the case start at stage 1 at once'
      : 'Raised';
  const skipped = skipsConsultation ? stagesPassedOver(ctx, 0, 1, true) : [];
  return accept(raised, stageEntered(ctx, now, firstStage, reason, holders, skipped));
}

/** A child-protective deadline must lie ahead and be allowed by the stage's timescale. */
export function checkDeadline(deadline: string, stage: number, ctx: DecideContext) {
  if (Date.parse(deadline) <= Date.parse(ctx.now)) {
    return refuse(
      'deadline-in-past',
      'The child-protective deadline must be later than now. Enter a date and time in the future.',
    );
  }
  if (!childProtectiveDeadlineAllowed(ctx.policy, stage)) {
    return refuse(
      'child-protective-deadline-not-allowed',
      "This stage's timescale is fixed by the policy: a child-protective deadline cannot be set here.",
    );
  }
  return undefined;
}

export function recordConsultation(
  state: CaseState,
  command: CommandOf<'record-consultation'>,
  ctx: DecideContext,
): DecideResult {
  const consultation = ctx.policy.consultation;
  if (!consultation) {
    return refuse(
      'no-consultation-step',
      'This policy has no consultation step. Record a discussion at the current stage instead.',
    );
  }
  if (state.consultationDone) {
    return refuse(
      'consultation-already-recorded',
      'The consultation has already been recorded. Record a discussion at the current stage instead.',
    );
  }
  if (!consultation.with.includes(command.with.role)) {
    return refuse(
      'consultation-role-not-allowed',
      `The policy asks you to consult a ${consultation.with.join(' or ')}. Record a consultation with one of them.`,
    );
  }
  const withOther = consultation.discussWith === 'other-agency';
  const agencyId = command.with.agencyId;
  if (agencyId !== undefined && withOther !== state.otherAgencyIds.includes(agencyId)) {
    return refuse(
      'consultation-wrong-agency',
      withOther
        ? `${consultation.name} is with a worker at the other agency in the disagreement. Select the person you discussed it with there.`
        : `${consultation.name} is with someone at your own agency. Select the person you consulted there.`,
    );
  }
  // the command's schema trims each answer (commands.ts): one of spaces only arrives empty
  const missing = consultation.questions.filter((q) => !command.answers[q.key]);
  if (missing.length > 0) {
    return refuse(
      'consultation-answers-missing',
      `Answer every question the policy asks before escalating: ${missing.map((q) => q.text).join('; ')}`,
    );
  }
  const recorded = {
    type: 'consultation-recorded' as const,
    at: ctx.now,
    by: ctx.actor.personId,
    with: command.with,
    answers: command.answers,
    summary: command.summary,
  };
  // a discussion with the other agency may settle it: the case stays in the step until someone
  // escalates it to stage 1 (004 PRE-ESCALATION); consulting your own manager starts stage 1
  if (state.stage.number !== 0 || withOther) return accept(recorded);
  const holders = ctx.holders ?? state.stage.holders;
  return accept(recorded, stageEntered(ctx, dueClock(state), 1, 'Consultation recorded', holders));
}

export function startAtStage(
  state: CaseState,
  command: CommandOf<'start-at-stage'>,
  ctx: DecideContext,
): DecideResult {
  const rule = ctx.policy.immediateRisk.startAt;
  if (!state.immediateRisk) {
    return refuse(
      'start-at-stage-no-immediate-risk',
      'A case may start at a later stage only when a child is at immediate risk of harm. Escalate one stage at a time instead.',
    );
  }
  if (!rule) {
    return refuse(
      'start-at-stage-not-in-policy',
      'This policy does not let a case start at a later stage. Escalate one stage at a time.',
    );
  }
  const target = stageNumberOf(ctx.policy, command.stage);
  if (target === undefined) {
    return refuse(
      'unknown-stage',
      `The policy has no stage "${command.stage}". Choose one of its stages.`,
    );
  }
  if (target === finalStageNumber(ctx.policy)) {
    return refuse(
      'start-at-stage-final',
      "The chair's stage is reached only by referral. Start at an earlier stage, or refer the case to the chair.",
    );
  }
  if (rule.stages !== 'any' && !rule.stages.includes(stageRef(ctx.policy, target).key)) {
    return refuse(
      'start-at-stage-not-allowed',
      `The policy lets a case start only at: ${rule.stages.join(', ')}. Choose one of those stages.`,
    );
  }
  if (state.stage.number > 1) {
    return refuse(
      'start-at-stage-too-late',
      'The case has already moved beyond stage 1. Escalate it instead.',
    );
  }
  if (target <= state.stage.number) {
    return refuse(
      'start-at-stage-not-later',
      `The case is already at stage ${state.stage.number}. Choose a later stage.`,
    );
  }
  if (rule.justificationRequired && !command.justification) {
    return refuse(
      'justification-required',
      'Explain why the child needs the case to start at this stage.',
    );
  }
  // leaving the consultation step unrecorded ends it 'skipped' (state.ts); list only the stages between
  const skipped = stagesPassedOver(ctx, state.stage.number, target, false);
  const reason = command.justification ?? 'Started at a later stage: a child is at immediate risk';
  return accept(
    stageEntered(ctx, dueClock(state), target, reason, holdersFrom(ctx), skipped, true),
  );
}
