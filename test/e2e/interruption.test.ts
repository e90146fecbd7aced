/**
 * GOV.UK Frontend's Interruption panel in Chromium, axe on every page, with JavaScript on and
 * off: the possible-duplicate page in the raise journey, and the question asked before
 * withdrawing a disagreement (going back changes nothing; going on withdraws it). Screenshots go
 * to docs/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, listenOnLoopback, screenshot, seen, skipBrowser } from './browser.js';
import { signedInPage } from './sign-in.js';

let t: TestApp;
let browser: Browser;
let base: string;
const errors: string[] = [];

const signedIn = (person: PersonSummary, javaScript = true) =>
  signedInPage({ browser, base, t }, person, errors, { javaScript });

async function raise(by: PersonSummary, against: PersonSummary, child: string): Promise<string> {
  const answer = await t.api(by, 'POST', '/api/v1/cases', {
    children: [{ name: child, dateOfBirth: '2021-03-02' }],
    agencies: [against.agency?.id],
    category: 'need-for-action',
    disagreement: 'The referral was closed without a visit.',
    evidence: { nature: 'Missed appointments', source: 'Attendance record' },
    actionsToDate: 'Phoned the duty worker.',
    outcomeSought: 'A visit this week.',
    immediateRisk: false,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id as string;
}

/** the panel's title, and that its button and link are there */
async function panelOf(page: Page): Promise<string> {
  const panel = page.locator('main .govuk-panel--interruption');
  await panel.waitFor();
  expect(await panel.locator('.govuk-panel__actions .govuk-button').count()).toBe(1);
  expect(await panel.locator('.govuk-panel__actions a.govuk-link--inverse').count()).toBe(1);
  return ((await panel.locator('h1').textContent()) ?? '').trim();
}

describe.skipIf(skipBrowser)('the Interruption panel, in Chromium', () => {
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

  for (const javaScript of [true, false]) {
    it(`stops someone raising what may already be open${javaScript ? '' : ', JavaScript off'}`, async () => {
      const worker = t.person('frontline', 'Little Meadows');
      const csc = t.person('frontline', "Bromley Children's Social Care");
      const child = javaScript ? 'I.J.' : 'K.L.';
      await raise(worker, csc, child);
      const page = await signedIn(worker, javaScript);
      await page.goto(`${base}/cases/new`);
      const label = (text: string) => page.getByLabel(text, { exact: true });
      const answer = async (fill: () => Promise<void>) => {
        await page.waitForLoadState('load');
        await fill();
        await page.getByRole('button', { name: 'Continue' }).click();
      };
      await answer(async () => {}); // consultation: optional
      await answer(async () => {
        await label('Name or initials').fill(child);
        await label('Day').fill('2');
        await label('Month').fill('3');
        await label('Year').fill('2021');
      });
      await answer(() => label('No').check());
      await answer(() => label(csc.agency?.name as string).check());
      await answer(() => label('The need for action').check());
      await answer(() => page.locator('#answer').fill('Closed without a visit.'));
      await answer(async () => {
        await page.locator('#nature').fill('Missed appointments');
        await page.locator('#source').fill('Attendance record');
      });
      await answer(() => page.locator('#answer').fill('Phoned the duty worker.'));
      await answer(() => page.locator('#answer').fill('A visit this week.'));
      await answer(() => label('No').check());
      await page.waitForURL(/\/cases\/new\/check$/);
      await page.getByRole('button', { name: 'Raise the disagreement' }).click();
      await page.waitForURL(/\/cases\/new\/possible-duplicate$/);
      expect(await panelOf(page)).toBe('A disagreement about this child may already be open');
      if (javaScript) await seen(page, 'possible duplicate');
      if (javaScript) await screenshot(page, 'interruption-1-possible-duplicate');
      await page.getByRole('link', { name: 'Go back', exact: true }).click();
      await page.waitForURL(/\/cases\/new\/check$/);
      await page.getByRole('button', { name: 'Raise the disagreement' }).click();
      await page.waitForURL(/\/cases\/new\/possible-duplicate$/);
      await page.getByRole('button', { name: 'Continue and raise it' }).click();
      await page.waitForURL(/\/cases\/[0-9a-f-]+\/raised$/);
      await page.context().close();
    });
  }

  it('asks before withdrawing; going back changes nothing, going on withdraws it', async () => {
    const worker = t.person('frontline', 'Little Meadows');
    const id = await raise(worker, t.person('frontline', 'Elm Road'), 'M.N.');
    const page = await signedIn(worker);
    const withdraw = async () => {
      await page.goto(`${base}/cases/${id}/withdraw`);
      await page
        .getByLabel('Withdraw the disagreement', { exact: true })
        .fill('The visit has now been arranged.');
      await page.getByRole('button', { name: 'Withdraw the disagreement' }).click();
      expect(await panelOf(page)).toBe('Are you sure you want to withdraw the disagreement?');
    };
    await withdraw();
    await seen(page, 'withdraw: are you sure?');
    await screenshot(page, 'interruption-2-withdraw');
    await page.getByRole('link', { name: 'No, go back to the case' }).click();
    await page.waitForURL(`${base}/cases/${id}`);
    expect(await page.locator('main .govuk-tag').first().textContent()).toContain('Open');
    await withdraw();
    await page.getByRole('button', { name: 'Yes, withdraw it' }).click();
    await page.waitForURL(`${base}/cases/${id}?done=withdraw`);
    await seen(page, 'the case, withdrawn');
    expect(await page.locator('main .govuk-tag').first().textContent()).toContain('Withdrawn');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
