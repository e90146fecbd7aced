/**
 * Partnership oversight: the dashboard, its CSV downloads and the board report, for the
 * partnership team and the independent chair of one partnership only (docs/words.md: the
 * business unit sees all open cases; the chair's cases are referred to them). Anyone else is
 * told there is nothing here (NotOverseer, answered as 404 like any case they may not see).
 */
import { CATEGORIES, SECTORS } from '../domain/policy/schema.js';
import { type BoardReport, headlines, type Learning, themes } from '../reports/board-report.js';
import { chartsFor } from '../reports/charts.js';
import { casesCsv, exportedCases, tableCsv } from '../reports/csv.js';
import {
  type Figures,
  type Filters,
  matching,
  partnershipFigures,
} from '../reports/figures/index.js';
import { casesFileName, tableFileName } from '../reports/file-names.js';
import { filtersOf, type ReportQuery } from '../reports/query.js';
import { dashboardTables, type Table, type TableKey } from '../reports/tables.js';
import { eventData } from '../store/event-store.js';
import { CATEGORY_LABELS, SECTOR_LABELS } from '../words.js';
import { isPartnershipWide } from './access.js';
import type { CaseServiceDeps, Via } from './cases/index.js';
import { logAccess } from './log-access.js';
import type { Actor } from './people.js';
import { latestPolicy } from './policy-registry.js';

export class NotOverseer extends Error {
  constructor() {
    super('Only the partnership team and the chair can see the partnership dashboard.');
  }
}

export class ChildDetailsRefused extends Error {
  constructor() {
    super("Only the partnership team can download children's details with the cases.");
  }
}

export function mayOversee(actor: Pick<Actor, 'role'>): boolean {
  return isPartnershipWide(actor);
}

function scopeOf(actor: Actor) {
  if (!mayOversee(actor)) throw new NotOverseer();
  return { partnershipId: actor.partnershipId };
}

export interface Option {
  value: string;
  text: string;
}

export interface FilterOptions {
  partnership: string;
  agencies: Option[];
  sectors: Option[];
  categories: Option[];
  stages: Option[];
}

