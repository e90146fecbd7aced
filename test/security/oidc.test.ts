/**
 * OpenID Connect single sign-on (issue 8), against a real provider (oidc-provider) started here on
 * port 0: the browser below follows every redirect by hand, signs in at the provider's own login
 * form, and comes back to the app. Nothing of the protocol is mocked: the app discovers the
 * provider, exchanges the code with PKCE, and checks the ID token with openid-client.
 *
 * Every refusal must answer a clear page (never a 500), sign nobody in, and log no address.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server.js';
import { DEMO_PASSWORD } from '../../src/services/demo.js';
import type { PersonSummary } from '../../src/services/people.js';
import { CALLBACK_PATH } from '../../src/services/single-sign-on.js';
import { givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp, testConfig } from '../support/app.js';
import {
  type Answer,
  Browser,
  startTestProvider,
  type TestProvider,
} from '../support/oidc-provider.js';

const BASE_URL = 'http://escalate.test';
const REDIRECT_URI = `${BASE_URL}${CALLBACK_PATH}`;

let idp: TestProvider;
let t: TestApp;
const log: string[] = [];
let dsl: PersonSummary;

beforeAll(async () => {
  idp = await startTestProvider(REDIRECT_URI);
  t = await createTestApp({
    config: { oidc: idp.config },
    logStream: { write: (line: string) => void log.push(line) },
  });
  dsl = t.person('dsl', 'Hillcrest');
  // The directory keeps addresses in lower case; the provider may not.
  idp.accounts.set('dsl', { email: dsl.email.toUpperCase(), email_verified: true });
  idp.accounts.set('stranger', { email: 'nobody@elsewhere.example', email_verified: true });
  idp.accounts.set('unverified', { email: dsl.email, email_verified: false });
  idp.accounts.set('no-verified-claim', { email: dsl.email });
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

/** the signed-in sessions in the database */
const signedInSessions = () =>
  t.store.db
    .selectFrom('sessions')
    .select(['id_hash', 'person_id', 'sign_in_method'])
    .where('person_id', 'is not', null)
    .execute();

/** the database row of the browser's session */
async function sessionOf(browser: Browser) {
  const cookie = browser.sessionCookie;
  if (!cookie) return undefined;
  const unsigned = t.app.unsignCookie(decodeURIComponent(cookie));
  if (!unsigned.valid || !unsigned.value) return undefined;
  const idHash = createHash('sha256').update(unsigned.value).digest('hex');
  return t.store.db
    .selectFrom('sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
}

/** From the sign-in page's button to the provider's authorization endpoint. */
async function startSignIn(browser: Browser): Promise<URL> {
  const page = await browser.get('/sign-in');
  expect(page.status).toBe(200);
  expect(page.body).toContain('Sign in with Bromley Council');
  const start = await browser.get('/sign-in/oidc');
  expect(start.status).toBe(303);
  return new URL(start.location as string);
}

/** At the provider: its login form (or abort link), then back to the app's callback address. */
async function atProvider(browser: Browser, authorize: URL, login: string | 'abort') {
  const loginPage = await browser.follow(await browser.get(authorize.href), REDIRECT_URI);
  // already signed in at the provider (this browser signed in before): straight back
  if (login !== 'abort' && loginPage.location?.startsWith(REDIRECT_URI)) {
    return new URL(loginPage.location);
  }
  expect(loginPage.status).toBe(200);
  const form = /<form[^>]*action="([^"]+)"/.exec(loginPage.body)?.[1] as string;
  const action = new URL(form, idp.issuer);
  expect(action.pathname).toMatch(/^\/interaction\//);
  const done =
    login === 'abort'
      ? await browser.get(`${action.href}/abort`)
      : await browser.post(action.href, {
          prompt: 'login',
          login,
          password: 'any password: the development form checks none',
        });
  const back = await browser.follow(done, REDIRECT_URI);
  expect(back.location?.startsWith(REDIRECT_URI)).toBe(true);
  return new URL(back.location as string);
}

/** Refused with a clear page, nobody signed in, nothing logged about who. */
async function expectRefused(
  browser: Browser,
  answer: Answer,
  status: number,
  title: string,
  before: { id_hash: string }[],
) {
  expect(answer.status).toBe(status);
  expect(answer.body).toContain(`<h1 class="govuk-heading-l">${title}</h1>`);
  expect(answer.body).toContain('href="/sign-in"');
  expect(await signedInSessions()).toEqual(before);
  expect((await sessionOf(browser))?.person_id ?? null).toBeNull();
  expect((await browser.get('/cases')).location).toBe(`${BASE_URL}/sign-in`);
}

