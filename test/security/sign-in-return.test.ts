/**
 * Sign-in returns to the page asked for (issue 16): a link to a case in an e-mail, opened while
 * signed out, lands on the case after the password, after the authenticator code, and after
 * setting up an app. Only a local path is ever followed: every attempt to send the person to
 * another site, however it is spelt, lands on the case list instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import {
  DEFAULT_PAGE,
  localPath,
  MAX_PATH_LENGTH,
  signInPathFor,
} from '../../src/web/local-path.js';
import { Agent, givePasswords, hiddenNext } from '../pages/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let ip = 0;
const agent = () => new Agent(t.app, `10.16.0.${++ip}`);
let caseId: string;
let teacher: PersonSummary;

/** every way we know of to spell "another site", raw and as the query would carry it */
const HOSTILE = [
  '//evil.example',
  '//evil.example/cases',
  '/\\evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  'https://evil.example',
  'http:evil.example',
  'javascript:alert(1)',
  '%2F%2Fevil.example',
  'evil.example',
  '/cases\r\nLocation: https://evil.example',
  '/cases\nx',
  '/cases\tx',
  '/ /evil.example',
  `/${'a'.repeat(MAX_PATH_LENGTH)}`,
  '/sign-in?next=//evil.example',
  '',
];

beforeAll(async () => {
  t = await createTestApp();
  teacher = t.person('frontline', 'Hillcrest Primary School');
  await givePasswords(t.store, t.people);
  const csc = t.people.find(
    (p) => p.agency?.sector === 'childrens-social-care' && p.partnership === 'bscp',
  ) as PersonSummary;
  const raised = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { authorization: `Bearer ${await t.token(teacher)}` },
    payload: {
      children: [{ name: 'Robin Example (fictional)', dateOfBirth: '2019-03-02' }],
      agencies: [csc.agency?.id],
      category: 'need-for-action',
      disagreement: 'A fictional disagreement about a strategy discussion.',
      evidence: { nature: 'Fictional concern', source: 'Fictional records' },
      actionsToDate: 'A fictional referral.',
      outcomeSought: 'A strategy discussion.',
      immediateRisk: false,
    },
  });
  expect(raised.statusCode).toBe(201);
  caseId = raised.json().id;
}, 60_000);
afterAll(async () => t.close());

describe('which paths are followed', () => {
  it('accepts a local path with its query', () => {
    for (const path of ['/cases', '/cases/abc', '/cases?status=open&page=2', '/account']) {
      expect(localPath(path), path).toBe(path);
    }
  });

  it('refuses another site, however spelt, and anything not a plain local path', () => {
    for (const path of HOSTILE) expect(localPath(path), JSON.stringify(path)).toBeUndefined();
    for (const value of [undefined, null, 42, ['/cases']]) expect(localPath(value)).toBeUndefined();
  });

  it('sends to the plain sign-in page for the case list, remembering any other page', () => {
    expect(signInPathFor('/cases')).toBe('/sign-in');
    expect(signInPathFor('/cases/x?y=1')).toBe('/sign-in?next=%2Fcases%2Fx%3Fy%3D1');
    expect(signInPathFor('//evil.example')).toBe('/sign-in');
  });
});

describe('a link to a case, opened while signed out', () => {
  it('is remembered by the sign-in page it sends to', async () => {
    const a = agent();
    const answer = await a.get(`/cases/${caseId}`);
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(`/sign-in?next=${encodeURIComponent(`/cases/${caseId}`)}`);
    const page = await a.get(answer.location as string);
    expect(hiddenNext(page.body)).toBe(`/cases/${caseId}`);
  });

  it('lands on the case after the password', async () => {
    const a = agent();
    const from = (await a.get(`/cases/${caseId}?tab=record`)).location as string;
    const answer = await a.signIn(teacher, undefined, from);
    expect(answer.location).toBe(`/cases/${caseId}?tab=record`);
    expect((await a.get(`/cases/${caseId}`)).status).toBe(200);
  });

  it('keeps it through a wrong password', async () => {
    const a = agent();
    const from = (await a.get(`/cases/${caseId}`)).location as string;
    await a.get(from);
    const wrong = await a.post('/sign-in', {
      email: teacher.email,
      password: 'not the password at all',
      next: `/cases/${caseId}`,
    });
    expect(wrong.status).toBe(401);
    expect(hiddenNext(wrong.body)).toBe(`/cases/${caseId}`);
  });

  it('lands on the case after the authenticator code, and after setting up an app', async () => {
    // the chair must set up an app at the first sign-in, then enters its code the next time
    const chair = t.people.find((p) => p.role === 'chair' && p.partnership === 'bscp');
    if (!chair) throw new Error('no chair');
    for (const step of ['set-up', 'code']) {
      // a new 30-second step, so the app's code is not one already used
      t.clock.now = new Date(t.clock.now.getTime() + 60_000);
      const a = agent();
      const from = (await a.get(`/cases/${caseId}`)).location as string;
      const answer = await a.signIn(chair, undefined, from);
      expect(answer.location, step).toBe(`/cases/${caseId}`);
      expect((await a.get(`/cases/${caseId}`)).status, step).toBe(200);
    }
  });

  it('is followed at once by a visitor already signed in', async () => {
    const a = agent();
    await a.signIn(teacher);
    const answer = await a.get(`/sign-in?next=${encodeURIComponent(`/cases/${caseId}`)}`);
    expect(answer.location).toBe(`/cases/${caseId}`);
  });

  it('is not remembered for a form sent without a session', async () => {
    const answer = await t.app.inject({ method: 'HEAD', url: `/cases/${caseId}` });
    expect(answer.headers.location).toContain('next=');
    const a = agent();
    const post = await a.post(`/cases/${caseId}/withdraw`, {});
    expect(post.location ?? '').not.toContain('next=');
  });
});

describe('an attempt to send someone to another site through sign-in', () => {
  it('lands on the case list, by the query, by the form and when already signed in', async () => {
    const signedIn = agent();
    await signedIn.signIn(teacher);
    for (const hostile of HOSTILE) {
      const label = JSON.stringify(hostile);
      const url = `/sign-in?next=${encodeURIComponent(hostile)}`;
      // the sign-in page keeps nothing of it
      const a = agent();
      const page = await a.get(url);
      expect([200, 400], label).toContain(page.status);
      expect(hiddenNext(page.body), label).toBeUndefined();
      expect(page.body, label).not.toContain('evil.example');
      // sent in the form all the same, it is ignored
      const answer = await a.post('/sign-in', {
        email: teacher.email,
        password: 'escalate-demo-2026',
        next: hostile,
      });
      expect(answer.location, label).toBe(DEFAULT_PAGE);
      // and someone signed in is sent to the case list, not on
      const already = await signedIn.get(url);
      if (already.status === 303) expect(already.location, label).toBe(DEFAULT_PAGE);
    }
  });

  it('never follows the raw, doubly encoded or newline forms of the query', async () => {
    const a = agent();
    await a.signIn(teacher);
    for (const query of [
      'next=//evil.example',
      'next=%2F%2Fevil.example',
      'next=%252F%252Fevil.example',
      'next=/%5Cevil.example',
      'next=%2Fcases%0d%0aLocation:%20https://evil.example',
      'next=https://evil.example',
      'next=/cases&next=//evil.example',
    ]) {
      const answer = await a.get(`/sign-in?${query}`);
      expect(answer.status, query).toBe(303);
      expect(answer.location, query).toBe(DEFAULT_PAGE);
    }
  });
});
