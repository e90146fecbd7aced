/**
 * Which parts of an event are personal: the child's identifying details and the free text that
 * may identify them. The store keeps that part apart from the event (so the retention rule can
 * remove it while the hash chain still verifies) and merges it back when a case is read.
 *
 * Kept with the event (never personal): types, times, who recorded it (person ids), agencies,
 * category, immediate risk, stage numbers and names, due times, holders, panel members, how a
 * discussion was held, the hub's service name, a child's three flags (child protection plan,
 * looked after, in need: counts for the figures, not who the child is), and the number of
 * children. Everything a person typed about the case is personal, and so is every detail of a
 * child: the list below is the whole rule. Each event is split when it is written (and by
 * migration 011 for older ones): a field added to the list later is personal for new events
 * only, unless a migration splits the old ones again.
 */
import type { CaseEventType } from './events.js';

/** The personal fields of each event type (the rest of the event is kept as recorded). */
export const PERSONAL_FIELDS: Record<CaseEventType | 'redacted', readonly string[]> = {
  raised: ['children', 'disagreement', 'evidence', 'actionsToDate', 'outcomeSought'],
  'consultation-recorded': ['answers', 'summary'],
  // the reason is typed by a person when escalating or starting at a later stage
  'stage-entered': ['reason'],
  'discussion-recorded': ['participants', 'summary', 'outcome'],
  acknowledged: ['note'],
  'plan-action-added': ['description'],
  'plan-action-done': ['note'],
  'hub-referral-recorded': ['reference'],
  'referred-to-chair': ['details', 'boardMembersEngaged'],
  'panel-convened': [],
  'panel-decision-proposed': ['decision', 'learning'],
  'panel-member-agreed': [],
  'representation-received': ['summary'],
  resolved: ['outcome', 'actions', 'learning'],
  'decision-made': ['decision', 'learning'],
  withdrawn: ['reason'],
  reopened: ['reason'],
  'child-protective-deadline-set': ['reason'],
  // a child's CP Chair or IRO address points to the child as surely as a name
  'child-contacts-updated': ['cpChairEmail', 'iroEmail'],
  redacted: [],
};

/** A child's details that say who they are (the flags stay with the event). */
export const CHILD_PERSONAL_FIELDS = [
  'name',
  'dateOfBirth',
  'caseNumber',
  'cpChairEmail',
  'iroEmail',
] as const;

type Data = Record<string, unknown>;

const isObject = (value: unknown): value is Data =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Splits an event's data (without type, at, by) into what is kept with the event and its
 * personal part; the personal part is null when the event has none.
 */
export function splitPersonal(type: string, data: Data): { kept: Data; personal: Data | null } {
  // Stryker disable next-line ArrayDeclaration: equivalent, because no event has a field named like Stryker's made-up entry
  const fields = PERSONAL_FIELDS[type as CaseEventType] ?? [];
  const kept: Data = {};
  const personal: Data = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    if (key === 'children' && fields.includes(key) && Array.isArray(value)) {
      const pairs = value.map((child) => splitChild(isObject(child) ? child : {}));
      kept.children = pairs.map((p) => p.kept);
      personal.children = pairs.map((p) => p.personal);
    } else if (fields.includes(key)) personal[key] = value;
    else kept[key] = value;
  }
  return { kept, personal: Object.keys(personal).length > 0 ? personal : null };
}

function splitChild(child: Data): { kept: Data; personal: Data } {
  const kept: Data = {};
  const personal: Data = {};
  for (const [key, value] of Object.entries(child)) {
    if ((CHILD_PERSONAL_FIELDS as readonly string[]).includes(key)) personal[key] = value;
    else kept[key] = value;
  }
  return { kept, personal };
}

/** The event's data whole again: the personal part laid over what was kept. */
export function mergePersonal(kept: Data, personal: Data | null): Data {
  if (!personal) return kept;
  const merged: Data = { ...kept, ...personal };
  if (Array.isArray(kept.children) && Array.isArray(personal.children)) {
    const identities = personal.children as unknown[];
    merged.children = (kept.children as unknown[]).map((child, i) => ({
      ...(isObject(child) ? child : {}),
      ...(isObject(identities[i]) ? (identities[i] as Data) : {}),
    }));
  }
  return merged;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Why personal details were removed: the partnership's retention rule, or a request decided on. */
export type RemovalGround = 'rule' | 'request';

const GROUND_WORDS: Record<RemovalGround, string> = {
  rule: 'under the retention rule',
  request: 'on request',
};

/**
 * What is shown in place of removed text, e.g. "[removed under the retention rule on 1 May 2033]"
 * or "[removed on request on 1 May 2033]".
 */
export function removedText(day: string, ground: RemovalGround = 'rule'): string {
  const [year, month, date] = day.slice(0, 10).split('-').map(Number);
  return `[removed ${GROUND_WORDS[ground]} on ${date} ${MONTHS[(month ?? 1) - 1]} ${year}]`;
}

const REMOVED = /^\[removed (under the retention rule|on request) on \d{1,2} [A-Z][a-z]+ \d{4}\]$/;

/**
 * The personal part with every piece of text replaced by `removedText(day)`: the same keys and
 * list lengths (how many children, actions, answers: not personal), none of the content.
 */
export function redactedCopy(
  personal: unknown,
  day: string,
  ground: RemovalGround = 'rule',
): unknown {
  if (Array.isArray(personal)) return personal.map((v) => redactedCopy(v, day, ground));
  if (isObject(personal)) {
    return Object.fromEntries(
      Object.entries(personal).map(([k, v]) => [k, redactedCopy(v, day, ground)]),
    );
  }
  return removedText(day, ground);
}

/** True when a personal part holds nothing but the removal notice (audit verify checks it). */
export function isRedactedCopy(personal: unknown): boolean {
  if (Array.isArray(personal)) return personal.every(isRedactedCopy);
  if (isObject(personal)) return Object.values(personal).every(isRedactedCopy);
  // Stryker disable next-line ConditionalExpression: equivalent, because the other values left here (numbers, booleans, null) never read as a removal notice
  return typeof personal === 'string' && REMOVED.test(personal);
}
