/**
 * Security headers on the real app (issue 8): a Content-Security-Policy that allows no inline
 * script, nosniff, frame-ancestors none, a referrer policy, HSTS in production only, and
 * `cache-control: no-store` on every answer that can carry case data: pages, the raise journey,
 * my cases, the case API and its errors. Only static assets may be cached.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { GOVUK, VIEWS } from '../../src/web/folders.js';
import { Agent, givePasswords } from '../pages/agent.js';
import { raiseThroughPages } from '../pages/journey.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let raiser: PersonSummary;
let caseId: string;
const a = () => new Agent(t.app);
let agent: Agent;

beforeAll(async () => {
  t = await createTestApp();
  raiser = t.person('frontline', 'Acorn Lane');
  await givePasswords(t.store, [raiser]);
  agent = a();
  await agent.signIn(raiser);
  const csc = t.person('frontline', "Bromley Children's Social Care");
  caseId = await raiseThroughPages(agent, csc.agency?.id as string);
});
afterAll(async () => t.close());

function expectSecurityHeaders(headers: Record<string, unknown>) {
  const csp = String(headers['content-security-policy']);
  expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
  expect(csp).toMatch(/(^|; )default-src 'self'(;|$)/);
  expect(csp).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|nonce-|\*/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  expect(headers['x-frame-options']).toBe('DENY');
}

