/**
 * Who calls the API (issue 19): an Authorization header that is not a live bearer token is a 401,
 * never a fall-back to the session cookie, so it cannot be used to skip the CSRF check that
 * cookie-signed writes need. Every malformed shape, on reads, a raise and a command.
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

/** Every shape of Authorization header that is not "Bearer <a live token>". */
const MALFORMED_AUTHORIZATION = [
  'Bearer x y',
  'Bearer',
  'Bearer ',
  'bearer   ',
  'Bearer\tx',
  'Bearerx',
  ' Bearer x',
  'Bearer x,Bearer y',
  'Bearer "x"',
  'Bearer esc_NotAToken',
  'Bearer esc_NotAToken extra',
  'Basic dXNlcjpwYXNzd29yZA==',
  'Token abc',
  'Negotiate abc',
  'x',
  '',
];

function raiseBody(agencyId: string) {
  return {
    children: [{ name: 'Fictional Child', dateOfBirth: '2021-05-14' }],
    agencies: [agencyId],
    category: 'communication',
    disagreement: 'Calls are not returned.',
    evidence: { nature: 'No contact', source: 'Call log' },
    actionsToDate: 'Three calls.',
    outcomeSought: 'A call back.',
    immediateRisk: false,
  };
}

async function writes() {
  const n = async (table: 'events' | 'cases') =>
    Number(
      (
        await t.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { events: await n('events'), cases: await n('cases') };
}

async function version(): Promise<number> {
  const row = await t.store.db
    .selectFrom('cases')
    .select('version')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  return Number(row.version);
}

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

const send = (
  method: 'GET' | 'POST',
  url: string,
  authorization: string,
  payload?: object,
  csrf?: string,
) =>
  t.app.inject({
    method,
    url,
    headers: {
      cookie: browser.cookie as string,
      authorization,
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    ...(payload ? { payload } : {}),
  });

describe('an Authorization header that is not a live bearer token', () => {
  it('is refused on every write with the session cookie, with or without the CSRF token, changing nothing', async () => {
    await browser.get(`/cases/${caseId}`);
    for (const authorization of MALFORMED_AUTHORIZATION) {
      for (const csrf of [undefined, browser.csrf as string]) {
        const where = `${JSON.stringify(authorization)} ${csrf ? 'with' : 'without'} CSRF`;
        const before = await writes();
        const withdraw = await send(
          'POST',
          `/api/v1/cases/${caseId}/commands`,
          authorization,
          { type: 'withdraw', expectedVersion: await version(), reason: 'Agreed after all.' },
          csrf,
        );
        const raise = await send(
          'POST',
          '/api/v1/cases',
          authorization,
          raiseBody(other.agency?.id as string),
          csrf,
        );
        for (const answer of [withdraw, raise]) {
          // without the CSRF token a header that is not a bearer token is a 403 (the CSRF check
          // skips well-formed bearer tokens only); with it, or for an unknown token, a 401
          const bearer = /^Bearer +[A-Za-z0-9\-._~+/]+=*$/i.test(authorization);
          expect(answer.statusCode, where).toBe(csrf || bearer ? 401 : 403);
          expect(answer.headers['content-type']).toContain('application/problem+json');
          expect(answer.json().detail, where).toMatch(/Authorization|token/);
        }
        expect(await writes(), where).toEqual(before);
      }
    }
  });

  it('is a 401 on reads too: the cookie is never a fall-back', async () => {
    for (const authorization of MALFORMED_AUTHORIZATION) {
      for (const url of [`/api/v1/cases/${caseId}`, '/api/v1/cases', '/api/v1/agencies']) {
        const answer = await send('GET', url, authorization);
        expect(answer.statusCode, `${url} ${JSON.stringify(authorization)}`).toBe(401);
        expect(answer.headers['www-authenticate']).toBe('Bearer');
      }
    }
  });

  it('the cookie alone still needs the CSRF token; with it, or with a live token, the write goes through', async () => {
    const cookieOnly = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/commands`,
      headers: { cookie: browser.cookie as string },
      payload: { type: 'withdraw', expectedVersion: await version(), reason: 'Agreed.' },
    });
    expect(cookieOnly.statusCode).toBe(403);
    await browser.get(`/cases/${caseId}`);
    const withCsrf = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/commands`,
      headers: { cookie: browser.cookie as string, 'x-csrf-token': browser.csrf as string },
      payload: {
        type: 'record-discussion',
        expectedVersion: await version(),
        when: '2026-11-02T09:00:00Z',
        how: 'phone',
        participants: ['A. Person'],
        summary: 'Talked.',
        outcome: 'No agreement.',
      },
    });
    expect(withCsrf.statusCode, withCsrf.body).toBe(200);
    // a live token needs no CSRF token, with or without the cookie, and the scheme's case is free
    const token = await t.token(raiser);
    for (const authorization of [`Bearer ${token}`, `bearer ${token}`]) {
      const answer = await send('GET', `/api/v1/cases/${caseId}`, authorization);
      expect(answer.statusCode).toBe(200);
    }
    const withToken = await send('POST', `/api/v1/cases/${caseId}/commands`, `Bearer ${token}`, {
      type: 'withdraw',
      expectedVersion: await version(),
      reason: 'Agreed after all.',
    });
    expect(withToken.statusCode, withToken.body).toBe(200);
  });
});
