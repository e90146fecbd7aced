/**
 * Partnership oversight pages: the dashboard (GET form of filters, figures, charts with their
 * tables), each table and the cases as CSV, and the board report as HTML and PDF. Only the
 * partnership team and the chair; anyone else gets the 404 page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { boardReportFileName } from '../../reports/file-names.js';
import { boardReportPdf } from '../../reports/pdf.js';
import { PERIOD_LABELS, PERIODS } from '../../reports/period.js';
import { queryString, ReportQuery } from '../../reports/query.js';
import { formatCell, TABLE_KEYS, type TableKey } from '../../reports/tables.js';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import {
  boardReport,
  ChildDetailsRefused,
  casesExport,
  type Dashboard,
  type Download,
  dashboard,
  dashboardTableCsv,
  filterOptions,
  mayOversee,
} from '../../services/oversight.js';
import type { Actor } from '../../services/people.js';
import {
  dateInput,
  dateParts,
  type FormBody,
  type FormErrors,
  formErrors,
  text,
} from '../forms.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { pageActor } from './guard.js';

const FIELDS: Record<string, string> = {
  period: 'period',
  from: 'from-day',
  to: 'to-day',
  agency: 'agency',
  sector: 'sector',
  category: 'category',
  stage: 'stage',
};

type Parsed = { ok: true; query: ReportQuery } | { ok: false; errors: FormErrors };

/** The query string as a ReportQuery: the custom dates may come as GOV.UK date inputs. */
export function parseReportQuery(raw: FormBody): Parsed {
  const problems: { field: string; message: string }[] = [];
  const values: Record<string, string | undefined> = {
    period: text(raw, 'period'),
    from: text(raw, 'from'),
    to: text(raw, 'to'),
    agency: text(raw, 'agency'),
    sector: text(raw, 'sector'),
    category: text(raw, 'category'),
    stage: text(raw, 'stage'),
  };
  for (const [name, label] of [
    ['from', 'The first day'],
    ['to', 'The last day'],
  ] as const) {
    const date = dateInput(raw, name, label);
    if (!date.ok) problems.push({ field: FIELDS[name] as string, message: date.message });
    else if (date.iso) values[name] = date.iso;
  }
  const parsed = ReportQuery.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'period');
      problems.push({ field: FIELDS[key] ?? 'period', message: issue.message });
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, errors: formErrors(problems) };
  return { ok: true, query: parsed.data };
}

/** The signed-in overseer, or undefined once the sign-in redirect or 404 page is sent. */
function overseer(request: FastifyRequest, reply: FastifyReply): Actor | undefined {
  const actor = pageActor(request, reply);
  if (!actor) return undefined;
  if (mayOversee(actor)) return actor;
  reply.code(404).render('404.njk');
  return undefined;
}

function sendCsv(reply: FastifyReply, file: Download) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .send(`\uFEFF${file.text}`);
}

