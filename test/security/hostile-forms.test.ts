/**
 * Issue 19, on SQLite and PostgreSQL alike: an answer sent twice where one is expected, and text
 * that is not UTF-8, are refused with a 400 that says so and change nothing, on every form,
 * every journey page, the API's bodies and the addresses' queries. Checkboxes, whose name is
 * sent once per box ticked, still take several answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { Agent, givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let raiser: PersonSummary;
let other: PersonSummary;
let browser: Agent;
let caseId: string;

function raiseBody(agencyId: string) {
  return {
    children: [{ name: 'Fictional Child', dateOfBirth: '2021-05-14', caseNumber: 'C-1' }],
    agencies: [agencyId],
    category: 'communication',
    disagreement: 'Calls are not returned.',
    evidence: { nature: 'No contact', source: 'Call log' },
    actionsToDate: 'Three calls.',
    outcomeSought: 'A call back.',
    immediateRisk: false,
  };
}

/** Everything a refusal must leave as it was. */
async function state() {
  const db = t.store.db;
  const count = async (table: 'events' | 'cases' | 'outbox' | 'people' | 'api_tokens') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const versions = await db.selectFrom('cases').select(['id', 'version']).orderBy('id').execute();
  const passwords = await db.selectFrom('people').select('password_hash').orderBy('id').execute();
  return {
    events: await count('events'),
    cases: await count('cases'),
    outbox: await count('outbox'),
    versions,
    passwords,
  };
}

/** A form body with `name` sent twice and the others once, urlencoded as a browser would. */
function formWith(fields: Record<string, string>, csrf: string | undefined, twice: string) {
  const params = new URLSearchParams();
  if (csrf) params.append('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) {
    params.append(name, value);
    if (name === twice) params.append(name, `${value} again`);
  }
  if (twice === '_csrf' && csrf) params.append('_csrf', csrf);
  return params.toString();
}

const postRaw = (url: string, payload: string | Buffer, cookie?: string) =>
  t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
  });

/** The single-valued fields of every action form (the checkbox `members` is a list). */
const ACTION_FIELDS: Record<string, Record<string, string>> = {
  'record-consultation': { with: 'someone', 'answer-q1': 'yes', summary: 'Talked it over.' },
  'record-discussion': {
    'when-day': '2',
    'when-month': '11',
    'when-year': '2026',
    'when-time': '09:00',
    how: 'phone',
    participants: 'A. Person',
    summary: 'Talked.',
    outcome: 'No agreement.',
  },
  escalate: { reason: 'No agreement.' },
  'refer-to-chair': { details: 'Please decide.' },
  'record-representation': { from: 'someone', summary: 'Their view.' },
  resolve: { outcome: 'Agreed.', actions: 'A call.', 'agreed-x': 'Both', learning: 'Talk early.' },
  'record-decision': { decidedBy: 'chair', decision: 'Decided.', learning: 'Talk early.' },
  'update-child-contacts': { child: '0', cpChairEmail: 'cp@example.org', iroEmail: '' },
  withdraw: { reason: 'Agreed after all.' },
  reopen: { reason: 'It came back.' },
};

beforeAll(async () => {
  t = await createTestApp();
  raiser = t.person('frontline', 'Hillcrest');
  other = t.person('frontline', "Bromley Children's Social Care");
  await givePasswords(t.store, [raiser]);
  browser = new Agent(t.app);
  await browser.signIn(raiser);
  const raised = await t.api(
    raiser,
    'POST',
    '/api/v1/cases',
    raiseBody(other.agency?.id as string),
  );
  expect(raised.status).toBe(201);
  caseId = raised.body.id;
});
afterAll(async () => t.close());

function expectRefusedPage(
  answer: { statusCode: number; body: string },
  pattern: RegExp,
  where: string,
) {
  expect(answer.statusCode, where).toBe(400);
  expect(answer.body, where).toMatch(pattern);
  expect(answer.body, where).toContain('Nothing was changed');
}

