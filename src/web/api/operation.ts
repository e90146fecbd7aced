/**
 * How an API route describes itself (docs/adr/0027): beside its `reach(...)`, the route's options
 * carry its OpenAPI operation (id, summary, tags, the Zod schemas of its parameters, body and
 * answers, and examples) in `config.openapi`, and the JSON Schema of each JSON answer in
 * `schema.response`, which Fastify compiles to serialize the answer. The document (openapi.ts)
 * is built from what the routes registered, so it lists exactly the routes there are.
 *
 * Requests are not validated by Fastify: the handlers parse them with the same Zod schemas the
 * pages and the CLI use (plain-English messages, written once), and the document describes
 * those schemas.
 */
import { z } from 'zod';
import type { reach } from '../route-access.js';

export const TAGS = {
  Cases: 'Raise a disagreement, read it, see whose turn it is and act on it',
  'Case records': "A case's record for the child's file, its notifications and its access log",
  Directory: "The partnership's agencies and people, and the import of its directory",
  Policies: "The partnership's escalation policies, and adding its own",
  Partnership: "The partnership's figures, for the partnership team and chair",
  'API description': 'This document',
} as const;
export type Tag = keyof typeof TAGS;

/** Every error status an operation can answer, besides 500 and 503 (any route, any time). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 414 | 415 | 422 | 429;

export interface Answer {
  status: 200 | 201;
  description: string;
  /** a JSON answer's schema; absent for a file (media type below) */
  schema?: z.ZodType;
  /** application/json unless this says otherwise */
  mediaType?: 'text/csv' | 'application/pdf';
  example: unknown;
  headers?: Record<string, string>;
}

export interface OperationSpec {
  operationId: string;
  summary: string;
  description?: string;
  tags: [Tag, ...Tag[]];
  /** the path parameters, as the handler reads them */
  params?: z.ZodObject;
  /** the query, as the handler parses it */
  query?: z.ZodObject;
  /** what each query parameter means (when its schema does not say) */
  queryDescriptions?: Record<string, string>;
  body?: { schema: z.ZodType; example: unknown; description?: string };
  answers: [Answer, ...Answer[]];
  /**
   * the refusals this operation can give, and when; 400, 401 and 500 are added, 414 with path
   * parameters, and 403 (a session's write without its CSRF token), 413 and 415 with a body
   */
  errors?: Partial<Record<ErrorStatus, string>>;
  /** needs no token (the API description itself) */
  public?: boolean;
}

/** JSON Schema (draft 2020-12, as OpenAPI 3.1 uses) of a Zod schema, without `$schema`. */
export function jsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output' = 'output',
): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    override: ({ jsonSchema }) => mergeSameAlternatives(jsonSchema),
  }) as Record<string, unknown>;
  return rest;
}

/**
 * A union whose alternatives all parse into the same shape (a policy's `within: immediately`
 * is read as `{immediately: true}`) has identical alternatives as output: one is enough.
 */
function mergeSameAlternatives(jsonSchema: Record<string, unknown>): void {
  const anyOf = jsonSchema.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length < 2) return;
  const first = JSON.stringify(anyOf[0]);
  if (!anyOf.every((alternative) => JSON.stringify(alternative) === first)) return;
  delete jsonSchema.anyOf;
  Object.assign(jsonSchema, anyOf[0]);
}

/** The names the document gives its shared schemas (components/schemas), by schema. */
export const NAMED_SCHEMAS = new Map<z.ZodType, string>();

/** The schema, named in the document's components. */
export function named<S extends z.ZodType>(name: string, schema: S): S {
  NAMED_SCHEMAS.set(schema, name);
  return schema;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    openapi?: OperationSpec;
  }
}

/** The route options of an API operation: its reach, its description and its answers' schemas. */
export function operation(access: ReturnType<typeof reach>, spec: OperationSpec) {
  const response: Record<number, unknown> = {};
  for (const answer of spec.answers) {
    if (answer.schema) response[answer.status] = jsonSchema(answer.schema);
  }
  return {
    config: { ...access.config, openapi: spec },
    ...(Object.keys(response).length > 0 ? { schema: { response } } : {}),
  };
}
