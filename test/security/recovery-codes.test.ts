/**
 * Recovery codes for the second factor: ten made from Your account (for someone with an app),
 * shown once and kept as hashes; each accepted once at the code step in place of the app's code,
 * and the person told; making new ones stops the old; turning the app off or a reset removes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { resetSecondFactor } from '../../src/services/second-factor.js';
import { Agent, errorSummary, givePasswords } from '../pages/agent.js';
import { createTestApp, TEST_TOTP_KEY, type TestApp } from '../support/app.js';
import { codeFor, currentCode, keyOnPage } from '../support/authenticator.js';

let t: TestApp;
let ip = 0;
const agent = () => new Agent(t.app, `10.55.0.${++ip}`);
const context = () => ({ db: t.store.db, key: TEST_TOTP_KEY, clock: t.clock });

beforeAll(async () => {
  t = await createTestApp();
  await givePasswords(t.store, t.people);
}, 60_000);
afterAll(async () => t.close());

const fresh = (() => {
  const used = new Set<string>();
  return (role: string) => {
    const person = t.people.find((p) => p.role === role && !used.has(p.id));
    if (!person) throw new Error(`no unused ${role}`);
    used.add(person.id);
    return person;
  };
})();

const codeRows = (personId: string) =>
  t.store.db.selectFrom('recovery_codes').selectAll().where('person_id', '=', personId).execute();

const codesOn = (body: string) =>
  [...body.matchAll(/<li><code>([0-9a-z]{5}-[0-9a-z]{5})<\/code><\/li>/g)].map(
    (m) => m[1] as string,
  );

/** Signs in (the agent sets up the app for a role that requires one) and makes codes. */
async function withCodes(person: PersonSummary): Promise<{ a: Agent; codes: string[] }> {
  const a = agent();
  expect((await a.signIn(person)).location).toBe('/cases');
  await a.get('/account/recovery-codes');
  const made = await a.post('/account/recovery-codes', {});
  expect(made.status).toBe(200);
  return { a, codes: codesOn(made.body) };
}

