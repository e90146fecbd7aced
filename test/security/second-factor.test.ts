/**
 * The TOTP second factor (issue 8, ASVS V2.8) through the pages: the two-step sign-in, the
 * set-up an administrator, partnership team or chair must do at their first sign-in, the pending
 * state granting nothing, expiry, replay, throttling (a wrong code is a failed sign-in), the
 * account page (on and off) and `escalate totp reset`. Time moves with the test clock.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_SECONDS } from '../../src/domain/totp.js';
import type { PersonSummary } from '../../src/services/people.js';
import { storedSecret, totpKey } from '../../src/services/second-factor.js';
import { THROTTLE } from '../../src/services/sign-in.js';
import { signInPathFor } from '../../src/web/local-path.js';
import { Agent, errorSummary, givePasswords } from '../pages/agent.js';
import { createTestApp, TEST_TOTP_KEY, type TestApp } from '../support/app.js';
import { codeFor, currentCode, keyOnPage } from '../support/authenticator.js';
import { cleanEnv, ROOT } from '../support/process.js';

let t: TestApp;
let ip = 0;
const agent = () => new Agent(t.app, `10.20.0.${++ip}`);
/** the n-th demo person with this role (a fresh one for each test, so none shares state) */
const nth = (role: string, n: number) =>
  t.people.filter((p) => p.role === role)[n] ?? (undefined as unknown as PersonSummary);
const key = totpKey(TEST_TOTP_KEY);
const context = () => ({ db: t.store.db, key: TEST_TOTP_KEY, clock: t.clock });
const minutes = (n: number) => n * 60 * 1000;
const later = (ms: number) => {
  t.clock.now = new Date(t.clock.now.getTime() + ms);
};
const factorRow = (personId: string) =>
  t.store.db
    .selectFrom('second_factors')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst();

beforeAll(async () => {
  t = await createTestApp();
  await givePasswords(t.store, t.people);
}, 60_000);
afterAll(async () => t.close());

/** Sets up the person's app through the sign-in pages; answers the agent, signed in. */
async function enrolled(person: PersonSummary): Promise<Agent> {
  const a = agent();
  expect((await a.signIn(person)).location).toBe('/cases');
  return a;
}

describe('a role that requires an authenticator app, at its first sign-in', () => {
  it('is sent to set one up: a QR code and the key written out, finished only by a right code', async () => {
    const chair = nth('chair', 0);
    const a = agent();
    const password = await a.signInPassword(chair);
    expect(password.location).toBe('/sign-in/set-up');
    const page = await a.get('/sign-in/set-up');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Set up an authenticator app');
    expect(page.body).toMatch(/<img class="app-qr-code" src="data:image\/svg\+xml;base64,[^"]+"/);
    const secret = keyOnPage(page.body);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // the QR code carries the otpauth address of that secret
    const svg = /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect(Buffer.from(svg, 'base64').toString('utf8')).toMatch(/^<svg [^>]*viewBox/);
    // a reload shows the same key
    expect(keyOnPage((await a.get('/sign-in/set-up')).body)).toBe(secret);

    // no code, a badly typed one, a wrong one: a clear message each, and nothing set up
    const right = codeFor(secret, t.clock.now);
    const wrongCode = right === '000000' ? '111111' : '000000';
    for (const [code, message] of [
      ['', 'Enter the 6-digit code from your authenticator app'],
      ['12345', 'Enter the code as 6 digits, like 123456'],
      [wrongCode, 'That code is not right'],
    ] as const) {
      const answer = await a.post('/sign-in/set-up', { code });
      expect(answer.status, code).toBe(400);
      expect(errorSummary(answer.body)[0], code).toContain(message);
      expect(keyOnPage(answer.body)).toBe(secret);
    }
    expect(await factorRow(chair.id)).toBeUndefined();
    expect((await a.get('/cases')).location).toBe('/sign-in');

    const done = await a.post('/sign-in/set-up', { code: codeFor(secret, t.clock.now) });
    // signed in; its recovery codes are shown first (recovery-codes.test.ts)
    expect(done.location).toBe('/sign-in/recovery-codes');
    expect((await a.get('/cases')).status).toBe(200);
    // stored sealed: the secret itself is not in the row
    const row = await factorRow(chair.id);
    expect(row?.secret).toMatch(/^v1\./);
    expect(row?.secret).not.toContain(secret);
    expect((await storedSecret(t.store.db, key, chair.id))?.secret).toBe(secret);
  });

  it('is asked for a code from then on; a password alone never signs them in', async () => {
    const team = nth('partnership-team', 0);
    await enrolled(team);
    const a = agent();
    expect((await a.signInPassword(team)).location).toBe('/sign-in/code');
    const page = await a.get('/sign-in/code');
    expect(page.body).toContain('Enter the 6-digit code from your authenticator app');
    expect(page.body).toContain('autocomplete="one-time-code"');
    expect((await a.get('/partnership')).location).toBe(signInPathFor('/partnership'));
  });
});

