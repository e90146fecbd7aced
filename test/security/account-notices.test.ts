/**
 * Telling people of changes to their account (ASVS V2.2.3, V2.5.5, V2.8.5): a password changed
 * from Your account or set by an administrator, an authenticator app set up, turned off or
 * reset, a code used twice, an e-mail address changed by a directory import (told at the old
 * address). Each is queued in the outbox with the change, is delivered by the worker, says what
 * and when in UK time and who to contact, and holds no password or code. A refused change
 * queues nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryFile } from '../../src/domain/directory.js';
import { deliverDue } from '../../src/notify/outbox.js';
import type { OutgoingEmail } from '../../src/notify/transports.js';
import { loadPresets } from '../../src/policies/index.js';
import { DEMO_PASSWORD } from '../../src/services/demo.js';
import { DirectoryError, importDirectory } from '../../src/services/directory.js';
import { PasswordRefused, setPassword } from '../../src/services/passwords.js';
import type { PersonSummary } from '../../src/services/people.js';
import { resetSecondFactor } from '../../src/services/second-factor.js';
import { Agent, errorSummary, givePasswords } from '../pages/agent.js';
import { createTestApp, TEST_TOTP_KEY, type TestApp } from '../support/app.js';
import { codeFor, currentCode, keyOnPage } from '../support/authenticator.js';

let t: TestApp;
let ip = 0;
const agent = () => new Agent(t.app, `10.44.0.${++ip}`);
const context = () => ({ db: t.store.db, key: TEST_TOTP_KEY, clock: t.clock });

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-07-01T13:05:00Z') });
  await givePasswords(t.store, t.people);
}, 60_000);
afterAll(async () => t.close());

/** The account notices queued for this person, oldest first. */
const noticesFor = (personId: string) =>
  t.store.db
    .selectFrom('outbox')
    .selectAll()
    .where('recipient_person_id', '=', personId)
    .where('rule_key', '=', 'account')
    .orderBy('created_at')
    .orderBy('template')
    .execute();

/** Delivers the queue as the worker does, and answers the e-mails sent. */
async function deliver(): Promise<OutgoingEmail[]> {
  const sent: OutgoingEmail[] = [];
  await deliverDue({
    db: t.store.db,
    transport: { send: async (email) => void sent.push(email) },
    baseUrl: 'http://escalate.test',
    now: () => t.clock.now,
    batchSize: 100,
  });
  return sent;
}