const logged = () => log.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('single sign-on', () => {
  it('signs the person in at /cases, matched by verified e-mail without case, in a new session', async () => {
    const browser = new Browser(t.app, BASE_URL);
    const authorize = await startSignIn(browser);
    const visitor = await sessionOf(browser);
    expect(visitor?.person_id).toBeNull();
    // the authorization code flow with PKCE, state and nonce, back to BASE_URL's callback
    expect(`${authorize.origin}`).toBe(idp.issuer);
    const params = authorize.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe('escalate');
    expect(params.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(params.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email']));
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('state')).toMatch(/^[\w-]{22,}$/);
    expect(params.get('nonce')).toMatch(/^[\w-]{22,}$/);
    // the verifier, state and nonce stay on the server, in the visitor's session
    expect(JSON.parse(visitor?.data as string).singleSignOn).toMatchObject({
      state: params.get('state'),
      nonce: params.get('nonce'),
    });

    const callback = await atProvider(browser, authorize, 'dsl');
    expect(callback.searchParams.get('code')).toBeTruthy();
    // the way back carries the code, the state and the issuer: no session token in a URL
    expect([...callback.searchParams.keys()].sort()).toEqual(['code', 'iss', 'state']);
    expect(callback.searchParams.get('iss')).toBe(idp.issuer);
    const landed = await browser.get(callback.href);
    expect(landed.status).toBe(303);
    expect(landed.location).toBe(`${BASE_URL}/cases`);
    const cases = await browser.get('/cases');
    expect(cases.status).toBe(200);
    expect(cases.body).toContain('Sign out');

    const session = await sessionOf(browser);
    expect(session?.person_id).toBe(dsl.id);
    expect(session?.sign_in_method).toBe('oidc');
    expect(session?.id_hash).not.toBe(visitor?.id_hash); // rotated, as password sign-in does
    expect(JSON.parse(session?.data as string).singleSignOn).toBeUndefined();
    const gone = await t.store.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('id_hash', '=', visitor?.id_hash as string)
      .executeTakeFirst();
    expect(gone).toBeUndefined();
    expect(logged()).toContainEqual(
      expect.objectContaining({ msg: 'signed in', personId: dsl.id, signInMethod: 'oidc' }),
    );
    expect(log.join('\n').toLowerCase()).not.toContain(dsl.email.toLowerCase());
  });

  it('lands on the page asked for before sign-in, and never on another site', async () => {
    for (const [asked, lands] of [
      ['/cases/00000000-0000-4000-8000-000000000016?tab=record', null],
      ['//evil.example', '/cases'],
      ['/\\evil.example', '/cases'],
      ['https://evil.example', '/cases'],
    ] as const) {
      const browser = new Browser(t.app, BASE_URL);
      const page = await browser.get(`/sign-in?next=${encodeURIComponent(asked)}`);
      const href = (/href="(\/sign-in\/oidc[^"]*)"/.exec(page.body)?.[1] ?? '').replaceAll(
        '&amp;',
        '&',
      );
      // a refused path is not even passed on to the button
      expect(href, asked).toBe(
        lands === null ? `/sign-in/oidc?next=${encodeURIComponent(asked)}` : '/sign-in/oidc',
      );
      // sent to the start all the same, it is refused there too
      const start = await browser.get(`/sign-in/oidc?next=${encodeURIComponent(asked)}`);
      const callback = await atProvider(browser, new URL(start.location as string), 'dsl');
      const landed = await browser.get(callback.href);
      expect(landed.status, asked).toBe(303);
      expect(landed.location, asked).toBe(`${BASE_URL}${lands ?? asked}`);
      expect(JSON.parse((await sessionOf(browser))?.data as string).afterSignIn).toBeUndefined();
    }
  });

  it('refuses a replayed callback: in the signed-in browser, another browser, or the old session', async () => {
    const browser = new Browser(t.app, BASE_URL);
    const authorize = await startSignIn(browser);
    const visitorCookie = browser.sessionCookie;
    const callback = await atProvider(browser, authorize, 'dsl');
    expect((await browser.get(callback.href)).location).toBe(`${BASE_URL}/cases`);
    const signedIn = await signedInSessions();

    const again = await browser.get(callback.href);
    expect(again.status).toBe(400);
    expect(again.body).toContain('Your sign-in has expired');
    expect(await signedInSessions()).toEqual(signedIn);

    const thief = new Browser(t.app, BASE_URL);
    await expectRefused(
      thief,
      await thief.get(callback.href),
      400,
      'Your sign-in has expired',
      signedIn,
    );
    const old = new Browser(t.app, BASE_URL);
    old.sessionCookie = visitorCookie;
    await expectRefused(
      old,
      await old.get(callback.href),
      400,
      'Your sign-in has expired',
      signedIn,
    );
    // a thief with a sign-in of their own in progress: the state is not theirs
    const own = new Browser(t.app, BASE_URL);
    await startSignIn(own);
    await expectRefused(
      own,
      await own.get(callback.href),
      400,
      'We could not sign you in',
      signedIn,
    );
  });

  it('refuses a tampered state, and the sign-in cannot then be finished', async () => {
    const browser = new Browser(t.app, BASE_URL);
    const callback = await atProvider(browser, await startSignIn(browser), 'dsl');
    const before = await signedInSessions();
    const tampered = new URL(callback);
    tampered.searchParams.set('state', randomBytes(32).toString('base64url'));
    await expectRefused(
      browser,
      await browser.get(tampered.href),
      400,
      'We could not sign you in',
      before,
    );
    // the genuine callback after a tampered one: the sign-in was used up
    await expectRefused(
      browser,
      await browser.get(callback.href),
      400,
      'Your sign-in has expired',
      before,
    );
    const other = new Browser(t.app, BASE_URL);
    const callback2 = await atProvider(other, await startSignIn(other), 'dsl');
    const noState = new URL(callback2);
    noState.searchParams.delete('state');
    await expectRefused(
      other,
      await other.get(noState.href),
      400,
      'We could not sign you in',
      before,
    );
  });

  it('refuses an ID token whose nonce is not the one this browser was given', async () => {
    const browser = new Browser(t.app, BASE_URL);
    const authorize = await startSignIn(browser);
    authorize.searchParams.set('nonce', randomBytes(32).toString('base64url'));
    const callback = await atProvider(browser, authorize, 'dsl');
    const before = await signedInSessions();
    const count = log.length;
    await expectRefused(
      browser,
      await browser.get(callback.href),
      400,
      'We could not sign you in',
      before,
    );
    // it was the ID token's nonce that failed (openid-client's claim comparison)
    expect(logged().slice(count)).toContainEqual(
      expect.objectContaining({
        msg: 'single sign-on refused',
        reason: 'invalid',
        err: { name: 'ClientError', code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' },
      }),
    );
  });

  it('refuses an address nobody in the directory has, saying who to ask', async () => {
    const browser = new Browser(t.app, BASE_URL);
    const callback = await atProvider(browser, await startSignIn(browser), 'stranger');
    const before = await signedInSessions();
    const answer = await browser.get(callback.href);
    await expectRefused(browser, answer, 403, 'You do not have an Escalate account yet', before);
    expect(answer.body).toContain('nobody@elsewhere.example');
    expect(answer.body).toContain("Ask your agency's administrator for Escalate to add you");
    expect(log.join('\n')).not.toContain('nobody@elsewhere.example');
    expect(logged()).toContainEqual(
      expect.objectContaining({ msg: 'single sign-on refused', reason: 'unknown-person' }),
    );
  });

  it('refuses an address the provider has not verified, or does not say it has', async () => {
    for (const login of ['unverified', 'no-verified-claim']) {
      const browser = new Browser(t.app, BASE_URL);
      const callback = await atProvider(browser, await startSignIn(browser), login);
      const before = await signedInSessions();
      const answer = await browser.get(callback.href);
      await expectRefused(
        browser,
        answer,
        403,
        'Your e-mail address has not been confirmed',
        before,
      );
      expect(answer.body).toContain('Ask the IT service desk of Bromley Council');
    }
  });

  it('refuses access_denied from the provider (the person cancelled)', async () => {
    const browser = new Browser(t.app, BASE_URL);
    const callback = await atProvider(browser, await startSignIn(browser), 'abort');
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const before = await signedInSessions();
    await expectRefused(
      browser,
      await browser.get(callback.href),
      403,
      'You have not been signed in',
      before,
    );
  });

  it('refuses a callback without a code, one with nothing, and one after ten minutes', async () => {
    const before = await signedInSessions();
    const browser = new Browser(t.app, BASE_URL);
    const callback = await atProvider(browser, await startSignIn(browser), 'dsl');
    const noCode = new URL(callback);
    noCode.searchParams.delete('code');
    await expectRefused(
      browser,
      await browser.get(noCode.href),
      400,
      'We could not sign you in',
      before,
    );
    const bare = new Browser(t.app, BASE_URL);
    await expectRefused(
      bare,
      await bare.get(CALLBACK_PATH),
      400,
      'Your sign-in has expired',
      before,
    );
    const slow = new Browser(t.app, BASE_URL);
    const late = await atProvider(slow, await startSignIn(slow), 'dsl');
    const start = t.clock.now;
    t.clock.now = new Date(start.getTime() + 11 * 60 * 1000);
    try {
      await expectRefused(slow, await slow.get(late.href), 400, 'Your sign-in has expired', before);
    } finally {
      t.clock.now = start;
    }
  });

  it('a second start replaces the first (its callback is refused); signed in, it goes to my cases', async () => {
    const before = await signedInSessions();
    const browser = new Browser(t.app, BASE_URL);
    const first = await atProvider(browser, await startSignIn(browser), 'dsl');
    const second = await startSignIn(browser);
    await expectRefused(
      browser,
      await browser.get(first.href),
      400,
      'We could not sign you in',
      before,
    );
    // the refused callback used up the second start too: begin again
    const callback = await atProvider(browser, await startSignIn(browser), 'dsl');
    expect(second.searchParams.get('state')).not.toBe(callback.searchParams.get('state'));
    expect((await browser.get(callback.href)).location).toBe(`${BASE_URL}/cases`);
    const again = await browser.get('/sign-in/oidc');
    expect(again.location).toBe(`${BASE_URL}/cases`);
  });
});