describe('the two-step sign-in', () => {
  it('grants nothing between the password and the code: pages send to sign in, the API answers 401', async () => {
    const admin = nth('administrator', 0);
    await enrolled(admin);
    const team = nth('partnership-team', 1);
    await enrolled(team);
    for (const person of [admin, team]) {
      const a = agent();
      expect((await a.signInPassword(person)).location).toBe('/sign-in/code');
      const pendingCookie = a.cookie;
      for (const url of [
        '/cases',
        '/cases/new',
        '/partnership',
        '/account',
        `/cases/${person.id}`,
      ]) {
        expect((await a.get(url)).location, url).toBe(signInPathFor(url));
      }
      for (const url of ['/api/v1/cases', '/api/v1/people', '/api/v1/partnership/figures']) {
        const api = await t.app.inject({ url, headers: { cookie: a.cookie as string } });
        expect(api.statusCode, url).toBe(401);
      }
      const posted = await t.app.inject({
        method: 'POST',
        url: '/api/v1/directory',
        headers: { cookie: a.cookie as string, 'x-csrf-token': a.csrf as string },
        payload: { partnerships: [] },
      });
      expect(posted.statusCode).toBe(401);
      // the right code signs in, in a new session (a new cookie)
      const done = await a.post('/sign-in/code', { code: await currentCode(context(), person.id) });
      expect(done.location).toBe('/cases');
      expect(a.cookie).not.toBe(pendingCookie);
      expect((await a.get('/cases')).status).toBe(200);
      const old = await t.app.inject({
        url: '/cases',
        headers: { cookie: pendingCookie as string },
      });
      expect(old.headers.location).toBe('/sign-in');
    }
  });

  it('expires five minutes after the password', async () => {
    const chair = nth('chair', 1);
    await enrolled(chair);
    const a = agent();
    await a.signInPassword(chair);
    later(minutes(5) + 1000);
    const code = await currentCode(context(), chair.id);
    const answer = await a.post('/sign-in/code', { code });
    expect(answer.location).toBe('/sign-in');
    const signIn = await a.get('/sign-in');
    expect(errorSummary(signIn.body)).toEqual([
      'You took too long to enter the code. Sign in again.',
    ]);
    expect((await a.get('/sign-in/code')).location).toBe('/sign-in');
    expect((await a.get('/cases')).location).toBe('/sign-in');
  });

  it('never accepts one code twice, even within its 30 seconds', async () => {
    const admin = nth('administrator', 1);
    await enrolled(admin);
    const a = agent();
    await a.signInPassword(admin);
    const code = await currentCode(context(), admin.id);
    expect((await a.post('/sign-in/code', { code })).location).toBe('/cases');
    await a.post('/sign-out');
    // the same code, from another browser, 10 seconds later
    later(10_000);
    const b = agent();
    await b.signInPassword(admin);
    const again = await b.post('/sign-in/code', { code });
    expect(again.status).toBe(400);
    expect(errorSummary(again.body)[0]).toMatch(/has been used already/);
    // the next step's code is fine
    later(STEP_SECONDS * 1000);
    const next = await currentCode(context(), admin.id);
    expect((await b.post('/sign-in/code', { code: next })).location).toBe('/cases');
  });

  it('counts a wrong code as a failed sign-in: five lock this address out, and the password does not clear them', async () => {
    const team = nth('partnership-team', 2);
    await enrolled(team);
    const a = agent();
    const wrong = async () => {
      const right = await currentCode(context(), team.id);
      return right === '123456' ? '654321' : '123456';
    };
    await a.signInPassword(team);
    for (let i = 0; i < THROTTLE.accountIp.limit - 1; i++) {
      expect((await a.post('/sign-in/code', { code: await wrong() })).status).toBe(400);
    }
    // the password again does not start the count again
    expect((await a.signInPassword(team)).location).toBe('/sign-in/code');
    expect((await a.post('/sign-in/code', { code: await wrong() })).status).toBe(400);
    // now locked: even the right code is not checked
    const locked = await a.post('/sign-in/code', { code: await currentCode(context(), team.id) });
    expect(locked.status).toBe(429);
    expect(errorSummary(locked.body)[0]).toMatch(/too many times/);
    expect((await a.signInPassword(team)).status).toBe(429);
    // after the minute, the right code signs in
    later(minutes(1) + 1000);
    expect((await a.signIn(team)).location).toBe('/cases');
  });
});

