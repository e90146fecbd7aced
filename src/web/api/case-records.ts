/**
 * What the case page shows beside the case, for a case system: the record for the child's file
 * (JSON, and the same PDF the page prints), who was told and whether it was delivered, and the
 * access log (the partnership team only, as on the page). The same services as the pages, so
 * the same need-to-know rules and the same access-log entries; a case the caller may not see is
 * 404, as everywhere.
 */
import type { FastifyInstance } from 'fastify';
import { caseRecordFileName } from '../../reports/file-names.js';
import { caseRecordPdf } from '../../reports/pdf.js';
import { caseAccessLog } from '../../services/access-log.js';
import { caseRecord } from '../../services/case-record.js';
import { type CaseServiceDeps, readCase } from '../../services/cases/index.js';
import { caseIdParam } from '../case-id.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { apiActor } from './auth.js';
import { CaseIdParams } from './cases.js';
import { CASE_EXAMPLE, RECORD_EXAMPLE } from './examples.js';
import { operation } from './operation.js';
import { CaseAccessLog, CaseNotifications, CaseRecord, shaped } from './schemas.js';

const NOT_YOURS = 'No such case, or not one the caller may see';

export async function caseRecordsApi(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  app.get<{ Params: { id: string } }>(
    paths.api.caseRecord.pattern,
    operation(reach('need-to-know', ['read', 'print']), {
      operationId: 'getCaseRecord',
      summary: "The case record for the child's file",
      description:
        'What the PDF prints, in words: the disagreement as raised, each stage with what was recorded in it, who was told, and whether the tamper-evident record verifies.',
      tags: ['Case records'],
      params: CaseIdParams,
      answers: [
        { status: 200, description: 'The record', schema: CaseRecord, example: RECORD_EXAMPLE },
      ],
      errors: { 404: NOT_YOURS },
    }),
    async (request, reply) => {
      const actor = await apiActor(deps.db, request, reply);
      if (!actor) return reply;
      const record = await caseRecord(deps, actor, caseIdParam(request.params), 'api');
      return reply.header('cache-control', 'no-store').send(shaped(CaseRecord, record));
    },
  );

  app.get<{ Params: { id: string } }>(
    paths.api.caseRecordPdf.pattern,
    operation(reach('need-to-know', ['read', 'print']), {
      operationId: 'getCaseRecordPdf',
      summary: "The case record for the child's file, as a PDF",
      description: 'The same PDF as the case page\'s "Download the record (PDF)".',
      tags: ['Case records'],
      params: CaseIdParams,
      answers: [
        {
          status: 200,
          description: 'The record, as the page prints it',
          mediaType: 'application/pdf',
          example: '%PDF-1.7 ...',
          headers: { 'content-disposition': 'attachment; filename="<reference>-record.pdf"' },
        },
      ],
      errors: { 404: NOT_YOURS },
    }),
    async (request, reply) => {
      const actor = await apiActor(deps.db, request, reply);
      if (!actor) return reply;
      const record = await caseRecord(deps, actor, caseIdParam(request.params), 'api');
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header(
          'content-disposition',
          `attachment; filename="${caseRecordFileName(record.reference)}"`,
        )
        .send(await caseRecordPdf(record));
    },
  );

  app.get<{ Params: { id: string } }>(
    paths.api.caseNotifications.pattern,
    operation(reach('need-to-know', ['read']), {
      operationId: 'listCaseNotifications',
      summary: "A case's notifications and their delivery",
      description:
        'Everyone the policy said to tell, why, and whether the e-mail was delivered (queued, retrying, sent or failed, with the reason), oldest first, as the case page shows them.',
      tags: ['Case records'],
      params: CaseIdParams,
      answers: [
        {
          status: 200,
          description: 'The notifications',
          schema: CaseNotifications,
          example: {
            caseId: CASE_EXAMPLE.id,
            reference: CASE_EXAMPLE.reference,
            notifications: CASE_EXAMPLE.notifications,
          },
        },
      ],
      errors: { 404: NOT_YOURS },
    }),
    async (request, reply) => {
      const actor = await apiActor(deps.db, request, reply);
      if (!actor) return reply;
      const view = await readCase(deps, actor, caseIdParam(request.params), 'api');
      return reply.header('cache-control', 'no-store').send(
        shaped(CaseNotifications, {
          caseId: view.id,
          reference: view.reference,
          notifications: view.notifications,
        }),
      );
    },
  );

  app.get<{ Params: { id: string } }>(
    paths.api.caseAccessLog.pattern,
    operation(reach('case-access-log', ['access-log']), {
      operationId: 'getCaseAccessLog',
      summary: 'Who has read a case, when and how',
      description:
        "The case's access log, newest first (the latest 1,000 entries). For the partnership team of the case's partnership only, as on the page; looking at it is itself logged.",
      tags: ['Case records'],
      params: CaseIdParams,
      answers: [
        {
          status: 200,
          description: 'The access log',
          schema: CaseAccessLog,
          example: {
            caseId: CASE_EXAMPLE.id,
            reference: CASE_EXAMPLE.reference,
            entries: [
              {
                at: '2026-11-03T10:06:00.000Z',
                name: 'Ann Example',
                role: 'frontline',
                agency: 'Hillcrest Primary School',
                action: 'read',
                via: 'api',
              },
            ],
            truncated: false,
          },
        },
      ],
      errors: { 404: `${NOT_YOURS}, or the caller is not its partnership team` },
    }),
    async (request, reply) => {
      const actor = await apiActor(deps.db, request, reply);
      if (!actor) return reply;
      const log = await caseAccessLog(deps, actor, caseIdParam(request.params), 'api');
      return reply.header('cache-control', 'no-store').send(shaped(CaseAccessLog, log));
    },
  );
}
