/**
 * The state of a case, folded from its events. Pure: `apply` never looks at the policy, the
 * clock or the calendar; everything it needs is in the events.
 *
 * Longer than 300 lines because the fold is one switch over every event type, beside the state it builds.
 */
import type { Category } from '../policy/schema.js';
import type {
  Acknowledged,
  CaseEvent,
  Child,
  ConsultationRecorded,
  DecisionMade,
  DiscussionRecorded,
  Holders,
  HubReferralRecorded,
  PanelDecisionProposed,
  PanelMember,
  ReferredToChair,
  RepresentationReceived,
  Resolved,
  StageEntered,
  StageRef,
} from './events.js';
import { earlier } from './stages.js';

export type CaseStatus = 'open' | 'resolved' | 'decided' | 'withdrawn';

/** How a stage ended: worked and left upward, never worked, or the case closed in it. */
export type StageEnding =
  | 'consulted'
  | 'escalated'
  | 'skipped'
  | 'resolved'
  | 'decided'
  | 'withdrawn';

export interface CurrentStage extends StageRef {
  enteredAt: string;
  /** the stage's own due time (its working days, capped by the overall timescale) */
  ownDueAt: string | null;
  /** the earlier of `ownDueAt` and the child-protective deadline, or either alone, or null */
  dueAt: string | null;
  holders: Holders;
  /**
   * when the stage asks the other side to acknowledge the escalation: by when, and once done,
   * when and by whom (issue 18, item 7); absent when the stage asks for none
   */
  acknowledgement?: StageAcknowledgement;
}

export interface StageAcknowledgement {
  dueAt: string | null;
  /** when it was acknowledged, and by whom; null until it is */
  at: string | null;
  by: string | null;
}

/** An action of the agreed action plan and whether it is done (issue 18, item 8). */
export interface PlanAction {
  actionId: string;
  description: string;
  ownerAgencyId: string;
  /** the working day it is due, YYYY-MM-DD, and the policy's due time that day */
  dueOn: string;
  dueAt: string;
  remindAt: string | null;
  addedAt: string;
  addedBy: string;
  /** when the owning agency said it was done; null until then */
  done: { on: string; at: string; by: string; note?: string } | null;
}

export interface StageSpell extends StageRef {
  enteredAt: string | null;
  /** the due time the stage was held to when it ended (null: no timescale, or never worked) */
  dueAt: string | null;
  endedAt: string;
  ended: StageEnding;
}

type Recorded<E extends CaseEvent> = Omit<E, 'type'>;

export interface CaseState {
  status: CaseStatus;
  /** the number of events folded */
  version: number;
  policy: { id: string; version: number };
  raisedAt: string;
  /** when the policy's overall timescale started: raised, or last reopened */
  overallClockFrom: string;
  raiser: { personId: string; agencyId: string };
  raisingAgencyId: string;
  otherAgencyIds: string[];
  category: Category;
  disagreement: string;
  evidence: { nature: string; source: string };
  actionsToDate: string;
  outcomeSought: string;
  children: Child[];
  immediateRisk: boolean;
  childProtectiveDeadline: { deadline: string; reason: string } | null;
  /** 'stage': the deadline lapses when the case moves on from the stage it was set at */
  childProtectiveDeadlineLasts?: 'stage';
  consultationDone: boolean;
  consultations: Recorded<ConsultationRecorded>[];
  /** the stage the case is in (open) or ended in (closed) */
  stage: CurrentStage;
  /** the stages the case has left, in order, and how each ended */
  stageHistory: StageSpell[];
  /** every stage number entered or passed over, for "once per stage" notifications */
  stagesReached: number[];
  discussions: Recorded<DiscussionRecorded>[];
  /** every acknowledgement by the other side, at whichever stage */
  acknowledgements: Recorded<Acknowledged>[];
  /** the agreed action plan, oldest action first: open after resolution too */
  planActions: PlanAction[];
  hubReferral: Recorded<HubReferralRecorded> | null;
  referredToChair: Recorded<ReferredToChair> | null;
  panel: {
    convenedAt: string;
    convenedBy: string;
    members: PanelMember[];
    /** the decision put to the panel, and which members have agreed it so far */
    proposal: (Recorded<PanelDecisionProposed> & { agreed: string[] }) | null;
  } | null;
  representations: Recorded<RepresentationReceived>[];
  resolution: Recorded<Resolved> | null;
  decision: Recorded<DecisionMade> | null;
  withdrawal: { at: string; by: string; reason: string } | null;
}

function withoutType<E extends CaseEvent>(event: E): Recorded<E> {
  const { type: _type, ...rest } = event;
  return rest;
}

