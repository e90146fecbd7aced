/**
 * The events of a case: its append-only record. Every event carries `at` (when it was
 * recorded, ISO-8601), `by` (the person who recorded it) and its own data. `apply` (state.ts)
 * folds them into the case's state; `decide` (decide.ts) is the only thing that makes them.
 *
 * Longer than 300 lines because it is a list: every event of the record, one interface each,
 * with what each field means.
 */
import type { Category, Role } from '../policy/schema.js';

export interface Child {
  /** name or initials */
  name: string;
  dateOfBirth?: string;
  /** the agency's own case number */
  caseNumber?: string;
  childProtectionPlan: boolean;
  lookedAfter: boolean;
  childInNeed: boolean;
  /** the Child Protection Chair of a child subject to a CP Plan: told at the stage the policy names */
  cpChairEmail?: string;
  /** the Independent Reviewing Officer of a Looked After Child */
  iroEmail?: string;
}

/**
 * The people holding a stage: person ids at the raising agency and at the other agencies; at
 * the chair's stage, the chair and the partnership team (and, once convened, the panel's
 * members). An agency for which the directory names nobody who could hold the stage is listed
 * in `missing`: the case page and the partnership team are told, never left silently empty.
 */
export interface Holders {
  raising: string[];
  other: string[];
  partnership?: string[];
  missing?: MissingHolder[];
  /**
   * the agencies whose side is held at this stage from outside their own line, by a person at
   * another agency chosen by sector (the policy's `sectorHolders`, issue 18): that person is
   * also in the side's list, and the agency's own people do not hold the stage
   */
  outside?: HeldFromOutside[];
}

/** A side's agency held at a stage by someone at another agency (issue 18, item 6). */
export interface HeldFromOutside {
  side: 'raising' | 'other';
  /** the agency on that side whose stage it is */
  agencyId: string;
  /** who holds it for that agency */
  personId: string;
}

export interface MissingHolder {
  side: 'raising' | 'other' | 'partnership';
  /** the agency without a holder; absent for the partnership's own (the chair's stage) */
  agencyId?: string;
}

/** Who agreed a resolution, from which agency. (Records from before this rule hold names only.) */
export interface Agreement {
  agencyId: string;
  name: string;
}

/** A stage of the policy, by number (1-based; 0 is the consultation step) and key. */
export interface StageRef {
  number: number;
  key: string;
  name: string;
}

export interface PanelMember {
  personId: string;
  agencyId: string;
  /** sits on the body the policy's panel is drawn from (from the directory since seats were) */
  boardMember: boolean;
  /** their seat, from the directory when the panel was convened (absent in older records) */
  seat?: 'board' | 'executive' | 'none';
  /** the agencies in the disagreement they represent on the board, as member or deputy */
  represents?: string[];
}

interface EventBase {
  at: string;
  by: string;
}

export interface Raised extends EventBase {
  type: 'raised';
  category: Category;
  children: Child[];
  raisingAgencyId: string;
  otherAgencyIds: string[];
  disagreement: string;
  evidence: { nature: string; source: string };
  actionsToDate: string;
  outcomeSought: string;
  immediateRisk: boolean;
  childProtectiveDeadline?: string;
  /**
   * 'stage' when the policy says a child-protective deadline lasts for the stage it is set at
   * (issue 18): it lapses when the case moves on from a stage; absent, it lasts the whole case
   */
  childProtectiveDeadlineLasts?: 'stage';
  policy: { id: string; version: number };
}

export interface ConsultationRecorded extends EventBase {
  type: 'consultation-recorded';
  with: { personId: string; role: Role; agencyId?: string };
  /** answers to the policy's consultation questions, by question key */
  answers: Record<string, string>;
  summary: string;
}

/**
 * The case enters a stage: when raised, after consultation, on escalate, start-at-stage and
 * refer-to-chair. `dueAt` is the stage's own due time (its working days, capped by the
 * policy's overall timescale); the state makes it earlier still when a child-protective
 * deadline is sooner. `skipped` is true when the case passed over earlier stages (listed in
 * `skippedStages`) without working them.
 */
export interface StageEntered extends EventBase, StageRef {
  type: 'stage-entered';
  dueAt: string | null;
  holders: Holders;
  reason: string;
  skipped: boolean;
  skippedStages: StageRef[];
  /**
   * when the stage asks the other side to acknowledge the escalation (`acknowledgement` in the
   * policy, issue 18): the due time for it, counted from entering the stage (null: none set)
   */
  acknowledgementDueAt?: string | null;
}

export const DISCUSSION_MEANS = ['phone', 'face-to-face', 'meeting', 'email', 'video'] as const;
export type DiscussionMeans = (typeof DISCUSSION_MEANS)[number];

export interface DiscussionRecorded extends EventBase {
  type: 'discussion-recorded';
  when: string;
  how: DiscussionMeans;
  participants: string[];
  summary: string;
  outcome: string;
  /**
   * the stage's own due time from now on, when this first discussion at the stage starts its
   * timescale ("within 48 hours of the first discussion", issue 18)
   */
  dueAt?: string | null;
}

