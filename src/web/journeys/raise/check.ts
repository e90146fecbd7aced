/** Check your answers: the summary list with Change links, and the raise command the answers make. */

import type { CaseCommandInput } from '../../../domain/case/index.js';
import { formatDue } from '../../../domain/case/index.js';
import type { RaiseContext } from '../../../services/raise-context.js';
import { CATEGORY_LABELS } from '../../../words.js';
import type { ChildAnswer, RaiseAnswers } from './answers.js';
import { deadlineInstant } from './questions.js';

function deadlineOf(a: RaiseAnswers, ctx: RaiseContext): string | undefined {
  // asked only about a child at immediate risk (answers.ts): an answer kept from before the
  // risk was changed to no does not count
  return a.immediateRisk === true && a.deadline?.wanted && a.deadline.date
    ? deadlineInstant(a.deadline.date, ctx.policy.dueTime)
    : undefined;
}

export function raiseInput(a: RaiseAnswers, ctx: RaiseContext): CaseCommandInput {
  return {
    type: 'raise',
    category: a.category as NonNullable<RaiseAnswers['category']>,
    children: a.children,
    agencies: a.agencies ?? [],
    disagreement: a.disagreement ?? '',
    evidence: a.evidence ?? { nature: '', source: '' },
    actionsToDate: a.actionsToDate ?? '',
    outcomeSought: a.outcomeSought ?? '',
    immediateRisk: a.immediateRisk ?? false,
    childProtectiveDeadline: deadlineOf(a, ctx),
  };
}

function childText(child: ChildAnswer): string {
  const flags = [
    child.childProtectionPlan ? 'subject to a Child Protection Plan' : '',
    child.lookedAfter ? 'Looked After' : '',
    child.childInNeed ? 'child in need' : '',
  ].filter(Boolean);
  return [
    child.name,
    child.dateOfBirth ? `Born ${child.dateOfBirth.split('-').reverse().join('/')}` : '',
    child.caseNumber ? `Case number ${child.caseNumber}` : '',
    flags.length ? `Flags: ${flags.join(', ')}` : 'No flags',
    child.cpChairEmail ? `CP Chair: ${child.cpChairEmail}` : '',
    child.iroEmail ? `IRO: ${child.iroEmail}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Each line of the answer escaped, the lines kept apart with <br>. */
function row(key: string, value: string, href: string, hidden: string) {
  return {
    key: { text: key },
    value: { html: value.split('\n').map(escapeHtml).join('<br>') },
    actions: { items: [{ href, text: 'Change', visuallyHiddenText: hidden }] },
  };
}

export function summaryRows(a: RaiseAnswers, ctx: RaiseContext) {
  const names = new Map(ctx.agencies.map((x) => [x.id, x.name]));
  const deadline = deadlineOf(a, ctx);
  return [
    ...a.children.map((child, i) =>
      row(`Child ${i + 1}`, childText(child), `/cases/new/child/${i + 1}`, `child ${i + 1}`),
    ),
    row(
      'Agencies you disagree with',
      (a.agencies ?? []).map((id) => names.get(id) ?? id).join('\n'),
      '/cases/new/agencies',
      'the agencies',
    ),
    row(
      'What it is about',
      CATEGORY_LABELS[a.category ?? ''] ?? '',
      '/cases/new/category',
      'what it is about',
    ),
    row(
      'What you disagree about',
      a.disagreement ?? '',
      '/cases/new/disagreement',
      'what you disagree about',
    ),
    row(
      'Nature of the concern',
      a.evidence?.nature ?? '',
      '/cases/new/evidence',
      'the nature of the concern',
    ),
    row(
      'Source of the concern',
      a.evidence?.source ?? '',
      '/cases/new/evidence',
      'the source of the concern',
    ),
    row('Done so far', a.actionsToDate ?? '', '/cases/new/actions-to-date', 'what has been done'),
    row('Outcome sought', a.outcomeSought ?? '', '/cases/new/outcome', 'the outcome sought'),
    row(
      'A child at immediate risk',
      a.immediateRisk ? 'Yes' : 'No',
      '/cases/new/immediate-risk',
      'whether a child is at immediate risk',
    ),
    ...(a.immediateRisk === true
      ? [
          row(
            'Child-protective deadline',
            deadline ? formatDue(deadline) : 'None: the policy timescales apply',
            '/cases/new/deadline',
            'the child-protective deadline',
          ),
        ]
      : []),
  ];
}
