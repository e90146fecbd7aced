/**
 * The API described by OpenAPI 3.1, its request schemas generated from the same Zod schemas the
 * handlers parse with, so the description cannot drift from the code.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CaseCommand, RaiseCommand } from '../../domain/case/index.js';
import { DirectoryFile } from '../../domain/directory.js';
import { ReportQuery } from '../../reports/query.js';
import { CaseListQuery } from '../case-list-query.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';

const LIST_PARAMETERS: Record<string, string> = {
  status: 'open, resolved, decided or withdrawn',
  stage: 'the stage a case is at now',
  overdue: 'true: open cases past their due time; false: the rest',
  agency: 'an agency id (GET /api/v1/agencies): cases it is in, on either side',
  category: 'what the disagreement is about',
  page: 'the page, from 1',
};

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });

const problem = { $ref: '#/components/schemas/Problem' };
const answers = (ok: Record<string, unknown>) => ({
  ...ok,
  '400': {
    description: 'The request has mistakes',
    content: { 'application/problem+json': { schema: problem } },
  },
  '401': {
    description: 'No valid token or session',
    content: { 'application/problem+json': { schema: problem } },
  },
});

export function openApiDocument() {
  const raise = jsonSchema(RaiseCommand) as { properties?: Record<string, unknown> };
  delete raise.properties?.type;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Escalate API',
      version: '1',
      description:
        "Raise and work professional disagreements about a child's safety, as the partnership's escalation policy requires.",
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'npx escalate token create --email YOU',
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
          },
          required: ['title', 'status', 'detail'],
        },
        Raise: raise,
        Command: jsonSchema(CaseCommand),
        Directory: jsonSchema(DirectoryFile),
      },
    },
    paths: {
      '/api/v1/cases': {
        post: {
          summary: 'Raise a disagreement as the caller',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Raise' } } },
          },
          responses: answers({
            '201': {
              description:
                'The case, with `possibleDuplicates`: the open cases the caller may see about the same child (name and date of birth) with the same other agencies, as `[{ id, reference }]` (raised all the same)',
            },
            '422': { description: 'The policy refuses it' },
          }),
        },
        get: {
          summary: 'The cases the caller may see',
          description:
            'Soonest due first, then the cases with no due time (closed ones), newest raised first; ties by id. A page holds 200; nextPage is the next page number, or null after the last. Blank values mean any.',
          parameters: Object.keys(CaseListQuery.shape).map((name) => ({
            name,
            in: 'query',
            required: false,
            schema: jsonSchema(CaseListQuery.shape[name as keyof typeof CaseListQuery.shape]),
            description: LIST_PARAMETERS[name],
          })),
          responses: answers({ '200': { description: 'The cases' } }),
        },
      },
      '/api/v1/cases/{id}': {
        get: {
          summary: 'One case, with its record and notifications (every read is logged)',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: answers({
            '200': { description: 'The case' },
            '404': { description: 'No such case, or not one the caller may see' },
          }),
        },
      },
      '/api/v1/cases/{id}/turn': {
        get: {
          summary:
            'Whose turn it is, what is asked of the caller, the holders (phone and e-mail) and the actions the caller may take now',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: answers({
            '200': {
              description:
                '{id, version, stage, dueAt, yours, side, ask, actions, holders: [{side, name, role, agency, email, phone, heldFor?}] (heldFor: the agency on that side a holder from another agency holds the stage for), missing}',
            },
            '404': { description: 'No such case, or not one the caller may see' },
          }),
        },
      },
      '/api/v1/cases/{id}/commands': {
        post: {
          summary:
            'Act on a case: record, escalate, resolve, refer, convene, decide, withdraw, reopen',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Command' } } },
          },
          responses: answers({
            '200': { description: 'The case after the command' },
            '404': { description: 'No such case, or not one the caller may see' },
            '409': { description: 'expectedVersion is stale: someone else changed the case' },
            '422': {
              description:
                "The policy refuses the command, or it is not the caller's part (code not-your-part: only the raising side withdraws, only the holders escalate, only the chair or panel decides ...); detail says why and who may",
            },
          }),
        },
      },
      '/api/v1/agencies': {
        get: {
          summary: "The agencies of the caller's partnership",
          responses: answers({ '200': { description: 'Agencies' } }),
        },
      },
      '/api/v1/people': {
        get: {
          summary: "The people of the caller's partnership",
          responses: answers({ '200': { description: 'People' } }),
        },
      },
      '/api/v1/partnership/figures': {
        get: {
          summary:
            "The partnership's dashboard figures and tables for a period (partnership team and chair)",
          parameters: Object.keys(ReportQuery.shape).map((name) => ({
            name,
            in: 'query',
            required: false,
            schema: jsonSchema(ReportQuery.shape[name as keyof typeof ReportQuery.shape]),
          })),
          responses: answers({
            '200': { description: 'The figures, and each table with its columns and rows' },
            '404': { description: 'Not the partnership team or chair' },
          }),
        },
      },
      '/api/v1/policies': {
        get: {
          summary: "Every stored version of the caller's partnership's policies",
          responses: answers({ '200': { description: 'Policy versions' } }),
        },
        post: {
          summary:
            "Add a version of the caller's partnership's own policy (partnership team): the file's YAML text as `yaml`",
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['yaml'],
                  properties: { yaml: { type: 'string' } },
                  additionalProperties: false,
                },
              },
            },
          },
          responses: answers({
            '200': { description: 'This version was already stored with the same content' },
            '201': { description: 'Added as a new version' },
            '403': { description: 'Not the partnership team, or another partnership' },
            '409': { description: 'Refused: the id or version number is taken' },
            '422': { description: 'The policy has mistakes: every one, with its path and line' },
          }),
        },
      },
      '/api/v1/policies/{id}': {
        get: {
          summary: 'The newest version of a policy, normalised',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: answers({
            '200': { description: 'The policy' },
            '404': { description: 'No such policy' },
          }),
        },
      },
      '/api/v1/directory': {
        post: {
          summary: "Import the caller's partnership's directory (administrators)",
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Directory' } } },
          },
          responses: answers({
            '200': { description: 'Counts imported' },
            '403': { description: 'Not an administrator' },
            '422': { description: 'Mistakes' },
          }),
        },
      },
    },
  };
}

export async function openApiRoute(app: FastifyInstance): Promise<void> {
  const document = openApiDocument();
  app.get(paths.api.openapi.pattern, reach('anyone'), async () => document);
}
