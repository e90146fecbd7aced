/**
 * A real OpenID Connect provider (oidc-provider), on port 0 on loopback, for the single sign-on
 * tests: Escalate registered as a confidential client, people who sign in at its own
 * development login form (any password), and a browser that drives both it and the app.
 * (oidc-provider prints once that it prefers Node 22; it runs on Node 20, and only in tests.)
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import type { OidcConfig } from '../../src/config.js';

export interface Account {
  email?: string;
  email_verified?: boolean;
}

export interface TestProvider {
  issuer: string;
  /** Escalate's registration, as config.oidc */
  config: OidcConfig;
  /** people who may sign in at the provider, by the login typed at its form */
  accounts: Map<string, Account>;
  /** starts answering as a provider with Escalate's client at this redirect URI */
  serve(redirectUri: string): void;
  close(): Promise<void>;
}

/**
 * Listens at once (so the issuer is known); answers as a provider once `serve()` names the redirect
 * URI (given here, at once), and 503 until then.
 */
export async function startTestProvider(redirectUri?: string): Promise<TestProvider> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, Account>();
  const clientSecret = randomBytes(24).toString('base64url');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serve = (redirectUri: string) => {
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'escalate',
          client_secret: clientSecret,
          redirect_uris: [redirectUri],
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig' }] },
      cookies: { keys: [randomBytes(16).toString('hex')] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      pkce: { required: () => true },
      ttl: {
        AccessToken: 600,
        AuthorizationCode: 60,
        Grant: 600,
        IdToken: 600,
        Interaction: 600,
        Session: 600,
      },
      features: { devInteractions: { enabled: true } },
      async findAccount(_ctx: KoaContextWithOIDC, id: string) {
        const account = accounts.get(id);
        if (!account) return undefined;
        return { accountId: id, claims: async () => ({ sub: id, ...account }) };
      },
      // Escalate is the organisation's own application: no consent screen, as an IT team sets it.
      async loadExistingGrant(ctx: KoaContextWithOIDC) {
        const oidc = ctx.oidc;
        if (!oidc.client || !oidc.session?.accountId) return undefined;
        const grantId =
          oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
        if (grantId) return oidc.provider.Grant.find(grantId);
        const grant = new oidc.provider.Grant({
          clientId: oidc.client.clientId,
          accountId: oidc.session.accountId,
        });
        grant.addOIDCScope('openid email');
        await grant.save();
        return grant;
      },
    });
    server.removeAllListeners('request');
    server.on('request', provider.callback());
  };
  if (redirectUri) serve(redirectUri);
  return {
    issuer,
    accounts,
    serve,
    config: {
      issuerUrl: issuer,
      clientId: 'escalate',
      clientSecret,
      displayName: 'Bromley Council',
      allowHttp: true,
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Answer {
  status: number;
  location: string | undefined;
  body: string;
}

interface Cookie {
  name: string;
  value: string;
  path: string;
}

/**
 * A browser without JavaScript: a cookie jar per host (paths honoured), redirects followed by
 * hand. Requests to `appOrigin` go to the app through inject(); others over HTTP.
 */
export class Browser {
  private jar = new Map<string, Cookie[]>();
  csrf: string | undefined;

  constructor(
    private readonly app: FastifyInstance,
    private readonly appOrigin: string,
  ) {}

  private cookieHeader(url: URL): string {
    return (this.jar.get(url.host) ?? [])
      .filter(
        (c) => url.pathname === c.path || url.pathname.startsWith(c.path.replace(/\/?$/, '/')),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private keep(url: URL, lines: string[]) {
    const cookies = this.jar.get(url.host) ?? [];
    for (const line of lines) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const path =
        attributes.find((a) => /^path=/i.test(a))?.slice(5) ||
        url.pathname.replace(/\/[^/]*$/, '') ||
        '/';
      const gone =
        value === '' ||
        attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=Thu, 01 Jan 1970/i.test(a));
      const others = cookies.filter((c) => !(c.name === name && c.path === path));
      cookies.length = 0;
      cookies.push(...others);
      if (!gone) cookies.push({ name, value, path });
    }
    this.jar.set(url.host, cookies);
  }

  /** the value of the app's session cookie, or undefined */
  get sessionCookie(): string | undefined {
    return this.jar.get(new URL(this.appOrigin).host)?.find((c) => c.name === 'escalate_session')
      ?.value;
  }

  /** forgets the app's cookies (as another browser would be) but keeps the provider's */
  set sessionCookie(value: string | undefined) {
    const host = new URL(this.appOrigin).host;
    const others = (this.jar.get(host) ?? []).filter((c) => c.name !== 'escalate_session');
    if (value) others.push({ name: 'escalate_session', value, path: '/' });
    this.jar.set(host, others);
  }

  async request(
    method: 'GET' | 'POST',
    address: string,
    form?: Record<string, string>,
  ): Promise<Answer> {
    const url = new URL(address, this.appOrigin);
    const cookie = this.cookieHeader(url);
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const headers: Record<string, string> = {
      ...(cookie ? { cookie } : {}),
      ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    };
    let answer: Answer;
    let setCookies: string[];
    if (url.origin === this.appOrigin) {
      const response = await this.app.inject({
        method,
        url: `${url.pathname}${url.search}`,
        headers,
        payload: body,
      });
      const set = response.headers['set-cookie'];
      setCookies = Array.isArray(set) ? set : set ? [String(set)] : [];
      const location = response.headers.location;
      answer = {
        status: response.statusCode,
        location: typeof location === 'string' ? location : undefined,
        body: response.body,
      };
    } else {
      const response = await fetch(url, { method, headers, body, redirect: 'manual' });
      setCookies = response.headers.getSetCookie();
      answer = {
        status: response.status,
        location: response.headers.get('location') ?? undefined,
        body: await response.text(),
      };
    }
    this.keep(url, setCookies);
    if (answer.location) answer.location = new URL(answer.location, url).href;
    const token = /name="_csrf" value="([^"]+)"/.exec(answer.body)?.[1];
    if (token) this.csrf = token;
    return answer;
  }

  get(address: string) {
    return this.request('GET', address);
  }

  /** posts a form; to the app, with the CSRF token of the last page it read */
  post(address: string, form: Record<string, string> = {}) {
    const toApp = new URL(address, this.appOrigin).origin === this.appOrigin;
    return this.request('POST', address, toApp ? { _csrf: this.csrf ?? '', ...form } : form);
  }

  /** follows redirects from `answer` until one would leave for `stopAt`, or a page answers */
  async follow(answer: Answer, stopAt?: string): Promise<Answer & { url?: string }> {
    let current: Answer & { url?: string } = answer;
    for (let hops = 0; current.location && hops < 10; hops++) {
      if (stopAt && current.location.startsWith(stopAt)) return current;
      const url = current.location;
      current = { ...(await this.get(url)), url };
    }
    return current;
  }
}
