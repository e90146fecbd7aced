/**
 * Changing one's own password (ASVS V2.1.5, V2.1.6, V3.3.3): the current password is needed and
 * throttled like a sign-in, the new one follows the password rules, and a change signs the
 * person out everywhere else while this browser carries on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/services/demo.js';
import type { PersonSummary } from '../../src/services/people.js';
import { signInPathFor } from '../../src/web/local-path.js';
import { Agent, givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let person: PersonSummary;
beforeAll(async () => {
  t = await createTestApp();
  person = t.person('frontline', 'Acorn Lane');
  await givePasswords(t.store, [person]);
});
afterAll(async () => t.close());

const hashOf = async (id: string) =>
  (
    await t.store.db
      .selectFrom('people')
      .select('password_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).password_hash;

const NEW_PASSWORD = 'lantern orchard pebble 7';

describe('changing your password', () => {
  it('is only for someone signed in, and the form needs its CSRF token', async () => {
    const visitor = new Agent(t.app, '10.8.0.1');
    expect((await visitor.get('/account/password')).location).toBe(
      signInPathFor('/account/password'),
    );
    const a = new Agent(t.app, '10.8.0.2');
    await a.signIn(person);
    await a.get('/account/password');
    const before = await hashOf(person.id);
    const forged = await a.post(
      '/account/password',
      { current: DEMO_PASSWORD, next: NEW_PASSWORD },
      null,
    );
    expect(forged.status).toBe(403);
    expect(await hashOf(person.id)).toBe(before);
  });

  it('refuses a wrong current password, or a new one that breaks the rules, changing nothing', async () => {
    const a = new Agent(t.app, '10.8.0.3');
    await a.signIn(person);
    const page = await a.get('/account/password');
    expect(page.body).toContain('Change your password');
    const before = await hashOf(person.id);
    const cases: [Record<string, string>, string][] = [
      [{ current: '', next: NEW_PASSWORD }, 'Enter your current password'],
      [{ current: DEMO_PASSWORD, next: '' }, 'Enter a new password'],
      [
        { current: 'not my password at all', next: NEW_PASSWORD },
        'Your current password is not right',
      ],
      [{ current: DEMO_PASSWORD, next: 'short one' }, 'at least 12 characters'],
      [{ current: DEMO_PASSWORD, next: 'password1234' }, 'common'],
    ];
    for (const [form, message] of cases) {
      const answer = await a.post('/account/password', form);
      expect(answer.status, message).toBe(400);
      expect(answer.body, message).toContain('govuk-error-summary');
      expect(answer.body, message).toContain(message);
      expect(answer.body).not.toContain(NEW_PASSWORD);
    }
    expect(await hashOf(person.id)).toBe(before);
  });

  it('counts a wrong current password as a failed sign-in, so it cannot be guessed faster here', async () => {
    const someone = t.person('manager', 'Acorn Lane');
    await givePasswords(t.store, [someone]);
    const a = new Agent(t.app, '10.8.0.4');
    await a.signIn(someone);
    await a.get('/account/password');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const answer = await a.post('/account/password', {
        current: `guess ${i}`,
        next: NEW_PASSWORD,
      });
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses[5]).toBe(429);
    // even the right one waits out the lock
    const right = await a.post('/account/password', { current: DEMO_PASSWORD, next: NEW_PASSWORD });
    expect(right.status).toBe(429);
    expect(right.body).toMatch(/Wait until/);
  });

  it('changes it, signs the person out everywhere else, and keeps this browser signed in', async () => {
    const here = new Agent(t.app, '10.8.0.5');
    const elsewhere = new Agent(t.app, '10.8.0.6');
    await here.signIn(person);
    await elsewhere.signIn(person);
    expect((await elsewhere.get('/cases')).status).toBe(200);
    await here.get('/account/password');
    const oldCookie = here.cookie;
    const changed = await here.post('/account/password', {
      current: DEMO_PASSWORD,
      next: NEW_PASSWORD,
    });
    expect(changed.location).toBe('/account?changed=password');
    expect(here.cookie).not.toBe(oldCookie); // a new session
    const account = await here.get(changed.location as string);
    expect(account.status).toBe(200);
    expect(account.body).toContain('Your password is changed');
    expect((await elsewhere.get('/cases')).location).toBe('/sign-in');
    // the old password no longer signs in; the new one does
    const again = new Agent(t.app, '10.8.0.7');
    expect((await again.signIn(person)).status).toBe(401);
    expect((await again.signIn(person, NEW_PASSWORD)).location).toBe('/cases');
  });
});

describe('where you are signed in', () => {
  it('lists the person’s own sessions, this one first, and no one else’s', async () => {
    const someone = t.person('dsl', 'Acorn Lane');
    const other = t.person('frontline', 'Elm Road');
    await givePasswords(t.store, [someone, other]);
    const here = new Agent(t.app, '10.8.1.1');
    const phone = new Agent(t.app, '10.8.1.2');
    await new Agent(t.app, '10.8.1.3').signIn(other);
    await phone.signIn(someone);
    await here.signIn(someone);
    const page = await here.get('/account/sessions');
    expect(page.status).toBe(200);
    const rows = [...page.body.matchAll(/<tr class="govuk-table__row">/g)].length;
    expect(rows).toBe(3); // the head and two sessions: this one and the phone's
    expect(page.body).toContain('(this one)');
    expect(page.body).toContain('Sign out everywhere else');
    expect((await new Agent(t.app).get('/account/sessions')).location).toBe(
      signInPathFor('/account/sessions'),
    );
  });

  it('ends every other session once the password is entered again, keeping this one', async () => {
    const someone = t.person('manager', 'Elm Road');
    await givePasswords(t.store, [someone]);
    const here = new Agent(t.app, '10.8.2.1');
    const phone = new Agent(t.app, '10.8.2.2');
    await phone.signIn(someone);
    await here.signIn(someone);
    await here.get('/account/sessions');
    const wrong = await here.post('/account/sessions', { password: 'not the password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('Your password is not right');
    const empty = await here.post('/account/sessions', { password: '' });
    expect(empty.status).toBe(400);
    expect((await phone.get('/cases')).status).toBe(200); // nothing ended yet
    const forged = await here.post('/account/sessions', { password: DEMO_PASSWORD }, null);
    expect(forged.status).toBe(403);
    expect((await phone.get('/cases')).status).toBe(200);

    await here.get('/account/sessions');
    const ended = await here.post('/account/sessions', { password: DEMO_PASSWORD });
    expect(ended.location).toBe('/account/sessions?ended=1');
    expect((await phone.get('/cases')).location).toBe('/sign-in');
    const after = await here.get(ended.location as string);
    expect(after.status).toBe(200);
    expect(after.body).toContain('You are signed out everywhere else (1 session ended)');
    expect(after.body).toContain('You are signed in only here');
  });
});
