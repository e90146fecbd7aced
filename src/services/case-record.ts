/**
 * The case record for the child's file, in the shape of an escalation form: the disagreement
 * as raised, each stage with what was recorded in it, how it ended, who was told, and whether
 * the tamper-evident record still verifies. Read like any case read (need-to-know, logged),
 * then printed as a PDF (reports/pdf.ts) from the page or `escalate record`.
 */
import type { Child } from '../domain/case/index.js';
import { idsIn, type TimelineItem, timeline } from '../reports/record.js';
import type { Db } from '../store/database.js';
import { verifyCase } from '../store/event-store.js';
import { CATEGORY_LABELS, dateTimeWords, dateWords, ROLE_LABELS, STATUS_LABELS } from '../words.js';
import { directoryNames } from './case-page.js';
import { type CaseServiceDeps, type CaseView, readCase, type Via } from './cases/index.js';
import { logAccess } from './log-access.js';
import type { Actor } from './people.js';

export interface RecordStage {
  title: string;
  entries: TimelineItem[];
}

export interface CaseRecord {
  reference: string;
  partnership: string;
  policy: string;
  status: string;
  printedAt: string;
  printedBy: string;
  disagreement: { label: string; value: string }[];
  children: Child[];
  /** what was recorded before the first stage began (the raise, a consultation) */
  opening: TimelineItem[];
  stages: RecordStage[];
  /** the agreed action plan: each action, who does it, when due, and done or not (issue 18) */
  plan: { description: string; owner: string; due: string; done: string }[];
  sharedWith: { to: string; reason: string; status: string; sentAt: string | null }[];
  integrity: string;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

function disagreementOf(view: CaseView, raisedBy: string, agencies: Record<string, string>) {
  const raised = view.record[0] ?? {};
  const evidence = (raised as { evidence?: { nature?: string; source?: string } }).evidence;
  const deadline = str((raised as { childProtectiveDeadline?: string }).childProtectiveDeadline);
  return [
    { label: 'Reference', value: view.reference },
    { label: 'Raised by', value: raisedBy },
    { label: 'Raised on', value: view.raisedAt },
    {
      label: 'Agencies disagreed with',
      value: view.otherAgencyIds.map((id) => agencies[id] ?? id).join(', '),
    },
    { label: 'About', value: CATEGORY_LABELS[view.category] ?? view.category },
    { label: 'What is disagreed', value: str((raised as { disagreement?: string }).disagreement) },
    {
      label: 'Evidence',
      value: evidence ? `${str(evidence.nature)} (source: ${str(evidence.source)})` : '',
    },
    { label: 'Actions to date', value: str((raised as { actionsToDate?: string }).actionsToDate) },
    { label: 'Outcome sought', value: str((raised as { outcomeSought?: string }).outcomeSought) },
    { label: 'Child at immediate risk', value: view.immediateRisk ? 'Yes' : 'No' },
    ...(deadline ? [{ label: 'Child-protective deadline', value: deadline }] : []),
    { label: 'Status', value: STATUS_LABELS[view.status] ?? view.status },
  ];
}

/** Splits the timeline at each stage's start: what happened in each stage, in order. */
function byStage(items: TimelineItem[], view: CaseView) {
  const opening: TimelineItem[] = [];
  const stages: RecordStage[] = [];
  items.forEach((item, i) => {
    const entry = view.record[i];
    if (entry?.type === 'stage-entered') {
      stages.push({ title: `Stage ${entry.number}: ${str(entry.name)}`, entries: [item] });
    } else if (stages.length === 0) opening.push(item);
    else stages[stages.length - 1]?.entries.push(item);
  });
  return { opening, stages };
}

async function integrityOf(db: Db, caseId: string, entries: number): Promise<string> {
  const check = await verifyCase(db, caseId);
  return check.ok
    ? `This record has ${entries} entries. Its tamper-evident chain verified when this copy was printed: nothing in it has been changed, reordered or removed.`
    : `WARNING: this record's tamper-evident chain did not verify at entry ${check.seq} (${check.problem}). Tell your partnership's administrator.`;
}

/** The record of a case the actor may see (else CaseNotFound), logged as a read and a print. */
export async function caseRecord(
  deps: CaseServiceDeps,
  actor: Actor,
  caseId: string,
  via: Via,
): Promise<CaseRecord> {
  const view = await readCase(deps, actor, caseId, via);
  const at = deps.now().toISOString();
  await logAccess(deps.db, actor, caseId, 'print', via, at);
  const ids = idsIn(view);
  const names = await directoryNames(deps.db, ids.people, ids.agencies);
  const partnership = await deps.db
    .selectFrom('cases')
    .innerJoin('partnerships', 'partnerships.id', 'cases.partnership_id')
    .select('partnerships.name')
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const raiser = names.people[view.raisedBy];
  const raisedBy = raiser
    ? `${raiser.name}${raiser.agency ? `, ${raiser.agency}` : ''}`
    : (names.agencies[view.raisingAgencyId] ?? '');
  const { opening, stages } = byStage(timeline(view.record, names), view);
  return {
    reference: view.reference,
    partnership: partnership.name,
    policy: `${view.policy.title} (version ${view.policy.version})`,
    status: STATUS_LABELS[view.status] ?? view.status,
    printedAt: at,
    printedBy:
      actor.personId === 'command-line'
        ? actor.name
        : `${actor.name} (${ROLE_LABELS[actor.role] ?? actor.role})`,
    disagreement: disagreementOf(view, raisedBy, names.agencies),
    children: view.children,
    opening,
    stages,
    plan: view.planActions.map((a) => ({
      description: a.description,
      owner: names.agencies[a.ownerAgencyId] ?? a.ownerAgencyId,
      due: dateTimeWords(a.dueAt),
      done: a.done
        ? `Done on ${dateWords(a.done.on)}${a.done.note ? `: ${a.done.note}` : ''}`
        : a.overdue
          ? 'Overdue'
          : 'Not done yet',
    })),
    sharedWith: view.notifications.map((n) => ({
      to: n.to,
      reason: n.reason,
      status: n.status,
      sentAt: n.sentAt,
    })),
    integrity: await integrityOf(deps.db, caseId, view.record.length),
  };
}

/**
 * Whoever runs `escalate record` has the database itself: they read as an operator of the
 * case's partnership, logged as "command-line". The case may be named by id or reference.
 */
export async function commandLineReader(
  db: Db,
  caseIdOrReference: string,
): Promise<{ caseId: string; actor: Actor } | undefined> {
  const row = await db
    .selectFrom('cases')
    .select(['id', 'partnership_id'])
    .where((eb) =>
      eb.or([eb('id', '=', caseIdOrReference), eb('reference', '=', caseIdOrReference)]),
    )
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    caseId: row.id,
    actor: {
      personId: 'command-line',
      email: '',
      name: 'An operator, from the command line',
      role: 'partnership-team',
      agencyId: null,
      partnershipId: row.partnership_id,
    },
  };
}
