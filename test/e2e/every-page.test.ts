/**
 * axe on the page templates that no journey test reaches (test/e2e/axe-coverage.ts fails the run
 * when a page template has no axe check): the signed-out page, the error pages (a refused input
 * and an unexpected fault), the team's and the partnership's case lists, the raise journey's
 * child-protective deadline question and its possible-duplicate warning, and the forms to record
 * a consultation, to reopen a withdrawn case and to record a representation to a Resolution
 * Panel, the form to acknowledge an escalation (with its error summary), and the forms to add an
 * action to the agreed plan and to mark one done (each with its error summary). Cases are moved along through the API to keep it short. Fictional people only: the demo
 * directory's.
 */
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { buildApp } from '../../src/web/app.js';
import { reach } from '../../src/web/route-access.js';
import { givePasswords } from '../pages/agent.js';
import { bromleyWithAcknowledgement } from '../support/acknowledgement-policy.js';
import { bromleyWithActionPlan } from '../support/action-plan-policy.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, listenOnLoopback, seen, skipBrowser } from './browser.js';
import { signedInPage } from './sign-in.js';

const SCHOOL = 'Hillcrest Primary School';
const CSC = "Bromley Children's Social Care (demo)";
const PRESCHOOL = 'Acorn Lane Pre-school';
const CHILD = { name: 'Robin Fictional', dateOfBirth: '2019-03-08' };

let t: TestApp;
let browser: Browser;
let base: string;
const errors: string[] = [];

const signedIn = (person: PersonSummary) => signedInPage({ browser, base, t }, person, errors);

const agencyOf = (name: string) => t.people.find((p) => p.agency?.name === name)?.agency?.id;