describe('the account page', () => {
  it('lets anyone turn an app on (after a right code) and off again (with a code)', async () => {
    const person = t.person('frontline', 'Elm Road');
    const a = agent();
    expect((await a.signIn(person)).location).toBe('/cases');
    const account = await a.get('/account');
    expect(account.status).toBe(200);
    expect(account.body).toContain('Authenticator app');
    expect(account.body).toMatch(/Off/);
    const setUp = await a.get('/account/authenticator/set-up');
    const secret = keyOnPage(setUp.body);
    const wrong = await a.post('/account/authenticator/set-up', { code: '' });
    expect(errorSummary(wrong.body)).toEqual([
      'Enter the 6-digit code from your authenticator app',
    ]);
    expect(await factorRow(person.id)).toBeUndefined();
    const on = await a.post('/account/authenticator/set-up', {
      code: codeFor(secret, t.clock.now),
    });
    expect(on.location).toBe('/account?changed=on');
    expect((await a.get('/account?changed=on')).body).toContain('Your authenticator app is set up');

    // the next sign-in asks for a code
    const b = agent();
    expect((await b.signInPassword(person)).location).toBe('/sign-in/code');
    expect((await b.signIn(person)).location).toBe('/cases');

    // turning it off takes a right code
    await b.get('/account/authenticator/turn-off');
    const refused = await b.post('/account/authenticator/turn-off', { code: '000000' });
    expect(refused.status).toBe(400);
    expect(await factorRow(person.id)).toBeDefined();
    const off = await b.post('/account/authenticator/turn-off', {
      code: await currentCode(context(), person.id),
    });
    expect(off.location).toBe('/account?changed=off');
    expect(await factorRow(person.id)).toBeUndefined();
    expect((await agent().signIn(person)).location).toBe('/cases');
  });

  it('does not let a role that requires an app turn it off', async () => {
    const chair = nth('chair', 2);
    const a = await enrolled(chair);
    const account = await a.get('/account');
    expect(account.body).toContain('cannot be turned off');
    expect(account.body).not.toContain('/account/authenticator/turn-off');
    expect((await a.get('/account/authenticator/turn-off')).location).toBe('/account');
    const posted = await a.post('/account/authenticator/turn-off', {
      code: await currentCode(context(), chair.id),
    });
    expect(posted.location).toBe('/account');
    expect(await factorRow(chair.id)).toBeDefined();
  });

  it('asks to sign in again when a password-only session’s person moves to a role that requires an app', async () => {
    const person = t.person('manager', 'Elm Road');
    const a = agent();
    expect((await a.signIn(person)).location).toBe('/cases');
    await t.store.db
      .updateTable('people')
      .set({ role: 'administrator' })
      .where('id', '=', person.id)
      .execute();
    try {
      expect((await a.get('/cases')).location).toBe('/sign-in');
      expect((await agent().signInPassword(person)).location).toBe('/sign-in/set-up');
    } finally {
      await t.store.db
        .updateTable('people')
        .set({ role: person.role })
        .where('id', '=', person.id)
        .execute();
    }
  });
});

describe('escalate totp reset --email E', () => {
  it('forgets a lost app and ends the person’s sessions; they set up a new one at their next sign-in', async () => {
    const admin = nth('administrator', 2);
    const signedIn = await enrolled(admin);
    const run = (email: string) =>
      spawnSync(
        process.execPath,
        [join(ROOT, 'bin', 'escalate.js'), 'totp', 'reset', '--email', email],
        { env: cleanEnv({ NODE_ENV: 'test', DATABASE_URL: t.database.url }), encoding: 'utf8' },
      );
    const reset = run(admin.email);
    expect(reset.stderr).toBe('');
    expect(reset.status).toBe(0);
    expect(reset.stdout).toContain(`Authenticator app removed for ${admin.email}`);
    expect(await factorRow(admin.id)).toBeUndefined();
    expect((await signedIn.get('/cases')).location).toBe('/sign-in');
    expect((await agent().signInPassword(admin)).location).toBe('/sign-in/set-up');

    const unknown = run('nobody@example.org');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^escalate: nobody has the e-mail nobody@example.org/);
  }, 30_000);
});
