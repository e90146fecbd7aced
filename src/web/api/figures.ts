/**
 * The partnership's figures, for the partnership team's own tools: the dashboard's numbers and
 * tables for a period and filters as JSON, each table as CSV, and the cases as CSV (the same
 * ReportQuery and the same services as the pages' downloads). Anyone but the partnership team
 * and chair: 404, as for a case they may not see.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ReportQuery } from '../../reports/query.js';
import { TABLE_KEYS, type TableKey } from '../../reports/tables.js';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import {
  ChildDetailsRefused,
  casesExport,
  type Download,
  dashboard,
  dashboardTableCsv,
  mayOversee,
} from '../../services/oversight.js';
import type { Actor } from '../../services/people.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { apiActor } from './auth.js';
import { FIGURES_EXAMPLE } from './examples.js';
import { operation } from './operation.js';
import { sendInvalid, sendProblem } from './problem.js';
import { PartnershipFigures, shaped } from './schemas.js';

const NOT_OVERSEER = 'Not the partnership team or chair';
const QUERY_DESCRIPTIONS: Record<string, string> = {
  period: 'A preset period, or `custom` with from and to',
  from: 'custom: the first day, YYYY-MM-DD',
  to: 'custom: the last day, YYYY-MM-DD',
  agency: 'Only cases this agency is in',
  sector: 'Only cases raised by or with an agency of this sector',
  category: 'Only disagreements about this',
  stage: 'Only cases that reached this stage or a later one',
};

const TableParams = z.object({
  file: z
    .enum(TABLE_KEYS.map((key) => `${key}.csv`) as [string, ...string[]])
    .describe('The table, as the dashboard names its CSV download'),
});

const ChildrenQuery = z.object({
  children: z
    .enum(['include', 'leave-out'])
    .optional()
    .describe(
      "`include`: with the children's details (partnership team only; each case exported with them is written in its access log)",
    ),
});
/** As the document describes it: the report's query and whether to include the children. */
const CasesCsvQuery = z.object({ ...ReportQuery.shape, ...ChildrenQuery.shape });

const CSV_HEADERS = { 'content-disposition': 'attachment; filename="<the file name>"' };

function sendCsv(reply: FastifyReply, file: Download) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .send(`\uFEFF${file.text}`);
}

export async function figuresApi(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  /** The partnership team or chair calling, or undefined once the 401 or 404 is sent. */
  async function overseer(request: FastifyRequest, reply: FastifyReply) {
    const actor = await apiActor(deps.db, request, reply);
    if (!actor) return undefined;
    if (mayOversee(actor)) return actor;
    sendProblem(reply, 404, 'Not found', 'There is nothing here that you can see.');
    return undefined;
  }

  app.get(
    paths.api.partnershipFigures.pattern,
    operation(reach('oversight'), {
      operationId: 'getPartnershipFigures',
      summary: "The partnership's dashboard figures and tables for a period",
      tags: ['Partnership'],
      query: ReportQuery,
      queryDescriptions: QUERY_DESCRIPTIONS,
      answers: [
        {
          status: 200,
          description: 'The figures, and each table with its columns and rows',
          schema: PartnershipFigures,
          example: FIGURES_EXAMPLE,
        },
      ],
      errors: { 404: NOT_OVERSEER },
    }),
    async (request, reply) => {
      const actor = await overseer(request, reply);
      if (!actor) return reply;
      const query = ReportQuery.safeParse(request.query);
      if (!query.success) return sendInvalid(reply, query.error);
      const shown = await dashboard(deps, actor, query.data, { charts: false });
      return reply
        .header('cache-control', 'no-store')
        .send(shaped(PartnershipFigures, { figures: shown.figures, tables: shown.tables }));
    },
  );

  app.get<{ Params: { file: string } }>(
    paths.api.partnershipTable.pattern,
    operation(reach('oversight'), {
      operationId: 'getPartnershipTableCsv',
      summary: "One of the dashboard's tables as CSV",
      description: 'The same file as the dashboard\'s "Download this table (CSV)" link.',
      tags: ['Partnership'],
      params: TableParams,
      query: ReportQuery,
      queryDescriptions: QUERY_DESCRIPTIONS,
      answers: [
        {
          status: 200,
          description: 'The table, UTF-8 with a byte-order mark (as spreadsheets expect)',
          mediaType: 'text/csv',
          example: 'Stage,Cases\r\n2. Line managers,1\r\n',
          headers: CSV_HEADERS,
        },
      ],
      errors: { 404: `${NOT_OVERSEER}, or no such table` },
    }),
    async (request, reply) => {
      const actor = await overseer(request, reply);
      if (!actor) return reply;
      const key = TABLE_KEYS.find((k) => `${k}.csv` === request.params.file) as
        | TableKey
        | undefined;
      if (!key) return sendProblem(reply, 404, 'Not found', 'There is no table of that name.');
      const query = ReportQuery.safeParse(request.query);
      if (!query.success) return sendInvalid(reply, query.error);
      return sendCsv(reply, await dashboardTableCsv(deps, actor, query.data, key));
    },
  );

  app.get(
    paths.api.partnershipCasesCsv.pattern,
    operation(reach('oversight', ['export']), {
      operationId: 'getPartnershipCasesCsv',
      summary: 'The cases raised in a period, as CSV',
      description:
        "The same file as the dashboard's cases download: one row per case, without the children's details unless asked for (partnership team only).",
      tags: ['Partnership'],
      query: CasesCsvQuery,
      queryDescriptions: QUERY_DESCRIPTIONS,
      answers: [
        {
          status: 200,
          description: 'The cases, UTF-8 with a byte-order mark (as spreadsheets expect)',
          mediaType: 'text/csv',
          example: 'Reference,Raised,Status\r\nESC-2026-0001,2026-11-02T09:30:00.000Z,open\r\n',
          headers: CSV_HEADERS,
        },
      ],
      errors: {
        403: "The children's details were asked for by the chair (partnership team only)",
        404: NOT_OVERSEER,
      },
    }),
    async (request, reply) => {
      const actor: Actor | undefined = await overseer(request, reply);
      if (!actor) return reply;
      const query = ReportQuery.safeParse(request.query);
      if (!query.success) return sendInvalid(reply, query.error);
      const asked = ChildrenQuery.safeParse(request.query);
      if (!asked.success) return sendInvalid(reply, asked.error);
      const withChildren = asked.data.children === 'include';
      try {
        return sendCsv(reply, await casesExport(deps, actor, query.data, withChildren, 'api'));
      } catch (error) {
        if (!(error instanceof ChildDetailsRefused)) throw error;
        return sendProblem(reply, 403, 'You cannot download that', error.message);
      }
    },
  );
}
