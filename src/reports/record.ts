/** The case's record as the timeline shows it: a title, who and when, and the details in words. */
import { formatDue, RETENTION_RULE_ACTOR } from '../domain/case/index.js';
import type { Names } from '../services/case-page.js';
import type { CaseView } from '../services/cases/index.js';
import { CATEGORY_LABELS, dateTimeWords, dateWords, EVENT_TITLES, MEANS_LABELS } from '../words.js';

type Entry = CaseView['record'][number];

export interface TimelineItem {
  seq: number;
  title: string;
  by: string;
  at: string;
  details: string[];
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const strs = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);

function personName(names: Names, id: unknown): string {
  const person = names.people[str(id)];
  return person ? `${person.name}${person.agency ? ` (${person.agency})` : ''}` : 'someone';
}

/** Who agreed a resolution: "Name (Agency)" (older records hold names only). */
function agreedBy(value: unknown, names: Names): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((a) =>
    typeof a === 'string'
      ? a
      : `${str((a as { name?: unknown }).name)} (${names.agencies[str((a as { agencyId?: unknown }).agencyId)] ?? 'an agency'})`,
  );
}

/** "Action 2" and what it is, for an entry about an action of the agreed plan. */
function planAction(e: Entry, plan: Map<string, string>): string {
  const id = str(e.actionId);
  const n = id.replace(/^action-/, '');
  return `Action ${n}: ${plan.get(id) ?? ''}`;
}

function details(e: Entry, names: Names, plan: Map<string, string> = new Map()): string[] {
  const holders = (side: 'raising' | 'other' | 'partnership') =>
    strs((e.holders as Record<string, unknown> | undefined)?.[side]).map((id) =>
      personName(names, id),
    );
  switch (e.type) {
    case 'raised':
      return [`About: ${CATEGORY_LABELS[str(e.category)] ?? str(e.category)}`];
    case 'stage-entered': {
      const raising = holders('raising');
      const other = holders('other');
      const partnership = holders('partnership');
      const missing = (
        (e.holders as { missing?: { agencyId?: string }[] } | undefined)?.missing ?? []
      ).map((m) => (m.agencyId ? (names.agencies[m.agencyId] ?? 'an agency') : 'the partnership'));
      return [
        `Stage ${e.number}: ${str(e.name)}`,
        e.reason ? `Why: ${str(e.reason)}` : '',
        e.dueAt ? `Due by ${formatDue(str(e.dueAt))}` : '',
        e.acknowledgementDueAt
          ? `The agency it is with acknowledges it by ${formatDue(str(e.acknowledgementDueAt))}`
          : '',
        raising.length ? `Held by ${raising.join(', ')}` : '',
        other.length ? `and by ${other.join(', ')}` : '',
        partnership.length ? `Held for the partnership by ${partnership.join(', ')}` : '',
        missing.length
          ? `Nobody in the directory could be named to hold it for ${missing.join(', ')}: the partnership team has been told`
          : '',
      ];
    }
    case 'discussion-recorded':
      return [
        `${MEANS_LABELS[str(e.how)] ?? str(e.how)} on ${dateTimeWords(str(e.when))}, with ${strs(e.participants).join(', ')}`,
        `Summary: ${str(e.summary)}`,
        `Outcome: ${str(e.outcome)}`,
      ];
    case 'acknowledged': {
      const stage = e.stage as { number?: number; name?: string } | undefined;
      const late = e.dueAt && Date.parse(e.at) > Date.parse(str(e.dueAt));
      return [
        `Stage ${stage?.number ?? '?'}: ${str(stage?.name)}`,
        e.dueAt
          ? `${late ? 'Late: it was due' : 'In time: it was due'} by ${formatDue(str(e.dueAt))}`
          : '',
        e.note ? `Note: ${str(e.note)}` : '',
      ];
    }
    case 'consultation-recorded':
      return [
        `With ${personName(names, (e.with as { personId?: string })?.personId)}`,
        str(e.summary),
      ];
    case 'referred-to-chair':
      return [
        e.scrutiny ? 'Referred for quality assurance scrutiny' : '',
        str(e.details),
        e.boardMembersEngaged ? `Board members engaged first: ${str(e.boardMembersEngaged)}` : '',
      ].filter((line) => line !== '');
    case 'panel-convened':
      return [
        `Members: ${(e.members as { personId: string; seat?: string }[]).map((m) => `${personName(names, m.personId)}${m.seat && m.seat !== 'none' ? ` (${m.seat})` : ''}`).join(', ')}`,
      ];
    case 'panel-decision-proposed':
      return [
        `Put to the panel: ${str(e.decision)}`,
        'It counts once every member of the panel has agreed it.',
      ];
    case 'panel-member-agreed':
      return [
        e.memberId === e.by
          ? `${personName(names, e.memberId)} agreed the panel's decision`
          : `${personName(names, e.memberId)} agreed the panel's decision (recorded by ${personName(names, e.by)})`,
      ];
    case 'representation-received':
      return [`From ${personName(names, e.fromPersonId)}`, str(e.summary)];
    case 'resolved':
      return [
        `Outcome: ${str(e.outcome)}`,
        ...strs(e.actions).map((a) => `Action: ${a}`),
        `Agreed by ${agreedBy(e.agreedBy, names).join(', ')}`,
        e.learning ? `Learning: ${str(e.learning)}` : '',
      ];
    case 'decision-made':
      return [
        `Decided by the ${e.decidedBy === 'panel' ? 'Resolution Panel' : 'chair'}${e.binding ? ': final and binding' : ''}`,
        str(e.decision),
      ];
    case 'plan-action-added':
      return [
        planAction(e, plan),
        `Who does it: ${names.agencies[str(e.ownerAgencyId)] ?? 'an agency'}`,
        `Due by ${formatDue(str(e.dueAt))}`,
      ];
    case 'plan-action-done':
      return [
        planAction(e, plan),
        `Done on ${dateWords(str(e.doneOn))}`,
        e.note ? `Note: ${str(e.note)}` : '',
      ];
    case 'hub-referral-recorded':
      return [
        `To ${str(e.service)}${e.reference ? `, reference ${str(e.reference)}` : ''}`,
        e.when ? `Made on ${dateTimeWords(str(e.when))}` : '',
      ];
    case 'redacted': {
      const request = e.request as { reason?: string } | undefined;
      if (request) {
        return [
          `The personal details in this record were removed on request, ahead of the partnership's retention rule. Reason recorded: ${str(request.reason)}`,
          'What happened, when, who and which agencies is kept, and the record still verifies.',
        ];
      }
      const rule = e.rule as { yearsAfterClosure?: number } | undefined;
      return [
        `The personal details in this record were removed under the partnership's retention rule: ${rule?.yearsAfterClosure ?? '?'} years after the case closed on ${dateTimeWords(str(e.closedAt))}.`,
        'What happened, when, who and which agencies is kept, and the record still verifies.',
      ];
    }
    case 'child-contacts-updated':
      return [
        `For child ${Number(e.child) + 1}`,
        e.cpChairEmail ? `Child Protection Chair: ${str(e.cpChairEmail)}` : '',
        e.iroEmail ? `Independent Reviewing Officer: ${str(e.iroEmail)}` : '',
      ];
    case 'withdrawn':
    case 'reopened':
    case 'child-protective-deadline-set':
      return [str(e.reason), e.deadline ? `Deadline: ${formatDue(str(e.deadline))}` : ''];
    default:
      return [];
  }
}