/** Another app on the same database, with other single sign-on settings. */
async function appWith(oidc: TestProvider['config'] | undefined, lines: string[] = []) {
  const app = await createApp({ ...testConfig(t.database), oidc }, t.store, {
    now: () => t.clock.now,
    logStream: { write: (line: string) => void lines.push(line) },
  });
  await app.ready();
  return app;
}

describe('when the identity provider does not answer', () => {
  let down: FastifyInstance;
  const lines: string[] = [];
  let issuer: string;
  beforeAll(async () => {
    // a port that was free a moment ago: nothing answers there
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    issuer = `http://127.0.0.1:${port}`;
    down = await appWith({ ...idp.config, issuerUrl: issuer }, lines);
  });
  afterAll(async () => down?.close());

  it('says so clearly, logs it, and password sign-in still works', async () => {
    const browser = new Browser(down, BASE_URL);
    const before = await signedInSessions();
    const page = await browser.get('/sign-in');
    expect(page.body).toContain('Sign in with Bromley Council');
    const answer = await browser.get('/sign-in/oidc');
    expect(answer.status).toBe(503);
    expect(answer.body).toContain('Sorry, signing in with Bromley Council is not working');
    expect(answer.body).toContain('sign in with your e-mail address and password');
    expect(await signedInSessions()).toEqual(before);
    const errors = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter(
        (line) => line.msg === 'single sign-on: the identity provider did not answer discovery',
      );
    expect(errors.length).toBeGreaterThanOrEqual(1); // at start-up and at the attempt
    expect(errors[0]).toMatchObject({ level: 50, issuer });

    const person = t.person('frontline', 'Hillcrest');
    await givePasswords(t.store, [person]);
    await browser.get('/sign-in');
    const signIn = await browser.post('/sign-in', {
      email: person.email,
      password: DEMO_PASSWORD,
    });
    expect(signIn.location).toBe(`${BASE_URL}/cases`);
    expect((await sessionOf(browser))?.sign_in_method).toBe('password');
  });
});