describe('recovery codes', () => {
  it('are for someone with an app: made from Your account, shown once, kept only as hashes', async () => {
    const person = fresh('frontline');
    const a = agent();
    await a.signIn(person);
    expect((await a.get('/account')).body).not.toContain('Recovery codes');
    expect((await a.get('/account/recovery-codes')).location).toBe('/account');
    expect((await a.post('/account/recovery-codes', {})).location).toBe('/account');
    expect(await codeRows(person.id)).toEqual([]);

    const secret = keyOnPage((await a.get('/account/authenticator/set-up')).body);
    await a.post('/account/authenticator/set-up', { code: codeFor(secret, t.clock.now) });
    // shown with the new app, once
    const account = await a.get('/account?changed=on');
    const codes = codesOn(account.body);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const rows = await codeRows(person.id);
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace('-', ''));
    }
    // not shown again
    const again = await a.get('/account?changed=on');
    expect(codesOn(again.body)).toEqual([]);
    expect(again.body).toMatch(/Recovery codes[\s\S]*10 of 10 left/);
    const page = await a.get('/account/recovery-codes');
    expect(codesOn(page.body)).toEqual([]);
    expect(page.body).toContain('Make new recovery codes');
    // making new ones takes the CSRF token
    expect((await a.post('/account/recovery-codes', {}, null)).status).toBe(403);
    const renewed = codesOn((await a.post('/account/recovery-codes', {})).body);
    expect(renewed).toHaveLength(10);
    expect(renewed.filter((c) => codes.includes(c))).toEqual([]);
  });

  it('are shown once after setting up an app at a first sign-in, then on to the cases', async () => {
    const chair = fresh('chair');
    const a = agent();
    expect((await a.signInPassword(chair)).location).toBe('/sign-in/set-up');
    const secret = keyOnPage((await a.get('/sign-in/set-up')).body);
    const set = await a.post('/sign-in/set-up', { code: codeFor(secret, t.clock.now) });
    expect(set.location).toBe('/sign-in/recovery-codes');
    const page = await a.get('/sign-in/recovery-codes');
    const codes = codesOn(page.body);
    expect(codes).toHaveLength(10);
    expect((await a.get('/sign-in/recovery-codes')).location).toBe('/cases');
    expect((await a.post('/sign-in/recovery-codes', {})).location).toBe('/cases');
    // a signed-out visitor gets nothing there
    expect((await agent().get('/sign-in/recovery-codes')).location).toBe('/sign-in');
    const b = agent();
    await b.signInPassword(chair);
    expect((await b.post('/sign-in/code', { code: codes[3] as string })).location).toBe('/cases');
  });

  it('sign in in place of the app’s code, each once, and the person is told', async () => {
    const admin = fresh('administrator');
    const { codes } = await withCodes(admin);
    const [first, second] = codes as [string, string];
    const b = agent();
    expect((await b.signInPassword(admin)).location).toBe('/sign-in/code');
    const page = await b.get('/sign-in/code');
    expect(page.body).toContain('enter one of your recovery codes instead');
    const wrong = await b.post('/sign-in/code', { code: 'zzzzz-zzzzz' });
    expect(wrong.status).toBe(400);
    // typed in capitals with a space: still the code
    const signedIn = await b.post('/sign-in/code', {
      code: ` ${first.toUpperCase().replace('-', ' ')}`,
    });
    expect(signedIn.location).toBe('/cases');
    expect((await b.get('/account')).body).toContain('9 of 10 left');
    const notices = await t.store.db
      .selectFrom('outbox')
      .select(['template', 'recipient_email'])
      .where('recipient_person_id', '=', admin.id)
      .where('template', '=', 'account-recovery-code-used')
      .execute();
    expect(notices).toEqual([
      { template: 'account-recovery-code-used', recipient_email: admin.email },
    ]);

    const c = agent();
    await c.signInPassword(admin);
    const reused = await c.post('/sign-in/code', { code: first });
    expect(reused.status).toBe(400);
    expect(errorSummary(reused.body)[0]).toMatch(/not right/);
    expect((await c.post('/sign-in/code', { code: second })).location).toBe('/cases');
    // the app still works as before
    const d = agent();
    await d.signInPassword(admin);
    expect(
      (await d.post('/sign-in/code', { code: await currentCode(context(), admin.id) })).location,
    ).toBe('/cases');
  });

  it('made anew, the old ones stop working; gone with the app when it is reset', async () => {
    const team = fresh('partnership-team');
    const { a, codes: old } = await withCodes(team);
    const renewed = codesOn((await a.post('/account/recovery-codes', {})).body);
    expect(renewed).toHaveLength(10);
    const b = agent();
    await b.signInPassword(team);
    expect((await b.post('/sign-in/code', { code: old[0] as string })).status).toBe(400);
    expect((await b.post('/sign-in/code', { code: renewed[0] as string })).location).toBe('/cases');

    expect(await resetSecondFactor(t.store.db, team.email, t.clock.now)).toBe(true);
    expect(await codeRows(team.id)).toEqual([]);
  });

  it('go when the person turns their app off', async () => {
    const person = fresh('manager');
    const a = agent();
    await a.signIn(person);
    const secret = keyOnPage((await a.get('/account/authenticator/set-up')).body);
    const on = await a.post('/account/authenticator/set-up', {
      code: codeFor(secret, t.clock.now),
    });
    expect(on.location, on.body.slice(0, 3000)).toBe('/account?changed=on');
    await a.get('/account/recovery-codes');
    const made = await a.post('/account/recovery-codes', {});
    expect(made.status, made.location).toBe(200);
    expect(await codeRows(person.id)).toHaveLength(10);
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    await a.get('/account/authenticator/turn-off');
    const off = await a.post('/account/authenticator/turn-off', {
      code: await currentCode(context(), person.id),
    });
    expect(off.location).toBe('/account?changed=off');
    expect(await codeRows(person.id)).toEqual([]);
  });
});
