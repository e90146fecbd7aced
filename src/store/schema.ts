/**
 * Table types for Kysely. House rules (docs/adr/0005-two-databases-one-code-path.md): text UUID keys made by the app,
 * UTC ISO-8601 text timestamps, booleans as 0/1 integers, JSON as text.
 *
 * Longer than 300 lines because Kysely's Database type wants every table's interface in one place.
 */
import type { Generated } from 'kysely';
import type { CaseStatus } from '../domain/case/state.js';
import type { Category, Role, Sector } from '../domain/policy/schema.js';

/** How a closed case ended, as the dashboard counts it. */
export type CaseOutcome = 'resolved' | 'chair-decision' | 'panel-decision' | 'withdrawn';
/** Which side of the disagreement an agency is on. */
export type CaseSide = 'raising' | 'other';
/** What a person did with a case, as its access log records it (labels: src/words.ts). */
export type AccessLogAction = 'read' | 'print' | 'export' | 'access-log';
/** How a person reached a case: written to the access log with every read. */
export type Via = 'api' | 'page' | 'cli';
/** Where a notification is on its way out (src/notify/outbox.ts). */
export type OutboxStatus = 'queued' | 'retrying' | 'sent' | 'failed';

export interface PartnershipTable {
  id: string;
  key: string;
  name: string;
  /** the policy that governs cases raised by agencies without a local version */
  policy_id: string;
  calendar: string;
  business_unit_email: string | null;
  created_at: string;
  /** the retention rule: years after a case closes until its personal details are removed (011) */
  retention_years: number | null;
  /** the phone of the partnership's Children and Families Hub / MASH (021) */
  hub_phone: string | null;
}

export interface AgencyTable {
  id: string;
  partnership_id: string;
  name: string;
  sector: Sector;
  /** an agency's local version of its partnership's policy, when it has one */
  policy_id: string | null;
  /** the named manager for escalation (seed 004, Appendix A) */
  escalation_manager_id: string | null;
  /** the agency's member of the partnership board / executive */
  board_member_id: string | null;
  /** who sits for the agency when its board member cannot (020) */
  board_deputy_id: Generated<string | null>;
  created_at: string;
  /** the agency's duty inbox and phone, for escalations (016) */
  duty_email: string | null;
  duty_phone: string | null;
}

export interface PersonTable {
  id: string;
  partnership_id: string;
  /** null for partnership-wide people: the independent chair and the partnership team */
  agency_id: string | null;
  email: string;
  name: string;
  role: Role;
  line_manager_id: string | null;
  /** sits on the partnership board (0/1) */
  on_board: number;
  /** sits on the partnership's executive (0/1) */
  on_executive: number;
  /** a work phone the other side may call (016) */
  phone: string | null;
  /** a designated health professional of the partnership (0/1, 020) */
  designated_health: Generated<number>;
  password_hash: string | null;
  created_at: string;
}

export interface EventTable {
  case_id: string;
  seq: number;
  type: string;
  at: string;
  by_person_id: string;
  /** the event's data less its personal part */
  data: string;
  /** sha256(salt, personal part) (chain format 2, migration 011); null when it has none */
  personal_digest: string | null;
  prev_hash: string;
  hash: string;
  recorded_at: string;
}

/**
 * The personal part of an event (src/domain/case/personal.ts), kept apart so the retention rule
 * can remove it: `data` is replaced by the removal notice and `salt` set to null.
 */
export interface EventPersonalTable {
  case_id: string;
  seq: number;
  /** random, hex; null once removed, so the digest no longer confirms a guess */
  salt: string | null;
  /** JSON text, as digested */
  data: string;
  /** UTC; when the retention rule removed it */
  redacted_at: string | null;
}

/** Every policy version a case may be pinned to, as its normalised JSON. */
export interface PolicyVersionTable {
  policy_id: string;
  version: number;
  document: string;
  registered_at: string;
  /** 'release' (the installed policies/*.yaml) or 'added' by a partnership (migration 023) */
  origin: Generated<'release' | 'added'>;
  /** the policy's `partnership` key (migration 023) */
  partnership: string | null;
  /** who added it: a person's id, or 'cli'; null for the release (migration 023) */
  added_by: string | null;
}