async function raise(by: PersonSummary, against: string, fields: object = {}) {
  const answer = await t.api(by, 'POST', '/api/v1/cases', {
    children: [{ name: 'Sam Fictional', childProtectionPlan: false, lookedAfter: false }],
    agencies: [agencyOf(against)],
    category: 'need-for-action',
    disagreement: 'The referral was closed although the concerns continue.',
    evidence: { nature: 'Marks seen twice', source: 'Class teacher' },
    actionsToDate: 'Phoned the duty team.',
    outcomeSought: 'The referral reopened.',
    immediateRisk: false,
    ...fields,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as { id: string; version: number };
}

/** sends a command as `person`; answers the case as it is then */
async function command(person: PersonSummary, c: { id: string; version: number }, body: object) {
  const answer = await t.api(person, 'POST', `/api/v1/cases/${c.id}/commands`, {
    expectedVersion: c.version,
    ...body,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as {
    id: string;
    version: number;
    stage: { holders: { raising: string[] } };
  };
}

describe.skipIf(skipBrowser)('the pages no journey test reaches, with axe', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    await givePasswords(t.store, t.people);
    base = await listenOnLoopback(t.app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the signed-out page, and the error page for input that cannot be stored', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/signed-out`);
    await seen(page, 'signed-out.njk');
    const refused = await page.goto(`${base}/sign-in?next=%01`);
    expect(refused?.status()).toBe(400);
    expect(await page.locator('h1').textContent()).toContain('There is a problem');
    await seen(page, 'error.njk');
  });

  it("the team's cases for a manager, and the partnership's cases for the partnership team", async () => {
    const teacher = t.person('frontline', SCHOOL);
    await raise(teacher, CSC);
    const manager = await signedIn(t.person('manager', SCHOOL));
    await manager.goto(`${base}/cases/team`);
    expect(await manager.locator('h1').textContent()).toContain('team');
    await seen(manager, 'case-lists/team.njk');
    const team = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === teacher.partnership,
    ) as PersonSummary;
    const all = await signedIn(team);
    await all.goto(`${base}/cases/all`);
    await seen(all, 'case-lists/all.njk');
  });

  it('the deadline question and the possible-duplicate warning of the raise journey', async () => {
    const teacher = t.person('frontline', SCHOOL);
    await raise(teacher, CSC, { children: [{ ...CHILD, childProtectionPlan: false }] });
    const page = await signedIn(teacher);
    const label = (text: string) => page.getByLabel(text, { exact: true });
    const [year, month, day] = CHILD.dateOfBirth.split('-') as [string, string, string];
    const answers: Record<string, () => Promise<void>> = {
      consultation: async () => {},
      '1': async () => {
        await label('Name or initials').fill(CHILD.name);
        await label('Day').fill(day);
        await label('Month').fill(month);
        await label('Year').fill(year);
      },
      children: () => label('No').check(),
      agencies: () => label(CSC).check(),
      category: () => label('The need for action').check(),
      disagreement: () => label('What exactly do you disagree about?').fill('Closed too soon.'),
      evidence: async () => {
        await label('The nature of your concern').fill('Marks seen twice');
        await label('The source of your concern').fill('Class teacher');
      },
      'actions-to-date': () => label('What has been done so far?').fill('Phoned the duty team.'),
      outcome: () => label('What outcome are you seeking?').fill('The referral reopened.'),
      'immediate-risk': () => label('Yes').check(),
      'immediate-risk-action': async () => {},
      deadline: async () => {}, // no sooner deadline: the policy's timescales stand
    };
    await page.goto(`${base}/cases/new`);
    const seenPaths: string[] = [];
    for (let step = 0; step < 20; step++) {
      await page.waitForLoadState('load');
      const path = new URL(page.url()).pathname.split('/').pop() as string;
      if (path === 'check') {
        await page.getByRole('button', { name: 'Raise the disagreement', exact: true }).click();
        break;
      }
      const answer = answers[path];
      if (!answer) throw new Error(`an unexpected question: ${page.url()}`);
      seenPaths.push(path);
      if (path === 'deadline') await seen(page, 'raise/deadline.njk');
      await answer();
      const before = page.url();
      const button = path === 'immediate-risk-action' ? 'I understand, continue' : 'Continue';
      await page.getByRole('button', { name: button, exact: true }).click();
      await page.waitForURL((url) => url.href !== before);
    }
    expect(seenPaths).toContain('deadline');
    await page.waitForURL(/possible-duplicate$/);
    expect(await page.locator('h1').textContent()).toMatch(/already/i);
    await seen(page, 'raise/possible-duplicate.njk');
  });

  it('the forms to record a consultation (seed 000) and to reopen a withdrawn case', async () => {
    const worker = t.person('frontline', PRESCHOOL);
    const atPreschool = await raise(worker, CSC);
    const page = await signedIn(worker);
    await page.goto(`${base}/cases/${atPreschool.id}/record-consultation`);
    expect(page.url()).toMatch(/record-consultation$/);
    await seen(page, 'case/actions/record-consultation.njk');

    const teacher = t.person('frontline', SCHOOL);
    const raised = await raise(teacher, CSC);
    await command(teacher, raised, { type: 'withdraw', reason: 'Raised in error (fictional).' });
    const teachers = await signedIn(teacher);
    await teachers.goto(`${base}/cases/${raised.id}/reopen`);
    expect(teachers.url()).toMatch(/reopen$/);
    await seen(teachers, 'case/actions/reopen.njk');
  });

  it('the form to record a representation to a convened Resolution Panel (002)', async () => {
    const teacher = t.person('frontline', SCHOOL);
    let c = await command(teacher, await raise(teacher, CSC), {
      type: 'escalate',
      reason: 'Not resolved professional to professional.',
    });
    const holder = () => t.people.find((p) => p.id === c.stage.holders.raising[0]) as PersonSummary;
    for (const stage of [3, 4]) {
      c = await command(holder(), c, { type: 'escalate', reason: `Not resolved at ${stage - 1}.` });
    }
    c = await command(holder(), c, {
      type: 'refer-to-chair',
      details: 'Directors could not agree.',
      boardMembersEngaged: 'Both agencies’ Board members joined the directors’ discussion.',
    });
    const inBscp = (role: string) =>
      t.people.find((p) => p.role === role && p.partnership === teacher.partnership);
    const director = (agency: string) => {
      const person = t.people.find(
        (p) => p.partnership === 'bscp' && p.role === 'director' && p.agency?.name.includes(agency),
      ) as PersonSummary;
      return { personId: person.id, agencyId: person.agency?.id, boardMember: true };
    };
    await command(inBscp('chair') as PersonSummary, c, {
      type: 'convene-panel',
      members: [director('Hillcrest'), director("Children's Social Care"), director('Health')],
    });
    const team = await signedIn(inBscp('partnership-team') as PersonSummary);
    await team.goto(`${base}/cases/${c.id}/record-representation`);
    expect(team.url()).toMatch(/record-representation$/);
    await seen(team, 'case/actions/record-representation.njk');
    expect(errors).toEqual([]);
  });

  it('the form to acknowledge an escalation, under a policy that asks the other side for one (issue 18)', async () => {
    const team = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === 'bscp',
    ) as PersonSummary;
    const added = await t.api(team, 'POST', '/api/v1/policies', {
      yaml: bromleyWithAcknowledgement,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const teacher = t.person('frontline', SCHOOL);
    const raised = (await raise(teacher, CSC)) as {
      id: string;
      stage?: { holders: { other: string[] } };
    };
    const other = t.people.find((p) => p.id === raised.stage?.holders.other[0]) as PersonSummary;
    const page = await signedIn(other);
    await page.goto(`${base}/cases/${raised.id}`);
    await seen(page, 'case/show.njk');
    await page.goto(`${base}/cases/${raised.id}/acknowledge`);
    expect(page.url()).toMatch(/acknowledge$/);
    await seen(page, 'case/actions/acknowledge.njk');
    // the error summary, for a note too long
    await page
      .getByLabel('Anything the other agency should know (optional)')
      .fill('x'.repeat(10_001));
    await page.getByRole('button', { name: 'Acknowledge the escalation' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Keep this to 10,000 characters or fewer',
    );
    await seen(page, 'case/actions/acknowledge.njk');
    expect(errors).toEqual([]);
  });

  it('the forms to add an action to the agreed plan and to mark one done, and the plan on the case page (issue 18 item 8)', async () => {
    const team = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === 'bscp',
    ) as PersonSummary;
    // after the acknowledgement's version 4 above: this one is version 5
    const added = await t.api(team, 'POST', '/api/v1/policies', {
      yaml: bromleyWithActionPlan.replace(/^version: 4$/m, 'version: 5'),
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const teacher = t.person('frontline', SCHOOL);
    const raised = (await raise(teacher, CSC)) as {
      id: string;
      version: number;
      stage?: { holders: { other: string[] } };
    };
    const raiser = await signedIn(teacher);
    await raiser.goto(`${base}/cases/${raised.id}/add-plan-action`);
    expect(raiser.url()).toMatch(/add-plan-action$/);
    await seen(raiser, 'case/actions/add-plan-action.njk');
    // the error summary: nothing answered
    await raiser.getByRole('button', { name: 'Add the action' }).click();
    await expect(raiser.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Enter what is to be done',
    );
    await seen(raiser, 'case/actions/add-plan-action.njk');
    await command(teacher, raised, {
      type: 'add-plan-action',
      description: 'Hold a strategy discussion with the school.',
      ownerAgencyId: agencyOf(CSC),
      dueOn: '2026-11-10',
    });
    // the resolve page under a policy that tracks the plan: it points to the plan
    await raiser.goto(`${base}/cases/${raised.id}/resolve`);
    await expect(raiser.locator('.govuk-inset-text').first().textContent()).resolves.toContain(
      "The agreed actions are in the case's action plan",
    );
    await seen(raiser, 'case/actions/resolve.njk');
    const other = t.people.find((p) => p.id === raised.stage?.holders.other[0]) as PersonSummary;
    const page = await signedIn(other);
    await page.goto(`${base}/cases/${raised.id}`);
    await expect(page.locator('h2#plan').textContent()).resolves.toBe('The agreed action plan');
    await seen(page, 'case/show.njk');
    await page.goto(`${base}/cases/${raised.id}/mark-action-done`);
    expect(page.url()).toMatch(/mark-action-done$/);
    await seen(page, 'case/actions/mark-action-done.njk');
    // the error summary, for a date that does not exist
    await page.locator('#doneOn-day').fill('31');
    await page.locator('#doneOn-month').fill('2');
    await page.getByRole('button', { name: 'Mark it done' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Enter the date it was done as a real date',
    );
    await seen(page, 'case/actions/mark-action-done.njk');
    expect(errors).toEqual([]);
  });
});

describe.skipIf(skipBrowser)('the page for an unexpected fault, with axe', () => {
  let app: FastifyInstance;
  let faulty: Browser;

  beforeAll(async () => {
    app = await buildApp({
      config: { nodeEnv: 'test', baseUrl: 'http://127.0.0.1' },
      checkDatabase: async () => {},
    });
    app.get('/a-fault', reach('anyone'), async () => {
      throw new Error('a fault made by the test');
    });
    faulty = await launchBrowser();
  });
  afterAll(async () => {
    await faulty?.close();
    await app?.close();
  });

  it('shows the 500 page, with its reference, accessibly', async () => {
    const url = await listenOnLoopback(app);
    const page = await faulty.newPage();
    const answer = await page.goto(`${url}/a-fault`);
    expect(answer?.status()).toBe(500);
    expect(await page.locator('main').textContent()).toMatch(/reference/i);
    await seen(page, '500.njk');
  });
});