/** What every notice must and must not say. */
function expectMinimal(email: OutgoingEmail, ...secrets: string[]) {
  expect(email.text).toContain('If this was not you');
  expect(email.text).toContain('contact your administrator');
  expect(email.text).toContain('http://escalate.test/');
  for (const secret of secrets) expect(email.text).not.toContain(secret);
  expect(email.text).not.toMatch(/ESC-|child'?s name/i);
}

const fresh = (() => {
  const used = new Set<string>();
  return (role: string) => {
    const person = t.people.find((p) => p.role === role && !used.has(p.id));
    if (!person) throw new Error(`no unused ${role}`);
    used.add(person.id);
    return person;
  };
})();

describe('a password', () => {
  it('changed from Your account: the person is told, in UK time, without the password', async () => {
    const person = fresh('frontline');
    const a = agent();
    await a.signIn(person);
    await a.get('/account/password');
    const refused = await a.post('/account/password', {
      current: 'not my password at all',
      next: 'lantern orchard pebble 7',
    });
    expect(refused.status).toBe(400);
    const weak = await a.post('/account/password', {
      current: DEMO_PASSWORD,
      next: 'password1234',
    });
    expect(weak.status).toBe(400);
    expect(await noticesFor(person.id)).toEqual([]);

    const changed = await a.post('/account/password', {
      current: DEMO_PASSWORD,
      next: 'lantern orchard pebble 7',
    });
    expect(changed.status).toBe(303);
    const [row, ...more] = await noticesFor(person.id);
    expect(more).toEqual([]);
    expect(row?.recipient_email).toBe(person.email);
    expect(row?.template).toBe('account-password-changed');
    expect(row?.case_id).toBeNull();
    expect(row?.data).not.toContain('lantern');

    const sent = (await deliver()).filter((e) => e.to === person.email);
    expect(sent).toHaveLength(1);
    const email = sent[0] as OutgoingEmail;
    expect(email.subject).toBe('Your Escalate password has been changed');
    // 13:05 UTC on 1 July is 2:05pm British Summer Time
    expect(email.text).toContain(
      'changed from Your account, at 2:05pm on Wednesday 1 July 2026 (UK time).',
    );
    expectMinimal(email, 'lantern orchard pebble 7', DEMO_PASSWORD);
    expect((await noticesFor(person.id))[0]?.status).toBe('sent');
  });

  it('set by an administrator (`escalate password set`): told it was an administrator; a refused one tells nobody', async () => {
    const person = fresh('manager');
    await expect(setPassword(t.store.db, person.email, 'password1234')).rejects.toBeInstanceOf(
      PasswordRefused,
    );
    expect(await noticesFor(person.id)).toEqual([]);
    await setPassword(t.store.db, person.email, 'copper kettle meadow 42', { now: t.clock.now });
    const rows = await noticesFor(person.id);
    expect(rows.map((r) => [r.template, r.recipient_email])).toEqual([
      ['account-password-set', person.email],
    ]);
    const email = (await deliver()).find((e) => e.to === person.email) as OutgoingEmail;
    expect(email.subject).toBe('Your Escalate password has been set by an administrator');
    expect(email.text).toContain('An administrator set a new password');
    expectMinimal(email, 'copper kettle meadow 42');
  });
});

describe('an authenticator app', () => {
  it('turned on and off from Your account: told each time; a wrong code changes nothing and tells nobody', async () => {
    const person = fresh('frontline');
    const a = agent();
    await a.signIn(person);
    const secret = keyOnPage((await a.get('/account/authenticator/set-up')).body);
    const right = codeFor(secret, t.clock.now);
    const wrong = right === '000000' ? '111111' : '000000';
    expect((await a.post('/account/authenticator/set-up', { code: wrong })).status).toBe(400);
    expect(await noticesFor(person.id)).toEqual([]);
    const on = await a.post('/account/authenticator/set-up', { code: right });
    expect(on.location).toBe('/account?changed=on');
    expect((await noticesFor(person.id)).map((r) => r.template)).toEqual(['account-app-turned-on']);

    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    await a.get('/account/authenticator/turn-off');
    const code = await currentCode(context(), person.id);
    const refused = await a.post('/account/authenticator/turn-off', {
      code: code === '000000' ? '111111' : '000000',
    });
    expect(refused.status).toBe(400);
    expect((await noticesFor(person.id)).map((r) => r.template)).toEqual(['account-app-turned-on']);
    const off = await a.post('/account/authenticator/turn-off', { code });
    expect(off.location).toBe('/account?changed=off');
    expect((await noticesFor(person.id)).map((r) => r.template)).toEqual([
      'account-app-turned-on',
      'account-app-turned-off',
    ]);

    const sent = (await deliver()).filter((e) => e.to === person.email);
    expect(sent.map((e) => e.subject)).toEqual([
      'An authenticator app has been set up on your Escalate account',
      'The authenticator app on your Escalate account has been turned off',
    ]);
    for (const email of sent) expectMinimal(email, secret, right, code);
  });

  it('set up at a first sign-in (a role that requires one) is told as well', async () => {
    const chair = fresh('chair');
    expect((await agent().signIn(chair)).location).toBe('/cases');
    expect((await noticesFor(chair.id)).map((r) => r.template)).toEqual(['account-app-turned-on']);
  });

  it('a code used a second time: refused, and the person told once for that code', async () => {
    const admin = fresh('administrator');
    expect((await agent().signIn(admin)).location).toBe('/cases');
    // the code the set-up just used (the clock has not moved)
    const used = codeFor(await secretOf(admin), t.clock.now);
    const b = agent();
    expect((await b.signInPassword(admin)).location).toBe('/sign-in/code');
    const wrong = await b.post('/sign-in/code', { code: used === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect((await noticesFor(admin.id)).map((r) => r.template)).toEqual(['account-app-turned-on']);
    // the used code, twice
    const again = await b.post('/sign-in/code', { code: used });
    expect(errorSummary(again.body)[0]).toMatch(/has been used already/);
    expect((await b.post('/sign-in/code', { code: used })).status).toBe(400);
    const rows = await noticesFor(admin.id);
    expect(rows.map((r) => r.template)).toEqual(['account-app-turned-on', 'account-code-reused']);
    const email = (await deliver()).find(
      (e) => e.to === admin.email && e.subject.includes('used twice'),
    ) as OutgoingEmail;
    expect(email.text).toContain('It was refused');
    expect(email.text).toContain('someone may know your password');
    expectMinimal(email, used);
  });

  it('reset by an administrator (`escalate totp reset`): told; nobody told when there was no app', async () => {
    const team = fresh('partnership-team');
    expect((await agent().signIn(team)).location).toBe('/cases');
    t.clock.now = new Date(t.clock.now.getTime() + 1000);
    expect(await resetSecondFactor(t.store.db, team.email, t.clock.now)).toBe(true);
    expect((await noticesFor(team.id)).map((r) => r.template)).toEqual([
      'account-app-turned-on',
      'account-app-reset',
    ]);
    const noApp = fresh('frontline');
    expect(await resetSecondFactor(t.store.db, noApp.email, t.clock.now)).toBe(false);
    expect(await noticesFor(noApp.id)).toEqual([]);
    const email = (await deliver()).find(
      (e) => e.to === team.email && e.subject.includes('reset'),
    ) as OutgoingEmail;
    expect(email.text).toContain('An administrator removed the authenticator app');
    expectMinimal(email);
  });
});

async function secretOf(person: PersonSummary): Promise<string> {
  const { storedSecret, totpKey } = await import('../../src/services/second-factor.js');
  const stored = await storedSecret(t.store.db, totpKey(TEST_TOTP_KEY), person.id);
  return stored?.secret ?? '';
}

describe('an e-mail address changed by a directory import', () => {
  const policyId = () => loadPresets()[0]?.id as string;
  const directory = (email: string, previousEmail?: string) =>
    DirectoryFile.parse({
      partnerships: [
        {
          key: 'notice-test',
          name: 'Notice Test Partnership',
          policy: policyId(),
          agencies: [
            {
              name: 'Hazel Street School',
              sector: 'school',
              people: [
                { email, name: 'Robin Testperson', role: 'frontline', previousEmail },
                { email: 'sam.other@hazel.example', name: 'Sam Otherperson', role: 'dsl' },
              ],
            },
          ],
        },
      ],
    });
  const options = () => ({
    policyIds: new Set(loadPresets().map((p) => p.id)),
    now: t.clock.now.toISOString(),
  });
  const personByEmail = (email: string) =>
    t.store.db.selectFrom('people').selectAll().where('email', '=', email).executeTakeFirst();

  it('keeps the person (same id) at the new address and tells the old address only', async () => {
    await importDirectory(t.store.db, directory('robin.old@hazel.example'), options());
    const before = await personByEmail('robin.old@hazel.example');
    expect(before).toBeDefined();
    // the same file again changes nothing and tells nobody
    await importDirectory(t.store.db, directory('robin.old@hazel.example'), options());
    expect(await noticesFor(before?.id as string)).toEqual([]);

    await importDirectory(
      t.store.db,
      directory('robin.new@hazel.example', 'robin.old@hazel.example'),
      options(),
    );
    expect(await personByEmail('robin.old@hazel.example')).toBeUndefined();
    expect((await personByEmail('robin.new@hazel.example'))?.id).toBe(before?.id);
    const rows = await noticesFor(before?.id as string);
    expect(rows.map((r) => [r.template, r.recipient_email])).toEqual([
      ['account-email-changed', 'robin.old@hazel.example'],
    ]);
    // imported again with previousEmail still there: nothing more
    await importDirectory(
      t.store.db,
      directory('robin.new@hazel.example', 'robin.old@hazel.example'),
      options(),
    );
    expect(await noticesFor(before?.id as string)).toHaveLength(1);
    const sent = (await deliver()).filter((e) => e.to.endsWith('@hazel.example'));
    expect(sent.map((e) => e.to)).toEqual(['robin.old@hazel.example']);
    expect(sent[0]?.subject).toBe('The e-mail address of your Escalate account has changed');
    expectMinimal(sent[0] as OutgoingEmail, 'robin.new@hazel.example');
  });

  it('refuses a change to an address someone already has, changing nothing and telling nobody', async () => {
    const other = t.people.find((p) => p.role === 'dsl') as PersonSummary;
    const outboxBefore = await t.store.db.selectFrom('outbox').select('id').execute();
    const refused = importDirectory(
      t.store.db,
      directory('robin.new@hazel.example', other.email),
      options(),
    );
    await expect(refused).rejects.toBeInstanceOf(DirectoryError);
    await expect(refused).rejects.toThrow(/belong to people already/);
    expect((await personByEmail(other.email))?.id).toBe(other.id);
    expect(await personByEmail('robin.new@hazel.example')).toBeDefined();
    expect(await t.store.db.selectFrom('outbox').select('id').execute()).toHaveLength(
      outboxBefore.length,
    );
  });
});
