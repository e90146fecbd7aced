/**
 * The partnership business manager in Chromium: signs in, filters the dashboard to last
 * quarter and stage 3 with the keyboard, reads the figures, opens the board report. axe runs
 * on every page (charts included); screenshots go to docs/screenshots/. Also with JavaScript
 * off: the filters are a plain GET form.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { AGENCY, generateHistory, NOW } from '../support/history.js';
import {
  accessibilityViolations,
  launchBrowser,
  listenOnLoopback,
  screenshot,
  skipBrowser,
  watchForErrors,
} from './browser.js';
import { enterAuthenticatorCode, submitPassword } from './sign-in.js';

let t: TestApp;
let browser: Browser;
let base: string;
let manager: PersonSummary;

async function signIn(page: Page) {
  await submitPassword(page, base, manager);
  await enterAuthenticatorCode(page, base, manager, t);
  await page.waitForURL(`${base}/cases`).catch(async (e) => {
    throw new Error(`${e.message}: at ${page.url()}: ${(await page.content()).slice(0, 3000)}`);
  });
}

async function expectAccessible(page: Page) {
  expect(await accessibilityViolations(page), page.url()).toEqual([]);
}

describe.skipIf(skipBrowser)('the partnership dashboard in a browser', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await generateHistory(t);
    const partnership = t.person('frontline', AGENCY.school).partnership;
    manager = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === partnership,
    ) as PersonSummary;
    await givePasswords(t.store, [manager]);
    base = await listenOnLoopback(t.app);
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('answers the business manager in a few steps, keyboard only, and passes axe', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signIn(page);
    await page.getByRole('link', { name: 'Partnership dashboard' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Partnership dashboard',
    );
    await expectAccessible(page);

    await page.getByLabel('Period').focus();
    await page.keyboard.press('ArrowDown'); // This quarter
    await page.keyboard.press('ArrowDown'); // Last quarter
    await page.getByLabel('Reached stage').selectOption('3');
    await page.getByRole('button', { name: 'Show figures' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/period=last-quarter/);
    await expect(
      page.getByText('1 July 2026 to 30 September 2026').first().isVisible(),
    ).resolves.toBe(true);
    const stages = page.locator('section', {
      has: page.getByRole('heading', { name: 'Timeliness and time at each stage' }),
    });
    const row = stages.getByRole('row', { name: /3\. Senior manager to senior manager/ });
    await expect(row.textContent()).resolves.toMatch(/manager\s+6\s+5\s+2\s/);
    await expectAccessible(page);
    await screenshot(page, 'oversight-1-dashboard');

    await page.getByRole('link', { name: 'Board report for this period' }).click();
    await expect(
      page.getByRole('heading', { name: 'Learning for the partnership' }).isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'oversight-2-board-report');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the error summary for dates that do not exist, with JavaScript off', async () => {
    const bad = `${base}/partnership?period=custom&from-day=31&from-month=2&from-year=2026`;
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(bad);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'The first day must be a real date',
    );
    await context.close();
    // axe needs script: the same page, checked in a context that runs it
    const checker = await browser.newContext();
    const checked = await checker.newPage();
    await signIn(checked);
    await checked.goto(bad);
    await expectAccessible(checked);
    await checker.close();
  });
});