describe('when OIDC_ISSUER_URL names no provider', () => {
  it('logs that discovery failed and which setting to check, and says so to the person', async () => {
    const lines: string[] = [];
    const wrong = await appWith(
      { ...idp.config, issuerUrl: `${idp.issuer}/no-such-tenant` },
      lines,
    );
    try {
      const browser = new Browser(wrong, BASE_URL);
      await browser.get('/sign-in');
      const answer = await browser.get('/sign-in/oidc');
      expect(answer.status).toBe(503);
      expect(answer.body).toContain('Sorry, signing in with Bromley Council is not working');
      expect(lines.map((line) => JSON.parse(line))).toContainEqual(
        expect.objectContaining({
          level: 50,
          msg: 'single sign-on: discovery failed; check OIDC_ISSUER_URL',
          issuer: `${idp.issuer}/no-such-tenant`,
        }),
      );
    } finally {
      await wrong.close();
    }
  });
});

describe('when single sign-on is not configured', () => {
  let off: FastifyInstance;
  beforeAll(async () => {
    off = await appWith(undefined);
  });
  afterAll(async () => off?.close());

  it('shows no button, and its addresses are not found', async () => {
    const browser = new Browser(off, BASE_URL);
    const page = await browser.get('/sign-in');
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('/sign-in/oidc');
    expect(page.body).not.toContain('Sign in with');
    const notFound = (await browser.get('/no-such-page')).body;
    const callback = await browser.get(`${CALLBACK_PATH}?code=x&state=y`);
    expect(callback.status).toBe(404);
    expect(callback.body).toBe(notFound);
    const start = await browser.get('/sign-in/oidc');
    expect(start.status).toBe(404);
    expect(start.body).toBe(notFound);
  });
});