function fromRaised(event: Extract<CaseEvent, { type: 'raised' }>): CaseState {
  return {
    status: 'open',
    version: 1,
    policy: event.policy,
    raisedAt: event.at,
    overallClockFrom: event.at,
    raiser: { personId: event.by, agencyId: event.raisingAgencyId },
    raisingAgencyId: event.raisingAgencyId,
    otherAgencyIds: event.otherAgencyIds,
    category: event.category,
    disagreement: event.disagreement,
    evidence: event.evidence,
    actionsToDate: event.actionsToDate,
    outcomeSought: event.outcomeSought,
    children: event.children,
    immediateRisk: event.immediateRisk,
    childProtectiveDeadline: event.childProtectiveDeadline
      ? { deadline: event.childProtectiveDeadline, reason: 'set when the case was raised' }
      : null,
    ...(event.childProtectiveDeadlineLasts
      ? { childProtectiveDeadlineLasts: event.childProtectiveDeadlineLasts }
      : {}),
    consultationDone: false,
    consultations: [],
    // until the first stage-entered (emitted with `raised`), the case is before stage 1
    stage: {
      number: 0,
      key: 'raised',
      name: 'Raised',
      enteredAt: event.at,
      ownDueAt: null,
      dueAt: null,
      holders: { raising: [event.by], other: [] },
    },
    stageHistory: [],
    stagesReached: [],
    discussions: [],
    acknowledgements: [],
    planActions: [],
    hubReferral: null,
    referredToChair: null,
    panel: null,
    representations: [],
    resolution: null,
    decision: null,
    withdrawal: null,
  };
}

function dueWithDeadline(ownDueAt: string | null, state: CaseState): string | null {
  return earlier(ownDueAt, state.childProtectiveDeadline?.deadline ?? null);
}

function closeStage(state: CaseState, at: string, ended: StageEnding): StageSpell[] {
  const { number, key, name, enteredAt, dueAt } = state.stage;
  return [...state.stageHistory, { number, key, name, enteredAt, dueAt, endedAt: at, ended }];
}

function enterStage(state: CaseState, event: StageEntered): CaseState {
  const leaving = state.stagesReached.length > 0;
  const leftEnding: StageEnding =
    state.stage.number === 0 ? (state.consultationDone ? 'consulted' : 'skipped') : 'escalated';
  const history = leaving ? closeStage(state, event.at, leftEnding) : state.stageHistory;
  const skipped: StageSpell[] = event.skippedStages.map((s) => ({
    ...s,
    enteredAt: null,
    dueAt: null,
    endedAt: event.at,
    ended: 'skipped',
  }));
  const reached = [...event.skippedStages.map((s) => s.number), event.number];
  // a deadline that lasts for its stage lapses when the case moves on from a working stage
  const lapses =
    leaving && state.childProtectiveDeadlineLasts === 'stage' && state.stage.number >= 1;
  const kept = lapses ? { ...state, childProtectiveDeadline: null } : state;
  return {
    ...kept,
    stage: {
      number: event.number,
      key: event.key,
      name: event.name,
      enteredAt: event.at,
      ownDueAt: event.dueAt,
      dueAt: dueWithDeadline(event.dueAt, kept),
      holders: event.holders,
      ...(event.acknowledgementDueAt !== undefined
        ? { acknowledgement: { dueAt: event.acknowledgementDueAt, at: null, by: null } }
        : {}),
    },
    stageHistory: [...history, ...skipped],
    stagesReached: [
      ...state.stagesReached,
      ...reached.filter((n) => !state.stagesReached.includes(n)),
    ],
  };
}