/**
 * A SHA-256 of each child's partnership, name and date of birth, per case (migration 017,
 * src/store/child-keys.ts), for the duplicate warning; deleted when the case's details are removed.
 */
export interface CaseChildKeyTable {
  case_id: string;
  child_key: string;
}

/** A projection of each case, kept in step with its events in the same transaction. */
export interface CaseTable {
  id: string;
  /** a short reference a person can read out on the phone, e.g. ESC-7K2M9Q */
  reference: string;
  partnership_id: string;
  policy_id: string;
  policy_version: number;
  raising_agency_id: string;
  raised_by_id: string;
  category: Category;
  immediate_risk: number;
  status: CaseStatus;
  stage_number: number;
  stage_key: string;
  /** the stage's name in the case's own policy version (019; null only before its backfill) */
  stage_name: string | null;
  /** ISO with the Europe/London offset, as shown */
  due_at: string | null;
  /** the same instant in UTC, for sorting and the overdue sweep */
  due_at_utc: string | null;
  version: number;
  raised_at: string;
  closed_at: string | null;
  updated_at: string;
  /** when the reminder before the due time is owed (the start of the last working day), UTC */
  remind_at_utc: string | null;
  /** the due_at_utc whose reminder has been queued */
  reminded_for: string | null;
  /** the due_at_utc whose overdue prompt has been queued */
  overdue_prompted_for: string | null;
  /** while the current stage awaits the other side's acknowledgement: its due time, UTC (024) */
  ack_due_at_utc: string | null;
  /** the ack_due_at_utc whose overdue prompt has been queued (024) */
  ack_overdue_prompted_for: string | null;
  /** how a closed case ended: resolved, chair-decision, panel-decision, withdrawn; null while open */
  outcome: CaseOutcome | null;
  /** UTC; when the retention rule removed its personal details (011), else null */
  redacted_at: string | null;
}

/** One action of a case's agreed action plan (026), for the reminder and overdue sweep. */
export interface PlanActionTable {
  case_id: string;
  /** action-1, action-2 ... within the case */
  action_id: string;
  owner_agency_id: string;
  /** the policy's due time on the day it is due, UTC */
  due_at_utc: string;
  /** when the owning side is reminded (the policy's reminderBefore), UTC; null for none */
  remind_at_utc: string | null;
  /** YYYY-MM-DD the owning agency said it was done; null while open */
  done_on: string | null;
  /** UTC; when the reminder was queued */
  reminded_at: string | null;
  /** UTC; when the overdue prompt was queued */
  overdue_prompted_at: string | null;
}

/** One spell of a case at a stage (src/services/case-projection.ts), for the dashboard. */
export interface CaseStageTable {
  case_id: string;
  /** 0, 1, 2 ... in the order the case went through them */
  ordinal: number;
  partnership_id: string;
  stage_number: number;
  stage_key: string;
  stage_name: string;
  /** UTC; null for a stage passed over without being worked */
  entered_at: string | null;
  /** the due time the stage was held to (UTC), or null when it had none */
  due_at_utc: string | null;
  /** UTC; null while the case is in it */
  ended_at: string | null;
  /** escalated, consulted, skipped, resolved, decided, withdrawn; null while the case is in it */
  ending: string | null;
  /** days from entered to ended, in tenths (rounded), for the dashboard's percentiles */
  days_tenths: number | null;
}

export interface CaseAgencyTable {
  case_id: string;
  agency_id: string;
  side: CaseSide;
  /** copied from the case (never change), so the dashboard counts agency pairs without a join */
  partnership_id: string | null;
  raised_at: string | null;
  raising_agency_id: string | null;
  /** the case's due time, kept in step by every command (migration 015), for the case list */
  due_at_utc: string | null;
}