/** The choices the filter form offers: this partnership's agencies, sectors and stages. */
export async function filterOptions(deps: CaseServiceDeps, actor: Actor): Promise<FilterOptions> {
  const { partnershipId } = scopeOf(actor);
  const partnership = await deps.db
    .selectFrom('partnerships')
    .select(['name', 'policy_id'])
    .where('id', '=', partnershipId)
    .executeTakeFirstOrThrow();
  const agencies = await deps.db
    .selectFrom('agencies')
    .select(['id', 'name', 'sector'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('name')
    .execute();
  const policy = await latestPolicy(deps.db, partnership.policy_id);
  const present = new Set(agencies.map((a) => a.sector));
  return {
    partnership: partnership.name,
    agencies: agencies.map((a) => ({ value: a.id, text: a.name })),
    sectors: SECTORS.filter((s) => present.has(s)).map((s) => ({
      value: s,
      text: SECTOR_LABELS[s] ?? s,
    })),
    categories: CATEGORIES.map((c) => ({ value: c, text: CATEGORY_LABELS[c] ?? c })),
    stages: (policy?.stages ?? []).map((s, i) => ({
      value: String(i + 1),
      text: `${i + 1}. ${s.name}`,
    })),
  };
}

export interface Dashboard {
  figures: Figures;
  tables: Table[];
  charts: Awaited<ReturnType<typeof chartsFor>>;
}

export async function dashboard(
  deps: CaseServiceDeps,
  actor: Actor,
  query: ReportQuery,
  options: { charts: boolean } = { charts: true },
): Promise<Dashboard> {
  const now = deps.now();
  const figures = await partnershipFigures(deps.db, scopeOf(actor), filtersOf(query, now), now);
  const tables = dashboardTables(figures);
  const charts = options.charts ? (await Promise.all(tables.map(chartsFor))).flat() : [];
  return { figures, tables, charts };
}

/** A file to download: its text and the name to save it under. */
export interface Download {
  fileName: string;
  text: string;
}

export async function dashboardTableCsv(
  deps: CaseServiceDeps,
  actor: Actor,
  query: ReportQuery,
  key: TableKey,
): Promise<Download> {
  const now = deps.now();
  const figures = await partnershipFigures(deps.db, scopeOf(actor), filtersOf(query, now), now);
  const table = dashboardTables(figures).find((t) => t.key === key) as Table;
  return { fileName: tableFileName(key, figures.period), text: await tableCsv(table) };
}

/**
 * The cases as CSV. Children's details only when asked, and only for the partnership team;
 * each case exported with them is written in its access log.
 */
export async function casesExport(
  deps: CaseServiceDeps,
  actor: Actor,
  query: ReportQuery,
  withChildren: boolean,
  via: Via = 'page',
): Promise<Download> {
  const scope = scopeOf(actor);
  if (withChildren && actor.role !== 'partnership-team') throw new ChildDetailsRefused();
  const now = deps.now();
  const filters = filtersOf(query, now);
  const cases = await exportedCases(deps.db, scope, filters, { withChildren });
  if (withChildren) {
    const at = now.toISOString();
    await Promise.all(cases.map((c) => logAccess(deps.db, actor, c.id, 'export', via, at)));
  }
  return {
    fileName: casesFileName(filters.period, withChildren),
    text: await casesCsv(cases, withChildren),
  };
}

/** Learning for the partnership recorded at resolution or decision in the period. */
async function learningIn(
  deps: CaseServiceDeps,
  scope: { partnershipId: string },
  filters: Filters,
): Promise<Learning[]> {
  const rows = await deps.db
    .selectFrom('cases')
    .innerJoin('events', 'events.case_id', 'cases.id')
    .leftJoin('event_personal', (join) =>
      join
        .onRef('event_personal.case_id', '=', 'events.case_id')
        .onRef('event_personal.seq', '=', 'events.seq'),
    )
    .leftJoin('case_stages', (join) =>
      join
        .onRef('case_stages.case_id', '=', 'cases.id')
        .onRef('case_stages.stage_number', '=', 'cases.stage_number')
        .on('case_stages.entered_at', 'is not', null),
    )
    .select([
      'cases.reference',
      'events.type',
      'events.at',
      'events.data',
      'events.personal_digest',
      'event_personal.data as personal_data',
      'case_stages.stage_name',
    ])
    .where('cases.closed_at', '>=', filters.period.from)
    .where('cases.closed_at', '<', filters.period.to)
    .where('events.type', 'in', ['resolved', 'decision-made'])
    .where('events.at', '>=', filters.period.from)
    .where('events.at', '<', filters.period.to)
    .where(matching(scope, filters))
    .orderBy('events.at')
    .execute();
  const seen = new Set<string>();
  const learning: Learning[] = [];
  for (const row of rows) {
    // learning is personal (free text): merged in, or the retention rule's notice
    const data = eventData(row) as { learning?: string; decidedBy?: string };
    const id = `${row.reference} ${row.at}`;
    if (!data.learning?.trim() || seen.has(id)) continue;
    seen.add(id);
    learning.push({
      reference: row.reference,
      at: row.at,
      stage: row.stage_name ?? '',
      how:
        row.type === 'resolved'
          ? 'Resolved'
          : data.decidedBy === 'panel'
            ? 'Decided by a Resolution Panel'
            : 'Decided by the chair',
      text: data.learning.trim(),
    });
  }
  return learning;
}

export async function boardReport(
  deps: CaseServiceDeps,
  actor: Actor,
  query: ReportQuery,
): Promise<BoardReport> {
  const scope = scopeOf(actor);
  const now = deps.now();
  const filters = filtersOf(query, now);
  const [shown, options, learning] = await Promise.all([
    dashboard(deps, actor, query),
    filterOptions(deps, actor),
    learningIn(deps, scope, filters),
  ]);
  const chosen = (list: Option[], value: string | number | undefined) =>
    list.find((o) => o.value === String(value))?.text;
  const described = [
    query.agency && `Cases involving ${chosen(options.agencies, query.agency) ?? 'one agency'}`,
    query.sector && `Cases involving ${chosen(options.sectors, query.sector)?.toLowerCase()}`,
    query.category && `Category: ${chosen(options.categories, query.category)}`,
    query.stage && `Cases that reached stage ${query.stage} or beyond`,
  ].filter((line): line is string => Boolean(line));
  return {
    partnership: options.partnership,
    title: `Escalations report: ${filters.period.label}`,
    periodLabel: filters.period.label,
    generatedAt: now.toISOString(),
    filters: described,
    figures: shown.figures,
    headlines: headlines(shown.figures),
    themes: themes(shown.figures),
    tables: shown.tables,
    charts: shown.charts,
    learning,
  };
}
