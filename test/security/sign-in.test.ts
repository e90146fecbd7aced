/**
 * Sign-in hardening (issue 8): the password rules applied where passwords are set (the
 * `escalate password set` command), and a throttle that slows guessing without letting anyone
 * lock someone else out for long. Times move with the test clock, not by waiting.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server.js';
import { PasswordRefused, setPassword } from '../../src/services/passwords.js';
import type { PersonSummary } from '../../src/services/people.js';
import { signIn, THROTTLE } from '../../src/services/sign-in.js';
import { Agent, givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp, testConfig } from '../support/app.js';
import { cleanEnv, ROOT } from '../support/process.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const minutes = (n: number) => n * 60 * 1000;
const at = (start: Date, ms: number) => new Date(start.getTime() + ms);

describe('setting a password', () => {
  it('refuses short, common and over-long passwords with a message, and changes nothing', async () => {
    const person = t.person('frontline', 'Elm Road');
    const hashBefore = async () =>
      (
        await t.store.db
          .selectFrom('people')
          .select('password_hash')
          .where('id', '=', person.id)
          .executeTakeFirstOrThrow()
      ).password_hash;
    const before = await hashBefore();
    for (const [password, message] of [
      ['short one', /at least 12 characters/],
      ['Password12345!', /too common/],
      ['qwertyuiop123', /too common/],
      ['x'.repeat(1025), /1024 characters or fewer/],
    ] as const) {
      await expect(setPassword(t.store.db, person.email, password)).rejects.toThrow(message);
      await expect(setPassword(t.store.db, person.email, password)).rejects.toThrow(
        PasswordRefused,
      );
    }
    expect(await hashBefore()).toBe(before);
  });

  it('hashes the whole of a long password (never truncated) and ends the person’s sessions', async () => {
    const person = t.person('frontline', 'Elm Road');
    const a = new Agent(t.app, '10.9.0.1');
    await givePasswords(t.store, [person]);
    await a.signIn(person);
    expect((await a.get('/cases')).status).toBe(200);
    const long = `${'lantern otter kettle '.repeat(48)}`.trim(); // ~1000 characters
    await setPassword(t.store.db, person.email, long);
    expect((await a.get('/cases')).location).toBe('/sign-in');
    const ip = '10.9.0.2';
    expect(
      (await signIn(t.store.db, { email: person.email, password: long, ip }, t.clock.now)).ok,
    ).toBe(true);
    // the same password less its last character is a different password
    const cut = await signIn(
      t.store.db,
      { email: person.email, password: long.slice(0, -1), ip },
      t.clock.now,
    );
    expect(cut.ok).toBe(false);
  });

  it('`escalate password set` reads the password from standard input', () => {
    const person = t.person('frontline', 'Bayview');
    const run = (password: string) =>
      spawnSync(
        process.execPath,
        [join(ROOT, 'bin', 'escalate.js'), 'password', 'set', '--email', person.email],
        {
          input: `${password}\n`,
          env: cleanEnv({ NODE_ENV: 'test', DATABASE_URL: t.database.url }),
          encoding: 'utf8',
        },
      );
    const refused = run('letmein12345');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^escalate: That password is too common/);
    const set = run('harbour gull lighthouse');
    expect(set.stderr).toBe('');
    expect(set.status).toBe(0);
    expect(set.stdout).toContain(`Password set for ${person.email}`);
  }, 30_000);
});

describe('throttling sign-in', () => {
  let victim: PersonSummary;
  beforeAll(async () => {
    victim = t.person('dsl', 'Hillcrest');
    await givePasswords(t.store, [victim]);
  });
  const attempt = (password: string, ip: string, now: Date) =>
    signIn(t.store.db, { email: victim.email, password, ip }, now);

  it('locks one address out of one account for 1, 2, 4, 8 then at most 15 minutes', async () => {
    let now = new Date('2026-11-03T09:00:00Z');
    const ip = '192.0.2.1';
    const locks: number[] = [];
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < THROTTLE.accountIp.limit; i++) {
        expect((await attempt(`guess-${round}-${i}`, ip, now)).ok).toBe(false);
      }
      const locked = await attempt('escalate-demo-2026', ip, now);
      expect(locked).toMatchObject({ ok: false, reason: 'locked' });
      const until = Date.parse((locked as { until: string }).until);
      locks.push((until - now.getTime()) / 60_000);
      now = new Date(until + 1000);
    }
    expect(locks).toEqual([1, 2, 4, 8, 15, 15]);
    // meanwhile the owner, elsewhere, signs in at once
    expect((await attempt('escalate-demo-2026', '198.51.100.7', now)).ok).toBe(true);
  });

  it('many addresses guessing one account lock it, for one minute at first', async () => {
    const start = new Date('2026-11-04T09:00:00Z');
    for (let i = 0; i < THROTTLE.account.limit; i++) {
      await attempt(`spray-${i}`, `203.0.113.${i + 1}`, start);
    }
    const owner = await attempt('escalate-demo-2026', '198.51.100.7', start);
    expect(owner).toMatchObject({ ok: false, reason: 'locked' });
    expect(Date.parse((owner as { until: string }).until) - start.getTime()).toBe(minutes(1));
    expect(
      (await attempt('escalate-demo-2026', '198.51.100.7', at(start, minutes(1) + 1000))).ok,
    ).toBe(true);
  });

  it('whatever the addresses, one account takes at most 100 failures in any hour (ASVS 2.2.1)', async () => {
    // a guesser with a new address for every attempt, trying again the moment a lock ends
    const start = new Date('2026-11-06T09:00:00Z');
    const end = start.getTime() + minutes(180);
    const failures: number[] = [];
    let now = start.getTime();
    for (let i = 0; now < end && i < 600; i++) {
      const ip = `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`;
      const answer = await attempt(`spray-${i}`, ip, new Date(now));
      if (!answer.ok && answer.reason === 'locked') now = Date.parse(answer.until) + 1000;
      else {
        failures.push(now);
        now += 1000;
      }
    }
    const inAnyHour = Math.max(
      ...failures.map((from) => failures.filter((f) => f >= from && f < from + minutes(60)).length),
    );
    expect(inAnyHour).toBeLessThanOrEqual(100);
    expect(inAnyHour).toBeGreaterThan(THROTTLE.account.limit);
    // and a success starts the account's count again
    const later = at(new Date(now), minutes(16));
    expect((await attempt('escalate-demo-2026', '198.51.100.7', later)).ok).toBe(true);
  }, 60_000);

  it('one address guessing many accounts is locked for 15 minutes', async () => {
    const start = new Date('2026-11-05T09:00:00Z');
    const ip = '192.0.2.99';
    for (let i = 0; i < THROTTLE.ip.limit; i++) {
      await signIn(t.store.db, { email: `nobody-${i}@example.org`, password: 'x', ip }, start);
    }
    const locked = await attempt('escalate-demo-2026', ip, start);
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    expect((await attempt('escalate-demo-2026', ip, at(start, minutes(14)))).ok).toBe(false);
    expect((await attempt('escalate-demo-2026', ip, at(start, minutes(15) + 1000))).ok).toBe(true);
  });
});

describe('forwarding headers the client wrote (issue 19)', () => {
  // one proxy in front (TRUST_PROXY=1) at 10.0.0.1: it adds the address it saw as the last hop
  const spoofed = async (app: TestApp, person: PersonSummary, password: string, i: number) => {
    const a = new Agent(app.app, '10.0.0.1');
    await a.get('/sign-in');
    return app.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: '10.0.0.1',
      headers: {
        cookie: a.cookie as string,
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': `192.0.2.${i + 1}, 198.51.100.${i + 1}, 203.0.113.50`,
        forwarded: `for=192.0.2.${i + 1}`,
        'x-real-ip': `192.0.2.${i + 1}`,
      },
      payload: new URLSearchParams({
        _csrf: a.csrf as string,
        email: person.email,
        password,
      }).toString(),
    });
  };

  it('do not let one address escape its lock: the address the proxy saw is the one counted', async () => {
    const behindProxy = await createTestApp({ config: { trustProxy: 1 } });
    try {
      const person = behindProxy.person('manager', 'Elm Road');
      await givePasswords(behindProxy.store, [person]);
      for (let i = 0; i < THROTTLE.accountIp.limit; i++) {
        expect((await spoofed(behindProxy, person, `guess-${i}`, i)).statusCode).toBe(401);
      }
      const locked = await spoofed(behindProxy, person, 'escalate-demo-2026', 99);
      expect(locked.statusCode).toBe(429);
    } finally {
      await behindProxy.close();
    }
  });

  it('are not believed at all when no proxy is configured', async () => {
    const person = t.person('manager', 'Elm Road');
    await givePasswords(t.store, [person]);
    for (let i = 0; i < THROTTLE.accountIp.limit; i++) {
      expect((await spoofed(t, person, `guess-${i}`, i)).statusCode).toBe(401);
    }
    expect((await spoofed(t, person, 'escalate-demo-2026', 99)).statusCode).toBe(429);
  });
});

describe('the log of sign-ins', () => {
  it('records each sign-in and each refusal, never the address or the password typed', async () => {
    const lines: string[] = [];
    const logged = await createTestApp({ logStream: { write: (line) => void lines.push(line) } });
    try {
      const person = logged.person('frontline', 'Acorn Lane');
      await givePasswords(logged.store, [person]);
      const a = new Agent(logged.app, '10.9.2.1');
      const wrong = 'Not-the-right-passphrase-42';
      await a.get('/sign-in');
      expect((await a.post('/sign-in', { email: person.email, password: wrong })).status).toBe(401);
      await a.signIn(person);
      const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(events.find((e) => e.msg === 'sign-in refused')).toMatchObject({ reason: 'invalid' });
      expect(events.find((e) => e.msg === 'signed in')).toMatchObject({ personId: person.id });
      const all = lines.join('\n');
      expect(all).not.toContain(person.email);
      expect(all).not.toContain(wrong);
    } finally {
      await logged.close();
    }
  });
});

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Lax; in production also Secure and named with the __Host- prefix', async () => {
    const visit = await t.app.inject({ url: '/sign-in' });
    const cookie = String(visit.headers['set-cookie']);
    expect(cookie).toMatch(/^escalate_session=/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    const logLevel = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'silent'; // production logs at info by default
    const app = await createApp({ ...testConfig(t.database), nodeEnv: 'production' }, t.store);
    if (logLevel === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = logLevel;
    try {
      const first = await app.inject({ url: '/sign-in' });
      const secure = String(first.headers['set-cookie']);
      expect(secure).toMatch(
        /^__Host-escalate_session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
      );
      expect(secure).not.toMatch(/Domain=/i);
      // and the session is found again by that name: no new cookie on the next visit
      const again = await app.inject({
        url: '/sign-in',
        headers: { cookie: secure.split(';')[0] as string },
      });
      expect(again.headers['set-cookie']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

describe('session time-outs', () => {
  it('end a session after the configured idle time, and after the configured total time', async () => {
    const clock = { now: new Date('2026-11-06T09:00:00Z') };
    const app = await createApp(
      { ...testConfig(t.database), sessionLimits: { idleMs: minutes(5), absoluteMs: minutes(60) } },
      t.store,
      { now: () => clock.now },
    );
    try {
      const person = t.person('manager', 'Elm Road');
      await givePasswords(t.store, [person]);
      const a = new Agent(app, '10.9.1.1');
      await a.signIn(person);
      const start = clock.now;
      // active every 4 minutes: still signed in after 56 minutes
      for (let m = 4; m <= 56; m += 4) {
        clock.now = at(start, minutes(m));
        expect((await a.get('/cases')).status, `${m} minutes`).toBe(200);
      }
      // but not after 61 minutes in all, however active
      clock.now = at(start, minutes(61));
      expect((await a.get('/cases')).location).toBe('/sign-in');
      // and idle for just over 5 minutes ends a new session
      await a.signIn(person);
      const again = clock.now;
      clock.now = at(again, minutes(5) + 1000);
      expect((await a.get('/cases')).location).toBe('/sign-in');
    } finally {
      await app.close();
    }
  });
});