export interface CaseParticipantTable {
  case_id: string;
  person_id: string;
  since: string;
  /** the case's due time and raised time, kept in step (migration 015), for the case list */
  due_at_utc: string | null;
  raised_at: string | null;
}

export interface AccessLogTable {
  id: string;
  case_id: string;
  person_id: string;
  action: AccessLogAction;
  via: Via;
  at: string;
}

export interface OutboxTable {
  id: string;
  idempotency_key: string;
  case_id: string | null;
  event_seq: number | null;
  rule_key: string;
  reason: string;
  recipient_email: string;
  recipient_person_id: string | null;
  template: string;
  data: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  leased_until: string | null;
  /** the current claim's random token (migration 019); null when nobody holds the lease */
  lease_token: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface ApiTokenTable {
  id: string;
  person_id: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ClosureDayTable {
  partnership_id: string;
  /** YYYY-MM-DD */
  date: string;
  reason: string;
  created_at: string;
}

/** A signed-in (or visitor's) session; only the SHA-256 of its id is kept. */
export interface SessionTable {
  id_hash: string;
  person_id: string | null;
  /** JSON: { csrf, journey? } */
  data: string;
  created_at: string;
  last_seen_at: string;
  /** 'password' or 'oidc'; null for a visitor's session (migration 009) */
  sign_in_method: string | null;
}

/** Failed sign-ins per e-mail address and per IP address, and the lock they lead to. */
export interface SignInThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
  /** locks in a row (008): each lasts twice the last, up to the rule's cap */
  locks: number;
}

/** A person's confirmed authenticator app (010): the TOTP secret, encrypted, and replay guard. */
export interface RecoveryCodeTable {
  person_id: string;
  /** SHA-256 (hex) of the code as stored: lower case, no hyphen */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface SecondFactorTable {
  person_id: string;
  /** AES-256-GCM under TOTP_ENCRYPTION_KEY: "v1.<iv>.<tag>.<ciphertext>" */
  secret: string;
  /** the last time-step (30 s since 1970) whose code was accepted */
  last_step: number | null;
  enrolled_at: string;
}

/** The ended stage spells per UK month entered (migration 014; `scope` 'all' or a partnership id). */
export interface StageSpellMonthTable {
  scope: string;
  /** YYYY-MM, UK */
  month: string;
  stage_number: number;
  stage_key: string;
  stage_name: string;
  days_tenths: number;
  spells: number;
  /** held to a due time */
  timed: number;
  /** ended by it */
  in_time: number;
  /** ended after it */
  late: number;
}

/**
 * The closed cases per UK month closed, outcome and stage as the case's own policy names it
 * (migrations 014 and 019; `scope` 'all' or a partnership id).
 */
export interface OutcomeMonthTable {
  scope: string;
  month: string;
  /** '' for a closed case with no outcome recorded */
  outcome: string;
  stage_number: number;
  stage_key: string;
  stage_name: string;
  cases: number;
}

/** For each UTC month, the UK month beginning in its last hour (or at its end). */
export interface UkMonthTable {
  utc_month: string;
  next_month: string;
  next_starts_at: string;
}

export interface Database {
  closure_days: ClosureDayTable;
  partnerships: PartnershipTable;
  agencies: AgencyTable;
  people: PersonTable;
  events: EventTable;
  event_personal: EventPersonalTable;
  policy_versions: PolicyVersionTable;
  cases: CaseTable;
  case_agencies: CaseAgencyTable;
  case_stages: CaseStageTable;
  plan_actions: PlanActionTable;
  case_participants: CaseParticipantTable;
  access_log: AccessLogTable;
  outbox: OutboxTable;
  api_tokens: ApiTokenTable;
  sessions: SessionTable;
  sign_in_throttle: SignInThrottleTable;
  second_factors: SecondFactorTable;
  recovery_codes: RecoveryCodeTable;
  stage_spell_months: StageSpellMonthTable;
  outcome_months: OutcomeMonthTable;
  uk_months: UkMonthTable;
  case_child_keys: CaseChildKeyTable;
}
