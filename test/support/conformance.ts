/**
 * Every /api/ answer checked against the OpenAPI document (issue 25): the operation and status
 * must be described, the media type one the document lists for it, and a JSON body valid
 * against its schema (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses). An address the document
 * does not describe may only be refused, as a Problem.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDocument } from '../../src/web/api/openapi.js';

// ajv-formats is CommonJS: its default export is the function under NodeNext
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Schema = Record<string, unknown>;
interface MediaTypes {
  [mediaType: string]: { schema: Schema };
}
interface Operation {
  responses: Record<string, { content?: MediaTypes }>;
}

export interface Answer {
  method: string;
  url: string;
  status: number;
  contentType: string | undefined;
  body: string | Buffer;
}

export class Conformance {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly routes: { pattern: RegExp; params: number; path: string }[];

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.routes = Object.keys(document.paths)
      .map((path) => ({
        path,
        params: (path.match(/\{/g) ?? []).length,
        pattern: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** What is wrong with this answer, or undefined when the document describes it. */
  check(answer: Answer): string | undefined {
    const path = answer.url.split('?')[0] as string;
    const where = `${answer.method} ${path} answered ${answer.status}`;
    const mediaType = answer.contentType?.split(';')[0]?.trim();
    const route = this.routes.find((r) => r.pattern.test(path));
    const operation = route
      ? ((this.document.paths as Record<string, Record<string, Operation>>)[route.path]?.[
          answer.method.toLowerCase()
        ] as Operation | undefined)
      : undefined;
    if (!route || !operation) {
      if (answer.status < 400) return `${where}: not in the document`;
      if (mediaType !== 'application/problem+json') return `${where}: ${mediaType}, not a Problem`;
      return this.validate('Problem', { $ref: '#/components/schemas/Problem' }, answer, where);
    }
    const response = operation.responses[String(answer.status)];
    if (!response) return `${where}: the document lists no ${answer.status} for it`;
    const content = response.content ?? {};
    if (!mediaType || !content[mediaType]) {
      return `${where} as ${mediaType}: the document lists ${Object.keys(content).join(', ')}`;
    }
    const key = `${route.path} ${answer.method} ${answer.status} ${mediaType}`;
    return this.validate(key, content[mediaType].schema, answer, where);
  }

  private validate(key: string, schema: Schema, answer: Answer, where: string) {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({ ...schema, components: this.document.components });
      this.validators.set(key, validate);
    }
    const mediaType = answer.contentType?.split(';')[0]?.trim() ?? '';
    let body: unknown = answer.body;
    if (mediaType.endsWith('json')) {
      try {
        body = JSON.parse(String(answer.body));
      } catch {
        return `${where}: not JSON`;
      }
    } else body = Buffer.isBuffer(answer.body) ? answer.body.toString('latin1') : answer.body;
    if (validate(body)) return undefined;
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '(body)'} ${e.message}`)
      .join('; ');
    return `${where}: does not match the document: ${errors}`;
  }
}