function applyTo(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'raised':
      throw new Error('A case is raised only once');
    case 'consultation-recorded':
      return {
        ...state,
        consultationDone: true,
        consultations: [...state.consultations, withoutType(event)],
      };
    case 'stage-entered':
      return enterStage(state, event);
    case 'discussion-recorded': {
      const discussions = [...state.discussions, withoutType(event)];
      if (event.dueAt === undefined) return { ...state, discussions };
      // the first discussion at the stage starts a timescale counted from it
      const stage = {
        ...state.stage,
        ownDueAt: event.dueAt,
        dueAt: dueWithDeadline(event.dueAt, state),
      };
      return { ...state, discussions, stage };
    }
    case 'acknowledged': {
      const acknowledgements = [...state.acknowledgements, withoutType(event)];
      const asked = state.stage.acknowledgement;
      // the stage's acknowledgement is done (an older stage's is on the record only)
      if (!asked || event.stage.number !== state.stage.number)
        return { ...state, acknowledgements };
      const acknowledgement = { ...asked, at: event.at, by: event.by };
      return { ...state, acknowledgements, stage: { ...state.stage, acknowledgement } };
    }
    case 'plan-action-added': {
      const { type: _t, at, by, ...action } = event;
      const added: PlanAction = { ...action, addedAt: at, addedBy: by, done: null };
      return { ...state, planActions: [...state.planActions, added] };
    }
    case 'plan-action-done': {
      const done = {
        on: event.doneOn,
        at: event.at,
        by: event.by,
        ...(event.note !== undefined ? { note: event.note } : {}),
      };
      const planActions = state.planActions.map((a) =>
        a.actionId === event.actionId ? { ...a, done } : a,
      );
      return { ...state, planActions };
    }
    case 'hub-referral-recorded':
      // a referral to the hub is made only for a child at immediate risk
      return { ...state, hubReferral: withoutType(event), immediateRisk: true };
    case 'referred-to-chair':
      return {
        ...state,
        referredToChair: withoutType(event),
      };
    case 'panel-convened': {
      // the panel's members hold the chair's stage with the chair from now on
      const holding = state.stage.holders.partnership ?? [];
      const partnership = [
        ...holding,
        ...event.members.map((m) => m.personId).filter((id) => !holding.includes(id)),
      ];
      return {
        ...state,
        panel: {
          convenedAt: event.at,
          convenedBy: event.by,
          members: event.members,
          proposal: null,
        },
        stage: { ...state.stage, holders: { ...state.stage.holders, partnership } },
      };
    }
    case 'panel-decision-proposed':
      // a new proposal replaces the last: agreements are to a decision's exact words
      return state.panel
        ? { ...state, panel: { ...state.panel, proposal: { ...withoutType(event), agreed: [] } } }
        : state;
    case 'panel-member-agreed': {
      // agreed to no decision put, or agreed again: nothing more to count
      const panel = state.panel;
      if (!panel?.proposal || panel.proposal.agreed.includes(event.memberId)) return state;
      const agreed = [...panel.proposal.agreed, event.memberId];
      return { ...state, panel: { ...panel, proposal: { ...panel.proposal, agreed } } };
    }
    case 'representation-received':
      return { ...state, representations: [...state.representations, withoutType(event)] };
    case 'resolved':
      return {
        ...state,
        status: 'resolved',
        resolution: withoutType(event),
        stageHistory: closeStage(state, event.at, 'resolved'),
      };
    case 'decision-made':
      return {
        ...state,
        status: 'decided',
        decision: withoutType(event),
        stageHistory: closeStage(state, event.at, 'decided'),
      };
    case 'withdrawn':
      return {
        ...state,
        status: 'withdrawn',
        withdrawal: { at: event.at, by: event.by, reason: event.reason },
        stageHistory: closeStage(state, event.at, 'withdrawn'),
      };
    case 'reopened':
      return {
        ...state,
        status: 'open',
        overallClockFrom: event.at,
        resolution: null,
        decision: null,
        withdrawal: null,
        stage: {
          ...state.stage,
          enteredAt: event.at,
          ownDueAt: event.dueAt,
          dueAt: dueWithDeadline(event.dueAt, state),
        },
      };
    case 'child-contacts-updated': {
      const { cpChairEmail, iroEmail } = event;
      const children = state.children.map((child, i) =>
        i === event.child
          ? {
              ...child,
              ...(cpChairEmail !== undefined ? { cpChairEmail } : {}),
              ...(iroEmail !== undefined ? { iroEmail } : {}),
            }
          : child,
      );
      return { ...state, children };
    }
    case 'redacted':
      // the record says the personal details were removed; the state's shape is unchanged
      return state;
    case 'child-protective-deadline-set': {
      const childProtectiveDeadline = { deadline: event.deadline, reason: event.reason };
      const next = { ...state, childProtectiveDeadline };
      return {
        ...next,
        stage: { ...state.stage, dueAt: dueWithDeadline(state.stage.ownDueAt, next) },
      };
    }
  }
}

/** Fold one event into the state. The first event of a case must be `raised`. */
export function apply(state: CaseState | undefined, event: CaseEvent): CaseState {
  if (state === undefined) {
    if (event.type !== 'raised')
      throw new Error(`A case starts with 'raised', not '${event.type}'`);
    return fromRaised(event);
  }
  return { ...applyTo(state, event), version: state.version + 1 };
}

/** Fold a case's events, oldest first. */
export function fold(events: readonly CaseEvent[], from?: CaseState): CaseState | undefined {
  return events.reduce<CaseState | undefined>((state, event) => apply(state, event), from);
}