/**
 * The other side acknowledged the escalation at the stage the case is in (issue 18, item 7):
 * `at` is when, `by` who; `dueAt` the due time it was held to (null: none set).
 */
export interface Acknowledged extends EventBase {
  type: 'acknowledged';
  stage: StageRef;
  dueAt: string | null;
  note?: string;
}

/**
 * An action of the agreed action plan (issue 18, item 8): `actionId` names it within the case;
 * `dueOn` is the working day it is due (YYYY-MM-DD), `dueAt` the policy's due time that day;
 * `remindAt` when the owning side is reminded (the policy's `reminderBefore`), else null.
 */
export interface PlanActionAdded extends EventBase {
  type: 'plan-action-added';
  actionId: string;
  description: string;
  ownerAgencyId: string;
  dueOn: string;
  dueAt: string;
  remindAt: string | null;
}

/** The owning agency marked an action of the plan done, on `doneOn` (YYYY-MM-DD). */
export interface PlanActionDone extends EventBase {
  type: 'plan-action-done';
  actionId: string;
  doneOn: string;
  note?: string;
}

export interface HubReferralRecorded extends EventBase {
  type: 'hub-referral-recorded';
  service: string;
  reference?: string;
  when: string;
}

export interface ReferredToChair extends EventBase {
  type: 'referred-to-chair';
  /** the details sent for the attention of the chair */
  details: string;
  /** referred for quality assurance scrutiny (004 STAGE 4) */
  scrutiny?: true;
  /** how each agency's Board member was engaged first (000, 001, 002 2.15) */
  boardMembersEngaged?: string;
}

export interface PanelConvened extends EventBase {
  type: 'panel-convened';
  members: PanelMember[];
}

/** A decision put to the Resolution Panel; it counts when every member has agreed it. */
export interface PanelDecisionProposed extends EventBase {
  type: 'panel-decision-proposed';
  decision: string;
  learning?: string;
}

/** One panel member's agreement to the decision proposed (`by` may be the chair, recording it). */
export interface PanelMemberAgreed extends EventBase {
  type: 'panel-member-agreed';
  memberId: string;
}

export interface RepresentationReceived extends EventBase {
  type: 'representation-received';
  fromPersonId: string;
  fromAgencyId: string;
  summary: string;
}

export interface Resolved extends EventBase {
  type: 'resolved';
  outcome: string;
  actions: string[];
  /** who agreed, from each agency in the disagreement (older records: names only) */
  agreedBy: (Agreement | string)[];
  learning?: string;
}

export interface DecisionMade extends EventBase {
  type: 'decision-made';
  decidedBy: 'chair' | 'panel';
  decision: string;
  binding: boolean;
  learning?: string;
}

export interface Withdrawn extends EventBase {
  type: 'withdrawn';
  reason: string;
}

/** The case is open again at the stage it ended, with a fresh due time for that stage. */
export interface Reopened extends EventBase {
  type: 'reopened';
  reason: string;
  dueAt: string | null;
}

export interface ChildProtectiveDeadlineSet extends EventBase {
  type: 'child-protective-deadline-set';
  deadline: string;
  reason: string;
}

/**
 * A child's Child Protection Chair or Independent Reviewing Officer address, added or corrected
 * after raising; what could not be sent for want of it is sent again.
 */
export interface ChildContactsUpdated extends EventBase {
  type: 'child-contacts-updated';
  /** the child's place in the case's list, from 0 */
  child: number;
  cpChairEmail?: string;
  iroEmail?: string;
}

/**
 * The case's personal details were removed (src/services/retention.ts): by the retention rule
 * (`by` is RETENTION_RULE_ACTOR, `rule` says which), or on request ahead of it (`by` is the
 * person who decided, `request` says why). Nothing personal in it. Nothing follows it.
 */
export interface Redacted extends EventBase {
  type: 'redacted';
  /** the partnership's rule that applied (a removal under the rule) */
  rule?: { yearsAfterClosure: number };
  /** a removal on request ahead of the rule: the reason recorded by whoever decided it */
  request?: { reason: string };
  /** when the case closed (UTC), from which the rule counts */
  closedAt: string;
  /** how many events had personal details removed */
  events: number;
}

/** The `by` of a `redacted` event: no person, the retention rule. */
export const RETENTION_RULE_ACTOR = 'retention-rule';

export type CaseEvent =
  | Raised
  | ConsultationRecorded
  | StageEntered
  | DiscussionRecorded
  | Acknowledged
  | PlanActionAdded
  | PlanActionDone
  | HubReferralRecorded
  | ReferredToChair
  | PanelConvened
  | PanelDecisionProposed
  | PanelMemberAgreed
  | RepresentationReceived
  | Resolved
  | DecisionMade
  | Withdrawn
  | Reopened
  | ChildProtectiveDeadlineSet
  | ChildContactsUpdated
  | Redacted;

export type CaseEventType = CaseEvent['type'];
