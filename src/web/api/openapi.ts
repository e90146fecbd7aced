/**
 * The API described by OpenAPI 3.1, generated from what the API routes registered (operation.ts):
 * their Zod schemas, converted by zod 4, for parameters, bodies and answers (docs/adr/0027), so
 * the description cannot drift from the code. `apiDocument()` builds it without a database
 * (the API plugins only register routes), for `escalate openapi` and the generated client.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import { paths } from '../paths.js';
import { REACHES, type RouteAccess, reach } from '../route-access.js';
import { caseRecordsApi } from './case-records.js';
import { casesApi } from './cases.js';
import { directoryApi } from './directory.js';
import { figuresApi } from './figures.js';
import {
  type ErrorStatus,
  jsonSchema,
  NAMED_SCHEMAS,
  type OperationSpec,
  operation,
  TAGS,
} from './operation.js';
import { policiesApi } from './policies.js';
import { Problem } from './schemas.js';

export interface ApiOperation {
  method: string;
  url: string;
  access: RouteAccess;
  spec: OperationSpec;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** every API operation registered, in order (HEAD routes left out) */
    apiOperations: ApiOperation[];
  }
}

/** Collects the operations of the routes registered after it (at the app's root). */
export const apiOperations = fp(async (app: FastifyInstance) => {
  app.decorate('apiOperations', []);
  app.addHook('onRoute', (route) => {
    const spec = route.config?.openapi;
    if (!spec) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      app.apiOperations.push({
        method: method.toLowerCase(),
        url: route.url,
        access: route.config?.access as RouteAccess,
        spec,
      });
    }
  });
});

const ERRORS: Record<ErrorStatus | 500, { title: string; description: string }> = {
  400: {
    title: 'The request has mistakes',
    description: 'The request has mistakes: `errors` lists each, with its field',
  },
  401: {
    title: 'Sign in first',
    description: 'No valid API token (`Authorization: Bearer TOKEN`) or signed-in session',
  },
  403: { title: 'Forbidden', description: 'Not yours to do' },
  404: { title: 'Not found', description: 'No such thing, or not one the caller may see' },
  409: { title: 'Conflict', description: 'Conflicts with what is stored' },
  413: { title: 'Request too large', description: 'The body is larger than 256 KB' },
  414: {
    title: 'Bad address',
    description: 'A path parameter is longer than any id (over 100 characters)',
  },
  415: { title: 'Unsupported media type', description: 'The body is not application/json' },
  422: { title: 'That cannot be done', description: 'Refused: `detail` says why' },
  429: { title: 'Too many requests', description: 'Too many requests: wait and try again' },
  500: {
    title: 'Something went wrong',
    description:
      'A fault of ours: nothing was changed. Try again later; `reference` identifies the fault for the service desk',
  },
};

/** A write with the session cookie but without its CSRF token (plugins/session.ts). */
const CSRF =
  "Sent with a signed-in session instead of a token, without the session's `x-csrf-token` header";

const PROBLEM_TYPE = 'application/problem+json';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A named schema as a reference (collected into components), any other inline. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output', components: Map<string, unknown>) {
  const name = NAMED_SCHEMAS.get(schema);
  if (!name) return jsonSchema(schema, io);
  if (!components.has(name)) components.set(name, jsonSchema(schema, io));
  return ref(name);
}