describe('an answer sent twice', () => {
  it('reason=first&reason=second on withdraw is refused with a 400, and the case stays open', async () => {
    await browser.get(`/cases/${caseId}/withdraw`);
    const before = await state();
    const answer = await browser.post(`/cases/${caseId}/withdraw`, {
      reason: ['first', 'second'],
      version: String(before.versions.find((v) => v.id === caseId)?.version),
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(
      /Send each answer once: (&#34;|&quot;)reason(&#34;|&quot;) was sent more than once/,
    );
    expect(await state()).toEqual(before);
  });

  it('every single-valued field of every action form, the version and the CSRF token', async () => {
    await browser.get(`/cases/${caseId}`);
    const before = await state();
    const version = String(before.versions.find((v) => v.id === caseId)?.version);
    for (const [action, fields] of Object.entries(ACTION_FIELDS)) {
      const all = { ...fields, version, conflictWithLineManager: 'yes' };
      for (const name of [...Object.keys(all), '_csrf']) {
        const answer = await postRaw(
          `/cases/${caseId}/${action}`,
          formWith(all, browser.csrf, name),
          browser.cookie,
        );
        expectRefusedPage(answer, /Send each answer once/, `${action} ${name}`);
      }
    }
    expect(await state()).toEqual(before);
  }, 120_000);

  it('every field of sign-in and the account pages', async () => {
    const forms: [string, Record<string, string>][] = [
      ['/account/password', { current: 'escalate-demo-2026', next: 'a brand new passphrase 7' }],
      ['/account/sessions', { password: 'escalate-demo-2026' }],
      ['/account/authenticator/set-up', { code: '123456' }],
    ];
    for (const [url, fields] of forms) {
      for (const name of [...Object.keys(fields), '_csrf']) {
        await browser.get('/account');
        const before = await state();
        const answer = await postRaw(url, formWith(fields, browser.csrf, name), browser.cookie);
        expectRefusedPage(answer, /Send each answer once/, `${url} ${name}`);
        expect(await state()).toEqual(before);
      }
    }
    // signing in, from a new browser
    for (const name of ['email', 'password', 'next', '_csrf']) {
      const visitor = new Agent(t.app, '192.0.2.44');
      await visitor.get('/sign-in');
      const fields = { email: raiser.email, password: 'escalate-demo-2026', next: '/cases' };
      const answer = await postRaw(
        '/sign-in',
        formWith(fields, visitor.csrf, name),
        visitor.cookie,
      );
      expectRefusedPage(answer, /Send each answer once/, `sign-in ${name}`);
      expect(answer.headers['set-cookie'], name).toBeUndefined();
    }
  });

  it('every journey page, while checkboxes still take several answers', async () => {
    const journey = new Agent(t.app);
    await journey.signIn(raiser);
    // each page's answers; the lists (flags, agencies) are sent with two values
    const pages: Record<string, Record<string, string | string[]>> = {
      consultation: {},
      'child/1': {
        name: 'Fictional Child',
        'dob-day': '14',
        'dob-month': '5',
        'dob-year': '2021',
        caseNumber: 'C-2',
        cpChairEmail: 'cp@example.org',
        iroEmail: 'iro@example.org',
        flags: ['childProtectionPlan', 'lookedAfter'],
      },
      children: { addAnother: 'no' },
      agencies: { agencies: [] as string[] },
      category: { category: 'communication' },
      disagreement: { answer: 'Calls are not returned.' },
      evidence: { nature: 'No contact', source: 'Call log' },
      'actions-to-date': { answer: 'Three calls.' },
      outcome: { answer: 'A call back.' },
      'immediate-risk': { immediateRisk: 'no' },
      deadline: { 'deadline-day': '', 'deadline-month': '', 'deadline-year': '' },
    };
    const visited: string[] = [];
    let at = (await journey.get('/cases/new')).location as string;
    while (at !== '/cases/new/check') {
      const key = at.replace('/cases/new/', '');
      expect(pages[key], key).toBeDefined();
      const fields = pages[key] as Record<string, string | string[]>;
      const single = Object.entries(fields as object).filter(([, v]) => !Array.isArray(v));
      for (const name of [...single.map(([k]) => k), '_csrf']) {
        await journey.get(at);
        const answer = await postRaw(
          at,
          formWith(Object.fromEntries(single), journey.csrf, name),
          journey.cookie,
        );
        expectRefusedPage(answer, /Send each answer once/, `${at} ${name}`);
      }
      const page = await journey.get(at);
      if (key === 'agencies') {
        // two of the agencies the page offers, ticked
        const offered = [...page.body.matchAll(/name="agencies"[^>]*value="([^"]+)"/g)];
        fields.agencies = offered.slice(0, 2).map((m) => m[1] as string);
        expect(fields.agencies).toHaveLength(2);
      }
      const saved = await journey.post(at, fields as Record<string, string | string[]>);
      expect(saved.status, `${at} ${saved.body.slice(0, 200)}`).toBe(303);
      visited.push(key);
      at = saved.location as string;
    }
    expect(visited).toContain('agencies');
    expect(visited).toContain('child/1');
    // the lists were taken whole
    const check = await journey.get('/cases/new/check');
    expect(check.body).toMatch(/Looked After/i);
  });
});

describe('text that is not UTF-8', () => {
  const BAD_ESCAPES = ['%FF', '%C3%28', '%C0%AF', '%ED%A0%80', 'ok%E2%82', '%F4%90%80%80'];

  it('in a form field, escaped or raw, is refused with a 400 that says so, on every action form', async () => {
    await browser.get(`/cases/${caseId}`);
    const before = await state();
    const version = String(before.versions.find((v) => v.id === caseId)?.version);
    for (const [action, fields] of Object.entries(ACTION_FIELDS)) {
      for (const name of Object.keys(fields)) {
        for (const bad of BAD_ESCAPES) {
          const form = new URLSearchParams({
            ...fields,
            [name]: 'BAD_BYTES',
            version,
            _csrf: browser.csrf as string,
          });
          const payload = form.toString().replace('BAD_BYTES', `x${bad}`);
          const answer = await postRaw(`/cases/${caseId}/${action}`, payload, browser.cookie);
          expectRefusedPage(answer, /is not valid UTF-8/, `${action} ${name} ${bad}`);
        }
      }
    }
    // the reproduction: reason=%FF on withdraw, and the same bytes raw
    const csrf = `_csrf=${browser.csrf}&version=${version}`;
    for (const payload of [
      `${csrf}&reason=Agreed%FF`,
      Buffer.concat([Buffer.from(`${csrf}&reason=Agreed`), Buffer.from([0xff, 0xfe])]),
    ]) {
      const answer = await postRaw(`/cases/${caseId}/withdraw`, payload, browser.cookie);
      expectRefusedPage(answer, /is not valid UTF-8/, 'withdraw');
    }
    expect(await state()).toEqual(before);
  }, 120_000);

  it('on sign-in and the journey pages too', async () => {
    const visitor = new Agent(t.app, '192.0.2.45');
    await visitor.get('/sign-in');
    const signIn = await postRaw(
      '/sign-in',
      `_csrf=${visitor.csrf}&email=a%FF%40example.org&password=x`,
      visitor.cookie,
    );
    expectRefusedPage(signIn, /is not valid UTF-8/, 'sign-in');
    await browser.get('/cases/new/disagreement');
    const page = await postRaw(
      '/cases/new/disagreement',
      `_csrf=${browser.csrf}&answer=Calls%C3%28`,
      browser.cookie,
    );
    expectRefusedPage(page, /is not valid UTF-8/, 'journey');
  });

  it('in any string of an API body is refused with a 400 problem, and nothing is raised', async () => {
    const token = await t.token(raiser);
    const valid = JSON.stringify(raiseBody(other.agency?.id as string));
    const strings = [...valid.matchAll(/"([^"]+)"(?!:)/g)].map((m) => m[1] as string);
    for (const value of strings) {
      for (const bad of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
        const at = valid.indexOf(`"${value}"`) + 1;
        const payload = Buffer.concat([
          Buffer.from(valid.slice(0, at)),
          Buffer.from(bad),
          Buffer.from(valid.slice(at)),
        ]);
        const before = await state();
        const answer = await t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload,
        });
        expect(answer.statusCode, value).toBe(400);
        expect(answer.headers['content-type']).toContain('application/problem+json');
        expect(answer.json().detail).toMatch(/is not valid UTF-8/);
        expect(await state()).toEqual(before);
      }
    }
    // a command, the same
    const command = Buffer.concat([
      Buffer.from('{"type":"withdraw","expectedVersion":1,"reason":"Agreed'),
      Buffer.from([0xff]),
      Buffer.from('"}'),
    ]);
    const answer = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/commands`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: command,
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().detail).toMatch(/is not valid UTF-8/);
  });

  it('in an address: the query or the path', async () => {
    const token = await t.token(raiser);
    for (const url of ['/api/v1/cases?status=open%FF', `/api/v1/cases/${caseId}%C3%28`]) {
      const answer = await t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
      expect(answer.statusCode, url).toBe(400);
      expect(answer.json().detail, url).toMatch(/not valid UTF-8|not a valid one/);
    }
    for (const url of ['/cases?q=%FF', '/partnership/figures?from=%C0%AF']) {
      const page = await browser.get(url);
      expect(page.status, url).toBe(400);
      expect(page.body, url).toMatch(/not valid UTF-8/);
    }
    // well-formed UTF-8, escaped, is still fine
    const fine = await browser.get('/cases?q=%F0%9F%98%80');
    expect(fine.status).toBe(200);
  });
});
