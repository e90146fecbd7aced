/**
 * CSV downloads: each dashboard table, and the cases themselves. Cells that a spreadsheet
 * would run as a formula (starting =, +, -, @, tab or carriage return) are prefixed with an
 * apostrophe (OWASP "CSV injection"), since agency names and case text come from people.
 */
import type { Child } from '../domain/case/index.js';
import type { Db } from '../store/database.js';
import { eventData, eventsWithPersonal } from '../store/event-store.js';
import { CATEGORY_LABELS, STATUS_LABELS } from '../words.js';
import { type Filters, matching, type Scope } from './figures/index.js';
import type { Cell, Table } from './tables.js';

function safe(cell: Cell | boolean): string | number {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  if (typeof cell === 'number') return cell;
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** Loaded at the first download, not at start-up (bench/RESULTS.md, session 4). */
export async function toCsv(header: string[], rows: (Cell | boolean)[][]): Promise<string> {
  const { stringify } = await import('csv-stringify/sync');
  return stringify([header, ...rows.map((row) => row.map(safe))], { record_delimiter: '\r\n' });
}

/**
 * A dashboard table as CSV: numbers stay numbers a spreadsheet can sort and sum, but a share
 * is written as a percentage to one decimal place (39.3 in a column headed "... (%)"), not as
 * the fraction it is computed as (0.39285714285714285).
 */
export function tableCsv(table: Table): Promise<string> {
  const percent = table.columns.map((c) => c.format === 'percent');
  return toCsv(
    table.columns.map((c, i) => (percent[i] ? `${c.label} (%)` : c.label)),
    table.rows.map((row) =>
      row.map((cell, i) =>
        percent[i] && typeof cell === 'number' ? Math.round(cell * 1000) / 10 : cell,
      ),
    ),
  );
}

export interface ExportedCase {
  id: string;
  reference: string;
  raisedAt: string;
  raisingAgency: string;
  otherAgencies: string[];
  category: string;
  immediateRisk: boolean;
  status: string;
  stage: number;
  stageName: string;
  dueAt: string | null;
  closedAt: string | null;
  outcome: string | null;
  children?: Child[];
}

/** Cases raised in the period that match the filters, oldest first. */
export async function exportedCases(
  db: Db,
  scope: Scope,
  filters: Filters,
  options: { withChildren: boolean },
): Promise<ExportedCase[]> {
  const query = db
    .selectFrom('cases')
    .innerJoin('agencies', 'agencies.id', 'cases.raising_agency_id')
    .leftJoin('case_stages', (join) =>
      join
        .onRef('case_stages.case_id', '=', 'cases.id')
        .onRef('case_stages.stage_number', '=', 'cases.stage_number')
        .on('case_stages.entered_at', 'is not', null),
    )
    .select([
      'cases.id',
      'cases.reference',
      'cases.raised_at',
      'agencies.name as agency',
      'cases.category',
      'cases.immediate_risk',
      'cases.status',
      'cases.stage_number',
      'case_stages.stage_name',
      'cases.due_at',
      'cases.closed_at',
      'cases.outcome',
    ])
    .where('cases.raised_at', '>=', filters.period.from)
    .where('cases.raised_at', '<', filters.period.to)
    .where(matching(scope, filters));
  const rows = await query.orderBy('cases.raised_at').orderBy('cases.reference').execute();
  // a reopened case has two spells at its stage: one row per case
  const seen = new Set<string>();
  const unique = rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
  const ids = unique.map((r) => r.id);
  const others = new Map<string, string[]>();
  const children = new Map<string, Child[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const agencyRows = await db
      .selectFrom('case_agencies')
      .innerJoin('agencies', 'agencies.id', 'case_agencies.agency_id')
      .select(['case_agencies.case_id', 'agencies.name'])
      .where('case_agencies.case_id', 'in', chunk)
      .where('case_agencies.side', '=', 'other')
      .orderBy('agencies.name')
      .execute();
    for (const r of agencyRows) others.set(r.case_id, [...(others.get(r.case_id) ?? []), r.name]);
    if (options.withChildren) {
      const raised = await eventsWithPersonal(db)
        .select(['events.case_id', 'events.data', 'events.personal_digest'])
        .select('event_personal.data as personal_data')
        .where('events.case_id', 'in', chunk)
        .where('events.seq', '=', 1)
        .execute();
      for (const r of raised)
        children.set(r.case_id, (eventData(r) as { children: Child[] }).children);
    }
  }
  return unique.map((r) => ({
    id: r.id,
    reference: r.reference,
    raisedAt: r.raised_at,
    raisingAgency: r.agency,
    otherAgencies: others.get(r.id) ?? [],
    category: r.category,
    immediateRisk: r.immediate_risk === 1,
    status: r.status,
    stage: r.stage_number,
    stageName: r.stage_name ?? '',
    dueAt: r.due_at,
    closedAt: r.closed_at,
    outcome: r.outcome,
    ...(options.withChildren ? { children: children.get(r.id) ?? [] } : {}),
  }));
}

export function casesCsv(cases: ExportedCase[], withChildren: boolean): Promise<string> {
  const header = [
    'Reference',
    'Raised at',
    'Raised by agency',
    'Disagreed with',
    'Category',
    'Immediate risk',
    'Status',
    'Stage',
    'Stage name',
    'Due at',
    'Closed at',
    'Outcome',
    ...(withChildren ? ['Children', 'Dates of birth', 'Agency case numbers'] : []),
  ];
  const rows = cases.map((c) => [
    c.reference,
    c.raisedAt,
    c.raisingAgency,
    c.otherAgencies.join('; '),
    CATEGORY_LABELS[c.category] ?? c.category,
    c.immediateRisk,
    STATUS_LABELS[c.status] ?? c.status,
    c.stage,
    c.stageName,
    c.dueAt,
    c.closedAt,
    c.outcome,
    ...(withChildren
      ? [
          (c.children ?? []).map((ch) => ch.name).join('; '),
          (c.children ?? []).map((ch) => ch.dateOfBirth ?? '').join('; '),
          (c.children ?? []).map((ch) => ch.caseNumber ?? '').join('; '),
        ]
      : []),
  ]);
  return toCsv(header, rows);
}