export async function partnershipRoutes(
  app: FastifyInstance,
  deps: CaseServiceDeps,
): Promise<void> {
  app.get(paths.partnership.pattern, reach('oversight'), async (request, reply) => {
    const actor = overseer(request, reply);
    if (!actor) return reply;
    const raw = request.query as FormBody;
    const parsed = parseReportQuery(raw);
    const options = await filterOptions(deps, actor);
    const form = {
      period: text(raw, 'period') || 'last-12-months',
      from: dateParts(text(raw, 'from')),
      to: dateParts(text(raw, 'to')),
      agency: text(raw, 'agency'),
      sector: text(raw, 'sector'),
      category: text(raw, 'category'),
      stage: text(raw, 'stage'),
    };
    for (const name of ['from', 'to'] as const) {
      if (text(raw, `${name}-year`) || text(raw, `${name}-month`) || text(raw, `${name}-day`)) {
        form[name] = {
          day: text(raw, `${name}-day`),
          month: text(raw, `${name}-month`),
          year: text(raw, `${name}-year`),
        };
      }
    }
    const periods = PERIODS.map((p) => ({ value: p, text: PERIOD_LABELS[p] }));
    if (!parsed.ok) {
      return reply.code(400).render('partnership/dashboard.njk', {
        options,
        periods,
        form,
        errors: parsed.errors,
        errorSummary: parsed.errors.summary,
      });
    }
    const shown = await dashboard(deps, actor, parsed.query);
    const search = queryString(parsed.query);
    return reply.render('partnership/dashboard.njk', {
      options,
      periods,
      form,
      figures: shown.figures,
      sections: sectionsOf(shown, search),
      search,
    });
  });

  app.get<{ Params: { file: string } }>(
    paths.partnershipTable.pattern,
    reach('oversight'),
    async (request, reply) => {
      const actor = overseer(request, reply);
      if (!actor) return reply;
      const file = request.params.file;
      const key = TABLE_KEYS.find((k) => `${k}.csv` === file) as TableKey | undefined;
      const parsed = parseReportQuery(request.query as FormBody);
      if (!key) return reply.code(404).render('404.njk');
      if (!parsed.ok) return badQuery(reply, parsed.errors);
      return sendCsv(reply, await dashboardTableCsv(deps, actor, parsed.query, key));
    },
  );

  app.get(
    paths.partnershipCasesCsv.pattern,
    reach('oversight', ['export']),
    async (request, reply) => {
      const actor = overseer(request, reply);
      if (!actor) return reply;
      const raw = request.query as FormBody;
      const parsed = parseReportQuery(raw);
      if (!parsed.ok) return badQuery(reply, parsed.errors);
      const withChildren = text(raw, 'children') === 'include';
      try {
        return sendCsv(reply, await casesExport(deps, actor, parsed.query, withChildren));
      } catch (error) {
        if (!(error instanceof ChildDetailsRefused)) throw error;
        return reply
          .code(403)
          .render('error.njk', { title: 'You cannot download that', detail: error.message });
      }
    },
  );

  app.get(paths.partnershipReport.pattern, reach('oversight'), async (request, reply) => {
    const actor = overseer(request, reply);
    if (!actor) return reply;
    const parsed = parseReportQuery(request.query as FormBody);
    if (!parsed.ok) return badQuery(reply, parsed.errors);
    const report = await boardReport(deps, actor, parsed.query);
    const search = queryString(parsed.query);
    return reply.render('partnership/report.njk', {
      report,
      sections: sectionsOf(report, search),
      search,
    });
  });

  app.get(paths.partnershipReportPdf.pattern, reach('oversight'), async (request, reply) => {
    const actor = overseer(request, reply);
    if (!actor) return reply;
    const parsed = parseReportQuery(request.query as FormBody);
    if (!parsed.ok) return badQuery(reply, parsed.errors);
    const report = await boardReport(deps, actor, parsed.query);
    return reply
      .type('application/pdf')
      .header(
        'content-disposition',
        `attachment; filename="${boardReportFileName(report.figures.period)}"`,
      )
      .send(await boardReportPdf(report));
  });
}

/** Each table as the page shows it: cells in words, its charts, its CSV link, case links. */
function sectionsOf(shown: Pick<Dashboard, 'tables' | 'charts' | 'figures'>, search: string) {
  return shown.tables.map((table) => ({
    ...table,
    cells: table.rows.map((row) =>
      row.map((cell, i) => {
        const column = table.columns[i] as (typeof table.columns)[number];
        return { text: formatCell(cell, column), numeric: column.numeric ?? false };
      }),
    ),
    charts: shown.charts.filter((c) => c.table === table.key),
    csv: `/partnership/tables/${table.key}.csv${search}`,
    links:
      table.key === 'overdue'
        ? shown.figures.overdue.cases.map((c) => paths.caseShow({ id: c.id }))
        : [],
  }));
}

function badQuery(reply: FastifyReply, errors: FormErrors) {
  return reply.code(400).render('error.njk', {
    title: 'There is a problem with the figures asked for',
    detail: errors.summary.map((e) => e.text).join('. '),
  });
}
