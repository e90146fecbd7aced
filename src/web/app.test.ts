import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { reach } from './route-access.js';

const config = { nodeEnv: 'test' as const, baseUrl: 'http://escalate.test' };

describe('the web foundation', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let databaseUp = true;
  beforeAll(async () => {
    app = await buildApp({
      config,
      checkDatabase: async () => {
        if (!databaseUp) throw new Error('connection refused');
      },
    });
  });
  afterAll(async () => app.close());

  it('serves a GOV.UK start page that says what Escalate is for', async () => {
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toMatch(/govuk-service-navigation__service-name[\s\S]*?>\s*Escalate\s*</);
    expect(page.body).toContain('govuk-phase-banner');
    expect(page.body).toContain('href="#main-content"');
    expect(page.body).toMatch(/professional disagreement about a child/);
    expect(page.body).toContain('href="/sign-in"');
    expect(page.body).toContain('immediate risk of harm');
  });

  it('has no inline script: every script is a same-origin file, and there is no nonce', async () => {
    const page = await app.inject({ url: '/' });
    const scripts = page.body.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    expect(scripts.length).toBe(2);
    for (const script of scripts) {
      expect(script).toMatch(/^<script\b[^>]*\ssrc="\/assets\/app\/[a-z-]+\.js"[^>]*><\/script>$/);
      expect(script).not.toContain('nonce');
    }
    expect(page.body).not.toMatch(/\son[a-z]+=/i);
    expect(String(page.headers['content-security-policy'])).not.toContain('nonce');
  });

  it('sends the security headers, and HSTS only in production', async () => {
    const page = await app.inject({ url: '/' });
    const csp = String(page.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "base-uri 'self'",
      "object-src 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['permissions-policy']).toContain('camera=()');
    expect(page.headers['strict-transport-security']).toBeUndefined();
    // on every answer, not only pages
    expect((await app.inject({ url: '/healthz' })).headers['x-frame-options']).toBe('DENY');
    const production = await buildApp({
      config: { ...config, nodeEnv: 'production' },
      checkDatabase: async () => {},
    });
    const secure = await production.inject({ url: '/' });
    expect(secure.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    await production.close();
  });

  it('shows the configured service name in the page header and title', async () => {
    const named = await buildApp({
      config: { ...config, serviceName: 'Resolve a disagreement' },
      checkDatabase: async () => {},
    });
    const page = await named.inject({ url: '/' });
    expect(page.body).toMatch(
      /govuk-service-navigation__service-name[\s\S]*?Resolve a disagreement/,
    );
    expect(page.body).toMatch(/<title>[^<]+ - Resolve a disagreement<\/title>/);
    await named.close();
  });

  it('answers /healthz, and /readyz by whether the database answers', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    databaseUp = false;
    const down = await app.inject({ url: '/readyz' });
    databaseUp = true;
    expect(down.statusCode).toBe(503);
    expect(down.headers['cache-control']).toBe('no-store');
    expect(down.json()).toEqual({ status: 'unavailable' });
  });

  it('answers an unknown page with a GOV.UK 404 page, and an unknown API path with problem+json', async () => {
    const page = await app.inject({ url: '/no-such-page' });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<h1 class="govuk-heading-l">Page not found</h1>');
    const api = await app.inject({ url: '/api/v1/nope' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toEqual({
      type: 'about:blank',
      title: 'Not found',
      status: 404,
      detail: 'There is nothing at this address.',
    });
  });

  it('serves GOV.UK Frontend locally', async () => {
    const css = await app.inject({ url: '/assets/govuk/govuk-frontend.min.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    const js = await app.inject({ url: '/assets/app/application.js' });
    expect(js.statusCode).toBe(200);
    expect(js.body).toContain('initAll()');
    expect(js.headers['cache-control']).toMatch(/max-age=\d+/);
    const govukJs = await app.inject({ url: '/assets/govuk/govuk-frontend.min.js' });
    expect(govukJs.statusCode).toBe(200);
    expect(govukJs.headers['content-type']).toContain('javascript');
    // GOV.UK Frontend 6: the refreshed brand's icons and manifest, no longer under rebrand/
    const icon = await app.inject({ url: '/assets/images/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect((await app.inject({ url: '/assets/manifest.json' })).statusCode).toBe(200);
    const font = /url\(["']?(\/assets\/fonts\/[^)"']+\.woff2)/.exec(css.body)?.[1];
    expect(font).toBeTruthy();
    expect((await app.inject({ url: String(font) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/assets/govuk/all.mjs' })).statusCode).toBe(404);
  });
});

describe('errors', () => {
  const logs: string[] = [];
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    app = await buildApp({
      config,
      logger: { level: 'error', stream: { write: (line: string) => logs.push(line) } },
      checkDatabase: async () => {},
    });
    const fail = async () => {
      throw Object.assign(new Error('database exploded'), { detail: 'Key (name)=(Jo Bloggs)' });
    };
    app.post('/fails', reach('anyone'), fail);
    app.post('/api/v1/fails', reach('anyone'), fail);
    app.post(
      '/api/v1/echo',
      {
        ...reach('anyone'),
        schema: {
          body: {
            type: 'object',
            required: ['category'],
            properties: { category: { type: 'string', enum: ['levels-of-need', 'other'] } },
          },
        },
      },
      async (request) => request.body,
    );
  });
  afterAll(async () => app.close());

  it('shows people a GOV.UK 500 page, and logs the fault without the body or driver details', async () => {
    const page = await app.inject({
      method: 'POST',
      url: '/fails',
      payload: { child: 'Sam Secret' },
    });
    expect(page.statusCode).toBe(500);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Sorry, there is a problem with the service');
    expect(page.body).not.toContain('database exploded');
    const logged = logs.join('');
    expect(logged).toContain('database exploded');
    expect(logged).toContain('"route":"/fails"');
    expect(logged).not.toContain('Sam Secret');
    expect(logged).not.toContain('Jo Bloggs');
    // a reference the person can quote, and the same one on the log line of the fault
    const reference = /reference: <strong[^>]*>([A-Z2-9]{4}-[A-Z2-9]{4})</.exec(page.body)?.[1];
    expect(reference).toBeTruthy();
    expect(logged).toContain(`"reference":"${reference}"`);
  });

  it('answers an API fault with problem+json that does not leak the cause', async () => {
    const api = await app.inject({ method: 'POST', url: '/api/v1/fails', payload: {} });
    expect(api.statusCode).toBe(500);
    expect(api.headers['content-type']).toContain('application/problem+json');
    const problem = api.json();
    expect(problem).toMatchObject({ type: 'about:blank', status: 500 });
    expect(problem.detail).toMatch(/try again later/);
    expect(problem.reference).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(problem.detail).toContain(problem.reference);
    expect(api.body).not.toContain('database exploded');
  });

  it('turns a schema validation failure into a 400 problem that names the field', async () => {
    const api = await app.inject({
      method: 'POST',
      url: '/api/v1/echo',
      payload: { category: 'feelings' },
    });
    expect(api.statusCode).toBe(400);
    expect(api.headers['content-type']).toContain('application/problem+json');
    const problem = api.json();
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Bad request', status: 400 });
    expect(problem.detail).toContain('category');
    expect(problem.detail).toContain('allowed values');
    const fine = await app.inject({
      method: 'POST',
      url: '/api/v1/echo',
      payload: { category: 'other' },
    });
    expect(fine.json()).toEqual({ category: 'other' });
  });

  it('answers malformed JSON with a 400 problem, not a 500', async () => {
    const api = await app.inject({
      method: 'POST',
      url: '/api/v1/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"category":',
    });
    expect(api.statusCode).toBe(400);
    expect(api.json().detail).toBe('The body is not valid JSON.');
  });
});

describe('the client address behind proxies (TRUST_PROXY)', () => {
  const addressOf = async (
    trustProxy: number | string[] | undefined,
    nodeEnv: 'production' | 'test',
    remoteAddress = '10.0.0.5',
  ) => {
    const app = await buildApp({
      config: { ...config, nodeEnv, trustProxy },
      checkDatabase: async () => {},
    });
    app.get('/address', reach('anyone'), async (request) => ({ ip: request.ip }));
    // the client wrote the first two hops itself; the one proxy in front added the last
    const answer = await app.inject({
      url: '/address',
      remoteAddress,
      headers: { 'x-forwarded-for': '192.0.2.66, 192.0.2.77, 203.0.113.9' },
    });
    await app.close();
    return answer.json().ip;
  };

  it('trusts exactly the configured number of proxies, in production as elsewhere', async () => {
    expect(await addressOf(1, 'production')).toBe('203.0.113.9');
    expect(await addressOf(2, 'production')).toBe('192.0.2.77');
    expect(await addressOf(1, 'test')).toBe('203.0.113.9');
  });

  it('or the proxies named by address: a request from anywhere else is its own client', async () => {
    expect(await addressOf(['10.0.0.0/8'], 'production')).toBe('203.0.113.9');
    expect(await addressOf(['10.0.0.5', '203.0.113.9'], 'production')).toBe('192.0.2.77');
    expect(await addressOf(['10.0.0.0/8'], 'production', '198.51.100.4')).toBe('198.51.100.4');
  });

  it('trusts no forwarding header when no proxy is configured', async () => {
    expect(await addressOf(undefined, 'production')).toBe('10.0.0.5');
    expect(await addressOf(0, 'production')).toBe('10.0.0.5');
  });
});
