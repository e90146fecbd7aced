/**
 * A child at immediate risk in Chromium, axe on every page: the raise journey's guidance for a
 * practitioner under seed 001; the case page's guidance and the referral page (with its error
 * summary) for the setting's manager; starting at a later stage under seed 003; and a
 * child-protective deadline under seed 004. Cases are raised through the API to keep it short.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, listenOnLoopback, seen, skipBrowser } from './browser.js';
import { signedInPage } from './sign-in.js';

let t: TestApp;
let browser: Browser;
let base: string;
const errors: string[] = [];

const signedIn = (person: PersonSummary) => signedInPage({ browser, base, t }, person, errors);

async function raiseAtRisk(by: PersonSummary, against: PersonSummary): Promise<string> {
  const answer = await t.api(by, 'POST', '/api/v1/cases', {
    children: [{ name: 'Fictional Child' }],
    agencies: [against.agency?.id],
    category: 'need-for-action',
    disagreement: 'The referral was closed without a visit.',
    evidence: { nature: 'Bruising seen twice', source: 'Incident log' },
    actionsToDate: 'Phoned the duty worker.',
    outcomeSought: 'A visit today.',
    immediateRisk: true,
  });
  expect(answer.status).toBe(201);
  return answer.body.id as string;
}

const mainText = async (page: Page) =>
  ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');

describe.skipIf(skipBrowser)('a child at immediate risk, in Chromium', () => {
  beforeAll(async () => {
    t = await createTestApp();
    await givePasswords(t.store, t.people);
    base = await listenOnLoopback(t.app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('001: the raise journey tells a practitioner to go to the manager or DSL, with 999 and the phone', async () => {
    const worker = t.person('frontline', 'Little Meadows');
    const csc = t.person('frontline', "Bromley Children's Social Care");
    const page = await signedIn(worker);
    await page.goto(`${base}/cases/new`);
    const label = (text: string) => page.getByLabel(text, { exact: true });
    const answer = async (fill: () => Promise<void>) => {
      await seen(page, 'a question');
      await fill();
      await page.getByRole('button', { name: 'Continue' }).click();
    };
    await answer(async () => {}); // consultation: optional, read and go on
    await answer(() => label('Name or initials').fill('F.C.'));
    await answer(() => label('No').check());
    await answer(() => label(csc.agency?.name as string).check());
    await answer(() => label('The need for action').check());
    await answer(() => page.locator('#answer').fill('Closed without a visit.'));
    await answer(async () => {
      await page.locator('#nature').fill('Bruising');
      await page.locator('#source').fill('Incident log');
    });
    await answer(() => page.locator('#answer').fill('Phoned the duty worker.'));
    await answer(() => page.locator('#answer').fill('A visit today.'));
    await answer(() => label('Yes').check());
    await seen(page, 'the immediate-risk instruction');
    const text = await mainText(page);
    expect(text).toContain('If a child is in immediate danger, call 999 now.');
    expect(text).toContain('020 7946 0990');
    expect(text).toContain('manager or designated safeguarding lead makes the referral');
  });

  it('001: the case page and the referral page for the setting’s manager, errors and all', async () => {
    const worker = t.person('frontline', 'Little Meadows');
    const manager = t.person('manager', 'Little Meadows');
    const id = await raiseAtRisk(worker, t.person('frontline', 'Elm Road'));
    const page = await signedIn(manager);
    await page.goto(`${base}/cases/${id}`);
    await seen(page, 'the case, a child at immediate risk');
    expect(await mainText(page)).toContain('call 999 now');
    await page.getByRole('button', { name: 'Record the referral' }).first().click();
    await seen(page, 'the referral form');
    await page.getByLabel('Which service was the referral made to?').fill('');
    await page.getByRole('button', { name: 'Record the referral' }).click();
    await seen(page, 'the referral form with errors');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Enter the service the referral was made to',
    );
    await page.getByLabel('Which service was the referral made to?').fill('MASH');
    await page.getByLabel("The service's reference (optional)").fill('M-7');
    await page.getByRole('button', { name: 'Record the referral' }).click();
    await page.waitForURL(`${base}/cases/${id}?done=record-hub-referral`);
    await seen(page, 'the case, the referral recorded');
    expect(await mainText(page)).toContain('reference M-7');
  });

  it('003: start at a later stage, and 004: a child-protective deadline, each page with its errors', async () => {
    const torbay = t.person('frontline', 'Harbourside');
    const torbayCase = await raiseAtRisk(torbay, t.person('frontline', 'Bayview'));
    let page = await signedIn(torbay);
    await page.goto(`${base}/cases/${torbayCase}/start-at-stage`);
    await seen(page, 'start at a later stage');
    await page.getByLabel('Stage 2: Manager : Manager').check();
    await page.getByRole('button', { name: 'Start at this stage' }).click();
    await seen(page, 'start at a later stage, no reason');
    await page.getByLabel(/Why does the child need it to start/).fill('Managers must act today.');
    await page.getByRole('button', { name: 'Start at this stage' }).click();
    await page.waitForURL(`${base}/cases/${torbayCase}?done=start-at-stage`);
    await seen(page, 'the case at stage 2');

    const nursery = t.person('frontline', 'Riverside Nursery');
    const bscbCase = await raiseAtRisk(nursery, t.person('frontline', 'Borough Police'));
    page = await signedIn(nursery);
    await page.goto(`${base}/cases/${bscbCase}/set-child-protective-deadline`);
    await seen(page, 'the deadline form');
    await page.getByRole('button', { name: 'Set the deadline' }).click();
    await seen(page, 'the deadline form with errors');
    await page.getByLabel('Day').fill('4');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('2026');
    await page.getByLabel('Why does the child need this deadline?').fill('A visit before Friday.');
    await page.getByRole('button', { name: 'Set the deadline' }).click();
    await page.waitForURL(`${base}/cases/${bscbCase}?done=set-child-protective-deadline`);
    await seen(page, 'the case with its deadline');
    expect(errors).toEqual([]);
  });
});