describe('answers that carry case data are never stored', () => {
  it('pages: my cases, the case, its action forms, the raise journey, the raised page', async () => {
    for (const url of [
      '/cases',
      `/cases/${caseId}`,
      `/cases/${caseId}/raised`,
      `/cases/${caseId}/record-discussion`,
      '/cases/new/consultation',
      '/sign-in',
      '/',
      '/no-such-page',
      `/cases/${crypto.randomUUID()}`,
    ]) {
      const answer = await agent.get(url);
      expect([200, 303, 404], url).toContain(answer.status);
      expect(answer.headers['cache-control'], url).toBe('no-store');
      expectSecurityHeaders(answer.headers);
    }
    // a refused form (which shows the case) and a posted journey step
    const refused = await agent.post(`/cases/${caseId}/withdraw`, { reason: '', version: '1' });
    expect(refused.status).toBe(400);
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('the API: the case, the list, raising, commands and every error', async () => {
    const token = await t.token(raiser);
    const headers = { authorization: `Bearer ${token}` };
    const answers = [
      await t.app.inject({ url: `/api/v1/cases/${caseId}`, headers }),
      await t.app.inject({ url: '/api/v1/cases', headers }),
      await t.app.inject({ url: '/api/v1/people', headers }),
      await t.app.inject({ url: '/api/v1/agencies', headers }),
      await t.app.inject({ url: `/api/v1/cases/${crypto.randomUUID()}`, headers }),
      await t.app.inject({ url: '/api/v1/cases' }),
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/commands`,
        headers,
        payload: { type: 'withdraw', expectedVersion: 999, reason: 'x' },
      }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 404, 401, 409]);
    for (const answer of answers) {
      expect(answer.headers['cache-control']).toBe('no-store');
      expectSecurityHeaders(answer.headers);
    }
  });

  it('static assets alone may be cached', async () => {
    for (const url of [
      '/assets/app/js-enabled.js',
      '/assets/app/application.js',
      '/assets/govuk/govuk-frontend.min.css',
    ]) {
      const answer = await t.app.inject({ url });
      expect(answer.statusCode, url).toBe(200);
      expect(answer.headers['cache-control'], url).toMatch(/max-age=\d+/);
      expect(answer.headers['cache-control'], url).not.toContain('no-store');
    }
  });
});

describe('the HTTP configuration (ASVS V14.3.3, V14.4.1, V14.4.2, V14.5.1, V14.5.3)', () => {
  const urls = () => [
    '/',
    '/cases',
    `/cases/${caseId}`,
    '/no-such-page',
    `/api/v1/cases/${caseId}`,
    '/api/v1/cases',
    '/api/v1/no-such-thing',
    '/api/v1/openapi.json',
  ];

  it('every answer names its type and character set, and nothing names the software or its version', async () => {
    const token = await t.token(raiser);
    for (const url of urls()) {
      const answer = url.startsWith('/api/')
        ? await t.app.inject({ url, headers: { authorization: `Bearer ${token}` } })
        : await agent.get(url);
      const type = String(answer.headers['content-type']);
      expect(type, url).toMatch(/^(text\/html|application\/(problem\+)?json); charset=utf-8$/);
      for (const header of ['server', 'x-powered-by', 'x-aspnet-version', 'via']) {
        expect(answer.headers[header], `${url} ${header}`).toBeUndefined();
      }
      if (url.startsWith('/api/')) {
        expect(answer.headers['content-disposition'], url).toMatch(/^attachment; filename=/);
      }
    }
  });

  it('methods the app does not use answer 404 and change nothing', async () => {
    const token = await t.token(raiser);
    const before = await t.app.inject({
      url: `/api/v1/cases/${caseId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    for (const method of ['PUT', 'PATCH', 'DELETE', 'TRACE'] as const) {
      for (const url of [`/cases/${caseId}`, `/api/v1/cases/${caseId}`, '/sign-in']) {
        const answer = await t.app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${token}` },
          ...(method === 'TRACE' ? {} : { payload: { status: 'withdrawn' } }),
        });
        expect(answer.statusCode, `${method} ${url}`).toBe(404);
        expectSecurityHeaders(answer.headers);
      }
    }
    const after = await t.app.inject({
      url: `/api/v1/cases/${caseId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.json().version).toBe(before.json().version);
  });

  it('never sends a CORS header, to a simple request or a preflight from another origin', async () => {
    const token = await t.token(raiser);
    const origin = 'https://elsewhere.example';
    const simple = await t.app.inject({
      url: `/api/v1/cases/${caseId}`,
      headers: { origin, authorization: `Bearer ${token}` },
    });
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: `/api/v1/cases/${caseId}/commands`,
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.statusCode).toBe(404);
    for (const answer of [simple, preflight]) {
      const cors = Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'));
      expect(cors).toEqual([]);
    }
  });
});

describe('no inline script', () => {
  it('no page has an inline script or an inline event handler', async () => {
    for (const url of [
      '/',
      '/signed-out',
      '/cases',
      `/cases/${caseId}`,
      `/cases/${caseId}/escalate`,
    ]) {
      const page = await agent.get(url);
      const scripts = page.body.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
      expect(scripts.length, url).toBeGreaterThan(0);
      for (const script of scripts) {
        expect(script, url).toMatch(
          /^<script\b[^>]*\ssrc="\/assets\/app\/[a-z-]+\.js"[^>]*><\/script>$/,
        );
      }
      expect(page.body, url).not.toMatch(/\son[a-z]+\s*=/i);
      expect(page.body, url).not.toMatch(/javascript:/i);
    }
  });

  it("our page template is GOV.UK Frontend's, less its inline script", () => {
    const ours = readFileSync(join(VIEWS, 'base.njk'), 'utf8');
    const theirs = readFileSync(join(GOVUK, 'govuk', 'template.njk'), 'utf8');
    const inline = /\n\s*<script \{%- if cspNonce %\}[^\n]*<\/script>/;
    expect(theirs).toMatch(inline);
    const expected = theirs
      .replace(inline, '')
      .replaceAll('"./macros/', '"govuk/macros/')
      .replaceAll('"./components/', '"govuk/components/');
    const normalised = ours
      .replace(/^\{#-[\s\S]*?-#\}\n/, '')
      .replace(
        /\n\s*\{#-[^\n]*-#\}\n\s*<script src="\/assets\/app\/js-enabled\.js"><\/script>/,
        '',
      );
    expect(normalised).toBe(expected);
    // and the file does what the inline script did
    const script = readFileSync(join(VIEWS, '..', 'public', 'js-enabled.js'), 'utf8');
    expect(script).toContain("'js-enabled'");
    expect(script).toContain('govuk-frontend-supported');
  });
});
