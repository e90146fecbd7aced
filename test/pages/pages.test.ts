/**
 * The practitioners' pages through inject(), on the database DATABASE_URL names: sign in and
 * its throttle, sessions and CSRF, my cases, the raise journey and the case page's actions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { signInPathFor } from '../../src/web/local-path.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { Agent, errorSummary, givePasswords, versionIn } from './agent.js';
import { raiseThroughPages } from './journey.js';

let t: TestApp;
let dsl: PersonSummary;
let csc: PersonSummary;
let outsider: PersonSummary;
let cscAgency: string;

beforeAll(async () => {
  t = await createTestApp();
  dsl = t.person('dsl', 'Acorn Lane');
  csc = t.person('frontline', "Bromley Children's Social Care");
  outsider = t.person('frontline', 'Hillcrest Primary');
  cscAgency = csc.agency?.id as string;
  await givePasswords(t.store, [dsl, csc, outsider]);
});
afterAll(async () => t.close());

describe('signing in and out', () => {
  it('signs in with the right password, rotating the session id, and shows my cases', async () => {
    const a = new Agent(t.app);
    const form = await a.get('/sign-in');
    expect(form.status).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
    const visitorCookie = a.cookie;
    expect(String(form.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(form.headers['set-cookie'])).toMatch(/SameSite=Lax/i);
    expect(String(form.headers['set-cookie'])).toMatch(/Path=\//);
    const signedIn = await a.post('/sign-in', { email: dsl.email, password: 'escalate-demo-2026' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/cases');
    expect(a.cookie).toBeDefined();
    expect(a.cookie).not.toBe(visitorCookie);
    // the visitor's session no longer exists
    const old = new Agent(t.app);
    old.cookie = visitorCookie;
    expect((await old.get('/cases')).location).toBe('/sign-in');
    const cases = await a.get('/cases');
    expect(cases.status).toBe(200);
    expect(cases.body).toContain('My cases');
    expect(cases.body).toContain(dsl.name);
  });

  it('stores only a hash of the session id', async () => {
    const a = new Agent(t.app);
    await a.signIn(dsl);
    const id = decodeURIComponent((a.cookie ?? '').split('=')[1] ?? '').split('.')[0] as string;
    const rows = await t.store.db.selectFrom('sessions').select('id_hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.id_hash === id)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
  });

  it('refuses a wrong password with a GOV.UK error, keeping the e-mail but not the password', async () => {
    const a = new Agent(t.app, '10.0.0.2');
    await a.get('/sign-in');
    const answer = await a.post('/sign-in', { email: outsider.email, password: 'wrong-password' });
    expect(answer.status).toBe(401);
    expect(errorSummary(answer.body)).toEqual(['Enter a correct e-mail address and password']);
    expect(answer.body).toContain(`value="${outsider.email}"`);
    expect(answer.body).not.toContain('wrong-password');
    expect(answer.body).toMatch(/<title>\s*Error: Sign in/);
  });

  it('says what is missing when the form is empty', async () => {
    const a = new Agent(t.app, '10.0.0.3');
    await a.get('/sign-in');
    const answer = await a.post('/sign-in', { email: '', password: '' });
    expect(answer.status).toBe(400);
    expect(errorSummary(answer.body)).toEqual(['Enter your e-mail address', 'Enter your password']);
    expect(answer.body).toContain('href="#email"');
    expect(answer.body).toContain('href="#password"');
  });

  it('locks an address out of an account after five failures, even with the right password, for a minute', async () => {
    const person = t.person('manager', 'Acorn Lane');
    await givePasswords(t.store, [person]);
    const a = new Agent(t.app, '10.0.0.4');
    await a.get('/sign-in');
    for (let i = 0; i < 5; i++) {
      expect(
        (await a.post('/sign-in', { email: person.email, password: `guess-${i}` })).status,
      ).toBe(401);
    }
    const locked = await a.post('/sign-in', {
      email: person.email,
      password: 'escalate-demo-2026',
    });
    expect(locked.status).toBe(429);
    expect(errorSummary(locked.body)[0]).toMatch(/too many times.*about a minute/);
    // the person themselves, from another address, is not locked out by someone else's guesses
    const elsewhere = new Agent(t.app, '10.0.0.5');
    expect((await elsewhere.signIn(person)).location).toBe('/cases');
    // two minutes later the lock has expired
    const before = t.clock.now;
    t.clock.now = new Date(before.getTime() + 2 * 60 * 1000);
    try {
      const later = new Agent(t.app, '10.0.0.4');
      expect((await later.signIn(person)).location).toBe('/cases');
    } finally {
      t.clock.now = before;
    }
  });

  it('refuses a form without the CSRF token, or with another session’s', async () => {
    const a = new Agent(t.app, '10.0.0.6');
    await a.get('/sign-in');
    const without = await a.post(
      '/sign-in',
      { email: dsl.email, password: 'escalate-demo-2026' },
      null,
    );
    expect(without.status).toBe(403);
    expect(without.body).toContain('Your page has expired');
    const other = new Agent(t.app, '10.0.0.6');
    await other.get('/sign-in');
    const foreign = await a.post('/sign-in', { email: dsl.email, password: 'x' }, other.csrf);
    expect(foreign.status).toBe(403);
    // a signed-in person's form without a token is refused too
    await a.signIn(dsl);
    expect((await a.post('/sign-out', {}, null)).status).toBe(403);
  });

  it('refuses an API write from the session cookie without the token, but not with a bearer token', async () => {
    const a = new Agent(t.app);
    await a.signIn(dsl);
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie: a.cookie as string, 'content-type': 'application/json' },
      payload: {},
    });
    expect(noToken.statusCode).toBe(403);
    const withToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: {
        cookie: a.cookie as string,
        'x-csrf-token': a.csrf as string,
        'content-type': 'application/json',
      },
      payload: {},
    });
    expect(withToken.statusCode).toBe(400); // past CSRF: the (empty) body is refused
    const list = await t.app.inject({
      url: '/api/v1/cases',
      headers: { cookie: a.cookie as string },
    });
    expect(list.statusCode).toBe(200);
    const bearer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: {
        authorization: `Bearer ${await t.token(dsl)}`,
        'content-type': 'application/json',
      },
      payload: {},
    });
    expect(bearer.statusCode).toBe(400);
  });

  it('signs out with a POST form, ending the session', async () => {
    const a = new Agent(t.app);
    await a.signIn(dsl);
    const cases = await a.get('/cases');
    expect(cases.body).toMatch(/<form method="post" action="\/sign-out"/);
    expect(cases.body).not.toContain('href="/sign-out"');
    const cookie = a.cookie;
    const out = await a.post('/sign-out');
    expect(out.location).toBe('/signed-out');
    const stale = new Agent(t.app);
    stale.cookie = cookie;
    expect((await stale.get('/cases')).location).toBe('/sign-in');
  });

  it('ends a session after 30 minutes idle, and after 12 hours whatever happens', async () => {
    const a = new Agent(t.app);
    await a.signIn(dsl);
    const before = t.clock.now;
    try {
      t.clock.now = new Date(before.getTime() + 29 * 60 * 1000);
      expect((await a.get('/cases')).status).toBe(200);
      t.clock.now = new Date(before.getTime() + 58 * 60 * 1000);
      expect((await a.get('/cases')).status).toBe(200);
      t.clock.now = new Date(before.getTime() + 90 * 60 * 1000);
      expect((await a.get('/cases')).location).toBe('/sign-in');
      const b = new Agent(t.app);
      await b.signIn(dsl);
      for (let minutes = 25; minutes <= 12 * 60; minutes += 25) {
        t.clock.now = new Date(before.getTime() + (90 + minutes) * 60 * 1000);
        await b.get('/cases');
      }
      t.clock.now = new Date(before.getTime() + (90 + 12 * 60 + 10) * 60 * 1000);
      expect((await b.get('/cases')).location).toBe('/sign-in');
    } finally {
      t.clock.now = before;
    }
  });

  it('sends pages to sign in when nobody is signed in', async () => {
    const a = new Agent(t.app);
    for (const url of ['/cases', '/cases/new', '/cases/new/agencies']) {
      expect((await a.get(url)).location).toBe(signInPathFor(url));
    }
  });
});

describe('raising a disagreement', () => {
  it('refuses out-of-order steps, sending the person to the first unanswered question', async () => {
    const a = new Agent(t.app);
    await a.signIn(dsl);
    expect((await a.get('/cases/new')).location).toBe('/cases/new/consultation');
    expect((await a.get('/cases/new/check')).location).toBe('/cases/new/consultation');
    expect((await a.post('/cases/new/agencies', { agencies: cscAgency })).location).toBe(
      '/cases/new/consultation',
    );
    await a.get('/cases/new/consultation');
    await a.post('/cases/new/consultation');
    expect((await a.get('/cases/new/child/2')).location).toBe('/cases/new/child/1');
    expect((await a.get('/cases/new/category')).location).toBe('/cases/new/child/1');
  });

  it('keeps the values and says what is wrong, with the error summary linking to each field', async () => {
    const a = new Agent(t.app);
    await a.signIn(dsl);
    await a.get('/cases/new/consultation');
    await a.post('/cases/new/consultation');
    await a.get('/cases/new/child/1');
    const answer = await a.post('/cases/new/child/1', {
      name: '',
      'dob-day': '31',
      'dob-month': '2',
      'dob-year': '2021',
      caseNumber: 'AL-<b>42</b>',
      flags: ['childProtectionPlan'],
      cpChairEmail: 'not-an-email',
    });
    expect(answer.status).toBe(400);
    expect(errorSummary(answer.body)).toEqual([
      "Enter the child's name or initials",
      'Date of birth must be a real date',
      "Enter the Child Protection Chair's e-mail address, like name@example.org",
    ]);
    expect(answer.body).toContain('href="#dob-day"');
    expect(answer.body).toContain('href="#cpChairEmail"');
    expect(answer.body).toContain('value="31"');
    expect(answer.body).toContain('value="AL-&lt;b&gt;42&lt;/b&gt;"');
    expect(answer.body).toContain('value="not-an-email"');
    expect(answer.body).toMatch(/value="childProtectionPlan" checked/);
  });

  it('shows the policy’s immediate-risk instruction and contacts when a child is at immediate risk', async () => {
    const a = new Agent(t.app);
    await a.signIn(dsl);
    const steps: [string, Record<string, string>][] = [
      ['/cases/new/consultation', {}],
      ['/cases/new/child/1', { name: 'C.D.' }],
      ['/cases/new/children', { addAnother: 'no' }],
      ['/cases/new/agencies', { agencies: cscAgency }],
      ['/cases/new/category', { category: 'levels-of-need' }],
      ['/cases/new/disagreement', { answer: 'x' }],
      ['/cases/new/evidence', { nature: 'x', source: 'y' }],
      ['/cases/new/actions-to-date', { answer: 'x' }],
      ['/cases/new/outcome', { answer: 'x' }],
    ];
    for (const [url, form] of steps) {
      await a.get(url);
      await a.post(url, form);
    }
    await a.get('/cases/new/immediate-risk');
    const yes = await a.post('/cases/new/immediate-risk', { immediateRisk: 'yes' });
    expect(yes.location).toBe('/cases/new/immediate-risk-action');
    const instruction = await a.get('/cases/new/immediate-risk-action');
    expect(instruction.body).toContain('Bromley Children&#39;s and Family Hub');
    expect(instruction.body).toContain('designated safeguarding lead');
    expect(instruction.body).toContain('0208 461 7816');
    const next = await a.post('/cases/new/immediate-risk-action');
    expect(next.location).toBe('/cases/new/deadline');
    await a.get('/cases/new/deadline');
    const past = await a.post('/cases/new/deadline', {
      'deadline-day': '1',
      'deadline-month': '1',
      'deadline-year': '2020',
    });
    expect(errorSummary(past.body)).toEqual(['The deadline must be in the future']);
    expect(past.body).toContain('value="2020"');
  });

  it('shows how far through the questions the person is, counting only the pages they will see', async () => {
    const a = new Agent(t.app);
    await a.signIn(dsl);
    const caption = (body: string) =>
      /<span class="govuk-caption-l">([^<]*)<\/span>/.exec(body)?.[1] ?? '';
    const walk: [string, Record<string, string>][] = [
      ['/cases/new/consultation', {}],
      ['/cases/new/child/1', { name: 'E.F.' }],
      ['/cases/new/children', { addAnother: 'no' }],
      ['/cases/new/agencies', { agencies: cscAgency }],
      ['/cases/new/category', { category: 'levels-of-need' }],
      ['/cases/new/disagreement', { answer: 'x' }],
      ['/cases/new/evidence', { nature: 'x', source: 'y' }],
      ['/cases/new/actions-to-date', { answer: 'x' }],
      ['/cases/new/outcome', { answer: 'x' }],
      ['/cases/new/immediate-risk', { immediateRisk: 'no' }],
    ];
    const seen: string[] = [];
    for (const [url, form] of walk) {
      seen.push(caption((await a.get(url)).body));
      await a.post(url, form);
    }
    // ten pages for one child and no immediate risk; the deadline question is not one of them
    expect(seen).toEqual(walk.map((_, i) => `Question ${i + 1} of 10`));
    expect((await a.get('/cases/new/deadline')).location).toBe('/cases/new/check');
    const check = await a.get('/cases/new/check');
    expect(caption(check.body)).toBe('Raise a disagreement');
    expect(check.body).not.toContain('Child-protective deadline');
    expect(check.body).toContain('href="/cases/new/immediate-risk" class="govuk-back-link"');

    // a second child adds a page; a child at immediate risk adds the instruction and the deadline
    await a.get('/cases/new/children');
    await a.post('/cases/new/children', { addAnother: 'yes' });
    expect(caption((await a.get('/cases/new/child/2')).body)).toBe('Question 3 of 11');
    await a.post('/cases/new/child/2', { name: 'G.H.' });
    expect(caption((await a.get('/cases/new/children')).body)).toBe('Question 4 of 11');
    await a.post('/cases/new/children', { addAnother: 'no' });
    await a.get('/cases/new/immediate-risk');
    await a.post('/cases/new/immediate-risk', { immediateRisk: 'yes' });
    expect(caption((await a.get('/cases/new/immediate-risk-action')).body)).toBe(
      'Question 12 of 13',
    );
    await a.post('/cases/new/immediate-risk-action');
    expect(caption((await a.get('/cases/new/deadline')).body)).toBe('Question 13 of 13');
  });

  it('raises through every page, confirms with the reference and what happens next, and lists it in my cases', async () => {
    const a = new Agent(t.app);
    await a.signIn(dsl);
    await a.get('/cases/new/consultation');
    const id = await raiseThroughPages(a, cscAgency);
    const confirmation = await a.get(`/cases/${id}/raised`);
    expect(confirmation.status).toBe(200);
    expect(confirmation.body).toContain('Disagreement raised');
    expect(confirmation.body).toMatch(/ESC-[A-Z0-9]{8}/);
    expect(confirmation.body).toContain('by 5pm');
    // it says who is being told: children's social care's escalation contact, as the outbox has it
    const told = await t.store.db
      .selectFrom('outbox')
      .select('recipient_email')
      .where('case_id', '=', id)
      .where('rule_key', '=', 'other-agency-told')
      .execute();
    expect(told.length).toBeGreaterThan(0);
    for (const row of told) expect(confirmation.body).toContain(row.recipient_email);
    expect(confirmation.body).toContain('We are e-mailing the agency you disagree with');
    expect(confirmation.headers['cache-control']).toBe('no-store');
    const cases = await a.get('/cases');
    expect(cases.body).toContain(`/cases/${id}`);
    // the journey's answers are gone
    expect((await a.get('/cases/new')).location).toBe('/cases/new/consultation');
  });
});

describe('the case page', () => {
  let id: string;
  let a: Agent;
  beforeAll(async () => {
    a = new Agent(t.app);
    await a.signIn(dsl);
    id = await raiseThroughPages(a, cscAgency);
  });

  it('shows the case, who holds it, what happens next and the record, to someone who may see it', async () => {
    const page = await a.get(`/cases/${id}`);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('A.B.');
    expect(page.body).toContain('&lt;script&gt;alert(1)');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('What happens next');
    expect(page.body).toContain('Disagreement raised');
    expect(page.body).toContain(dsl.name);
    for (const action of ['record-discussion', 'escalate', 'resolve', 'withdraw']) {
      expect(page.body).toContain(`href="/cases/${id}/${action}"`);
    }
    expect(page.body).not.toContain(`href="/cases/${id}/convene-panel"`);
    expect(page.body).not.toContain(`href="/cases/${id}/reopen"`);
  });

  it('answers 404 to someone who may not see it, on every page of it', async () => {
    const b = new Agent(t.app);
    await b.signIn(outsider);
    for (const url of [
      `/cases/${id}`,
      `/cases/${id}/escalate`,
      `/cases/${id}/raised`,
      '/cases/not-a-uuid',
    ]) {
      const page = await b.get(url);
      expect(page.status).toBe(404);
      expect(page.body).not.toContain('A.B.');
    }
  });

  it('renders every action form the person may use', async () => {
    for (const action of [
      'record-discussion',
      'escalate',
      'resolve',
      'withdraw',
      'record-consultation',
    ]) {
      const page = await a.get(`/cases/${id}/${action}`);
      expect(page.status, action).toBe(200);
      expect(page.body).toContain('name="version"');
    }
    // an action the engine would refuse is not offered: back to the case
    expect((await a.get(`/cases/${id}/reopen`)).location).toBe(`/cases/${id}?refused=reopen`);
  });

  it('records a discussion, keeping values on a validation error', async () => {
    await a.get(`/cases/${id}/record-discussion`);
    const bad = await a.post(`/cases/${id}/record-discussion`, {
      version: '2',
      'when-day': '2',
      'when-month': '11',
      'when-year': '2026',
      'when-time': '9:00',
      participants: 'Sam (social care)',
      summary: 'We talked',
      outcome: '',
    });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'Select how the discussion took place',
      'Enter the outcome of the discussion',
    ]);
    expect(bad.body).toContain('We talked');
    const good = await a.post(`/cases/${id}/record-discussion`, {
      version: '2',
      'when-day': '2',
      'when-month': '11',
      'when-year': '2026',
      'when-time': '9:00',
      how: 'phone',
      participants: 'Sam (social care)',
      summary: 'We talked',
      outcome: 'Still disagreed',
    });
    expect(good.location).toBe(`/cases/${id}?done=record-discussion`);
    const page = await a.get(good.location as string);
    expect(page.body).toContain('Discussion recorded');
    expect(page.body).toContain('Still disagreed');
  });

  it('tells the person when someone else changed the case, with the latest state', async () => {
    await a.get(`/cases/${id}/escalate`);
    const stale = await a.post(`/cases/${id}/escalate`, { version: '2', reason: 'No progress' });
    expect(stale.status).toBe(409);
    expect(errorSummary(stale.body)[0]).toMatch(/^Someone else changed this case/);
    expect(stale.body).toContain('What changed');
    expect(stale.body).toContain('No progress');
    expect(stale.body).toContain('name="version" value="3"');
    const escalated = await a.post(`/cases/${id}/escalate`, {
      version: '3',
      reason: 'No progress',
    });
    expect(escalated.location).toBe(`/cases/${id}?done=escalate`);
    expect((await a.get(`/cases/${id}`)).body).toContain('Stage started');
  });

  it('shows the policy’s refusal in the error summary', async () => {
    // the page does not offer reopening an open case; if it is posted anyway, the engine refuses
    const form = await a.get(`/cases/${id}/withdraw`);
    const refused = await a.post(`/cases/${id}/reopen`, {
      version: versionIn(form.body),
      reason: 'x',
    });
    expect(refused.status).toBe(422);
    expect(errorSummary(refused.body)).toEqual(['The case is already open.']);
  });

  it('asks before withdrawing (the Interruption panel), keeping the reason; only then withdraws', async () => {
    const form = await a.get(`/cases/${id}/withdraw`);
    const version = versionIn(form.body);
    const asked = await a.post(`/cases/${id}/withdraw`, {
      version,
      reason: 'Agreed <b>after</b> all\nby phone',
    });
    expect(asked.status).toBe(200);
    expect(asked.body).toContain('govuk-panel--interruption');
    expect(asked.body).toContain('Are you sure you want to withdraw the disagreement?');
    expect(asked.body).toContain(
      'name="reason" value="Agreed &lt;b&gt;after&lt;/b&gt; all\nby phone"',
    );
    expect(asked.body).toContain('name="confirmed" value="yes"');
    expect(asked.body).toContain(`<a class="govuk-link govuk-link--inverse" href="/cases/${id}">`);
    // nothing has changed yet
    expect(versionIn((await a.get(`/cases/${id}/withdraw`)).body)).toBe(version);
    const withdrawn = await a.post(`/cases/${id}/withdraw`, {
      version,
      reason: 'Agreed <b>after</b> all\nby phone',
      confirmed: 'yes',
    });
    expect(withdrawn.location).toBe(`/cases/${id}?done=withdraw`);
    expect((await a.get(`/cases/${id}`)).body).toContain('Agreed &lt;b&gt;after&lt;/b&gt; all');
  });
});
