/**
 * The API's OpenAPI document (issue 25, docs/adr/0027): generated from the routes' own Zod
 * schemas; every operation with an operationId, a summary, tags and examples; every error a
 * Problem; Redocly's recommended rules pass with no errors and no warnings (offline); the
 * checked-in document and generated client types are those of the current code; and the
 * conformance check the API tests run every answer through catches an answer that drifts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDocument, type OpenApiDocument } from '../src/web/api/openapi.js';
import { createTestApp, type TestApp } from './support/app.js';
import { Conformance } from './support/conformance.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const CLIENT = join(ROOT, 'clients', 'typescript');

type Operation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
};

let t: TestApp;
let served: OpenApiDocument;
const operations = () =>
  Object.entries(served.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
  );

beforeAll(async () => {
  t = await createTestApp();
  served = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
});
afterAll(async () => t.close());

describe('the OpenAPI document', () => {
  it('describes every API route the app registered, and nothing else', () => {
    const routes = t.app.routeAccess
      .filter((r) => r.url.startsWith('/api/'))
      .map((r) => `${r.method.toLowerCase()} ${r.url.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    expect(
      operations()
        .map((o) => `${o.method} ${o.path}`)
        .sort(),
    ).toEqual(routes);
  });

  it('gives every operation a unique operationId, a summary, tags and examples', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary, where).toBeTruthy();
      expect(op.tags?.length, where).toBeGreaterThan(0);
      for (const media of Object.values(op.requestBody?.content ?? {})) {
        expect(media.example, `${where} request`).toBeDefined();
      }
      for (const [status, response] of Object.entries(op.responses)) {
        for (const media of Object.values(response.content ?? {})) {
          expect(media.example, `${where} ${status}`).toBeDefined();
        }
      }
    }
  });

  it('answers every error as a Problem, with 400, 401 (but for the description itself) and 500 on every operation, 413 and 415 where there is a body', () => {
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      const statuses = Object.keys(op.responses);
      expect(statuses, where).toEqual(expect.arrayContaining(['400', '500']));
      if (!op.security) expect(statuses, where).toContain('401');
      if (op.requestBody) expect(statuses, where).toEqual(expect.arrayContaining(['413', '415']));
      expect(
        statuses.some((s) => s.startsWith('2')),
        where,
      ).toBe(true);
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect(op.responses[status]?.content, `${where} ${status}`).toEqual({
          'application/problem+json': expect.objectContaining({
            schema: { $ref: '#/components/schemas/Problem' },
          }),
        });
      }
    }
  });

  it('carries a licence (MIT, as package.json says)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(served.info.license).toEqual({ name: pkg.license, identifier: pkg.license });
  });

  it('passes Redocly lint with its recommended rules: no errors and no warnings, offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'escalate-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(served));
      const cli = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
      const { stdout } = await run(
        process.execPath,
        [cli, 'lint', file, '--extends=recommended', '--format=json'],
        {
          env: {
            ...process.env,
            REDOCLY_TELEMETRY: 'off',
            REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
            REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
            // no proxy, so no way out: the lint must not need the network
            HTTP_PROXY: 'http://127.0.0.1:9',
            HTTPS_PROXY: 'http://127.0.0.1:9',
          },
          timeout: 60_000,
        },
      );
      const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
      expect(
        report.problems.map(
          (p: { ruleId: string; message: string }) => `${p.ruleId}: ${p.message}`,
        ),
      ).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('is the same document `escalate openapi` prints, and the one checked in for the client (npm run api:client)', {
    timeout: 90_000,
  }, async () => {
    expect(await apiDocument()).toEqual(served);
    // the compiled command, as `npx escalate openapi` runs it (npm test builds first)
    const printed = await run(process.execPath, [join(ROOT, 'bin', 'escalate.js'), 'openapi'], {
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(JSON.parse(printed.stdout)).toEqual(served);
    const checkedIn = JSON.parse(readFileSync(join(CLIENT, 'openapi.json'), 'utf8'));
    expect(checkedIn, 'run npm run api:client').toEqual(served);
  });

  it("has checked-in client types that are openapi-typescript's for this document", async () => {
    // the workspace's own generate script, with --check: fails when schema.d.ts is out of date
    const pkg = JSON.parse(readFileSync(join(CLIENT, 'package.json'), 'utf8'));
    const [, ...args] = String(pkg.scripts.generate).split(' ');
    const bin = join(CLIENT, 'node_modules', '.bin', 'openapi-typescript');
    await expect(
      run(bin, [...args, '--check'], { cwd: CLIENT, timeout: 60_000 }),
      'the generated types are out of date: run npm run api:client',
    ).resolves.toBeDefined();
  }, 90_000);
});

describe('the conformance check every API test runs (test/support/conformance.ts)', () => {
  const conformance = () => new Conformance(served);
  const json = 'application/json; charset=utf-8';
  const problem = 'application/problem+json; charset=utf-8';

  it('checks the answers of the API tests (this file included)', async () => {
    const before = t.checked.count;
    const person = t.person('frontline', 'Hillcrest Primary School');
    expect((await t.api(person, 'GET', '/api/v1/agencies')).status).toBe(200);
    expect(t.checked.count).toBe(before + 1);
    expect(t.mismatches).toEqual([]);
  });

  it('checks the refusals a client meets before any handler runs (a malformed or over-long id, a body that is not JSON)', async () => {
    const person = t.person('frontline', 'Hillcrest Primary School');
    const headers = { authorization: `Bearer ${await t.token(person)}` };
    const before = t.checked.count;
    const longUrl = `/api/v1/cases/${'a'.repeat(150)}`;
    const tooLong = await t.app.inject({ url: longUrl, headers });
    expect(tooLong.statusCode).toBe(414);
    // answered by Fastify's router before any hook runs (app.ts frameworkErrors): checked here
    expect(
      new Conformance(served).check({
        method: 'GET',
        url: longUrl,
        status: tooLong.statusCode,
        contentType: tooLong.headers['content-type'] as string,
        body: tooLong.body,
      }),
    ).toBeUndefined();
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { ...headers, 'content-type': 'application/xml' },
      payload: '<raise/>',
    });
    expect(notJson.statusCode).toBe(415);
    const badJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"children":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(t.checked.count).toBe(before + 2);
    expect(t.mismatches).toEqual([]);
  });

  it('refuses an answer missing a field its schema requires', async () => {
    const person = t.person('frontline', 'Hillcrest Primary School');
    const { body } = await t.api(person, 'GET', '/api/v1/agencies');
    const agency = { ...body.agencies[0] };
    delete agency.sector;
    expect(
      conformance().check({
        method: 'GET',
        url: '/api/v1/agencies',
        status: 200,
        contentType: json,
        body: JSON.stringify({ agencies: [agency] }),
      }),
    ).toMatch(/does not match the document: \/agencies\/0 must have required property 'sector'/);
  });

  it('refuses a status, media type or address the document does not describe', () => {
    const check = conformance();
    const answer = { method: 'GET', url: '/api/v1/agencies', contentType: json, body: '{}' };
    expect(check.check({ ...answer, status: 409 })).toMatch(/lists no 409/);
    expect(check.check({ ...answer, status: 200, contentType: 'text/html' })).toMatch(
      /as text\/html/,
    );
    expect(check.check({ ...answer, url: '/api/v1/nowhere', status: 200 })).toMatch(
      /not in the document/,
    );
  });

  it('refuses an error that is not a Problem', () => {
    expect(
      conformance().check({
        method: 'GET',
        url: '/api/v1/cases/0b9d6f1e-3c1a-4d8e-9f57-2a6c4b1e8d30',
        status: 404,
        contentType: problem,
        body: JSON.stringify({ message: 'Not found' }),
      }),
    ).toMatch(/must have required property 'title'/);
  });
});