export function timeline(record: CaseView['record'], names: Names): TimelineItem[] {
  const plan = new Map(
    record
      .filter((e) => e.type === 'plan-action-added')
      .map((e) => [str(e.actionId), str(e.description)]),
  );
  return record.map((e) => ({
    seq: e.seq,
    title: EVENT_TITLES[e.type] ?? e.type,
    by: e.by === RETENTION_RULE_ACTOR ? 'Escalate (the retention rule)' : personName(names, e.by),
    at: dateTimeWords(e.at),
    details: details(e, names, plan).filter((line) => line !== ''),
  }));
}

/** Every person and agency id the case page names. */
export function idsIn(view: CaseView): { people: string[]; agencies: string[] } {
  const people = new Set<string>([
    view.raisedBy,
    ...view.stage.holders.raising,
    ...view.stage.holders.other,
    ...(view.stage.holders.partnership ?? []),
  ]);
  for (const e of view.record) {
    people.add(e.by);
    for (const side of ['raising', 'other', 'partnership'] as const) {
      for (const id of strs((e.holders as Record<string, unknown> | undefined)?.[side]))
        people.add(id);
    }
    for (const m of (e.members as { personId: string }[] | undefined) ?? []) people.add(m.personId);
    if (e.fromPersonId) people.add(str(e.fromPersonId));
    if (e.memberId) people.add(str(e.memberId));
    const consulted = (e.with as { personId?: string } | undefined)?.personId;
    if (consulted) people.add(consulted);
  }
  return { people: [...people], agencies: [view.raisingAgencyId, ...view.otherAgencyIds] };
}