function operationObject(op: ApiOperation, components: Map<string, unknown>) {
  const { spec, access } = op;
  const parameters = [
    ...Object.entries(spec.params?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: 'path',
      required: true,
      ...description(schema as z.ZodType),
      schema: jsonSchema(schema as z.ZodType, 'input'),
    })),
    ...Object.entries(spec.query?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      ...(spec.queryDescriptions?.[name]
        ? { description: spec.queryDescriptions[name] }
        : description(schema as z.ZodType)),
      schema: jsonSchema(schema as z.ZodType, 'input'),
    })),
  ];
  const responses: Record<string, unknown> = {};
  for (const answer of spec.answers) {
    const mediaType = answer.mediaType ?? 'application/json';
    const schema = answer.schema
      ? schemaOf(answer.schema, 'output', components)
      : mediaType === 'application/pdf'
        ? { type: 'string', format: 'binary' }
        : { type: 'string' };
    responses[String(answer.status)] = {
      description: answer.description,
      ...(answer.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(answer.headers).map(([name, text]) => [
                name,
                { description: text, schema: { type: 'string' } },
              ]),
            ),
          }
        : {}),
      content: { [mediaType]: { schema, example: answer.example } },
    };
  }
  const errors: Partial<Record<ErrorStatus | 500, string>> = {
    400: ERRORS[400].description,
    ...(spec.public ? {} : { 401: ERRORS[401].description }),
    ...(spec.params ? { 414: ERRORS[414].description } : {}),
    ...(spec.body
      ? {
          403: CSRF,
          413: ERRORS[413].description,
          415: ERRORS[415].description,
        }
      : {}),
    ...spec.errors,
    ...(spec.body && spec.errors?.[403] ? { 403: `${spec.errors[403]}; or ${CSRF}` } : {}),
    500: ERRORS[500].description,
  };
  components.set('Problem', jsonSchema(Problem));
  for (const [status, text] of Object.entries(errors).sort(([a], [b]) => a.localeCompare(b))) {
    const { title } = ERRORS[Number(status) as ErrorStatus | 500];
    responses[status] = {
      description: text,
      content: {
        [PROBLEM_TYPE]: {
          schema: ref('Problem'),
          example: { type: 'about:blank', title, status: Number(status), detail: `${text}.` },
        },
      },
    };
  }
  const logs = access.logs.length
    ? ` Written to the case's access log as: ${access.logs.join(', ')}.`
    : '';
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: `${spec.description ? `${spec.description}\n\n` : ''}Who may: ${REACHES[access.reach]}.${logs}`,
    tags: spec.tags,
    ...(spec.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            ...(spec.body.description ? { description: spec.body.description } : {}),
            content: {
              'application/json': {
                schema: schemaOf(spec.body.schema, 'input', components),
                example: spec.body.example,
              },
            },
          },
        }
      : {}),
    responses,
  };
}

function description(schema: z.ZodType) {
  const text = (jsonSchema(schema, 'input') as { description?: string }).description;
  return text ? { description: text } : {};
}

/** The OpenAPI 3.1 document of these operations. */
export function openApiDocument(operations: readonly ApiOperation[]) {
  const components = new Map<string, unknown>();
  const pathItems: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const url = op.url.replace(/:(\w+)/g, '{$1}');
    pathItems[url] ??= {};
    pathItems[url][op.method] = operationObject(op, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Escalate API',
      version: '1',
      description:
        "Raise and work professional disagreements about a child's safety, as the partnership's escalation policy requires. Every error is `application/problem+json` (RFC 9457) with the fields of the Problem schema. A case the caller may not see is answered as if it did not exist (404). Every read of a case is written to its access log.",
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'This service (the document is served by it)' }],
    security: [{ bearer: [] }],
    tags: Object.entries(TAGS).map(([name, text]) => ({ name, description: text })),
    paths: pathItems,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API token, sent as `Authorization: Bearer TOKEN`. Make one with: npx escalate token create --email YOU',
        },
      },
      schemas: Object.fromEntries([...components].sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;

/** Enough of the document's shape to say what it is (OpenAPI 3.1 says the rest). */
const DocumentShape = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

export async function openApiRoute(app: FastifyInstance): Promise<void> {
  let document: OpenApiDocument | undefined;
  app.get(
    paths.api.openapi.pattern,
    operation(reach('anyone'), {
      operationId: 'getOpenApiDocument',
      summary: 'This description of the API (OpenAPI 3.1)',
      tags: ['API description'],
      public: true,
      answers: [
        {
          status: 200,
          description: 'The OpenAPI document',
          schema: DocumentShape,
          example: { openapi: '3.1.0', info: { title: 'Escalate API', version: '1' }, paths: {} },
        },
      ],
    }),
    async (_request, reply) => {
      document ??= openApiDocument(app.apiOperations);
      return reply.send(document);
    },
  );
}

/** The API plugins, in the order the app registers them. */
export async function apiRoutes(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  await app.register(casesApi, deps);
  await app.register(caseRecordsApi, deps);
  await app.register(directoryApi, deps);
  await app.register(policiesApi, deps);
  await app.register(figuresApi, deps);
  await app.register(openApiRoute);
}

/** The document, from the API routes registered on an app of their own (no database needed). */
export async function apiDocument(): Promise<OpenApiDocument> {
  const app = Fastify();
  await app.register(apiOperations);
  await app.register(apiRoutes, { db: undefined as never, now: () => new Date() });
  await app.ready();
  const document = openApiDocument(app.apiOperations);
  await app.close();
  return document;
}
