/**
 * The authenticator pages in Chromium, with axe on each (WCAG 2.2 AA) and watching for CSP
 * errors: the chair's first sign-in (set up an app: QR code, key, a wrong code then the right
 * one), the account page, the code page at the next sign-in; a practitioner turning an app on
 * and the turn-off page. Screenshots go to docs/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { givePasswords } from '../pages/agent.js';
import { createTestApp, TEST_TOTP_KEY, type TestApp } from '../support/app.js';
import { codeFor, currentCode } from '../support/authenticator.js';
import {
  accessibilityViolations,
  launchBrowser,
  listenOnLoopback,
  screenshot,
  skipBrowser,
  watchForErrors,
} from './browser.js';
import { submitPassword } from './sign-in.js';

let t: TestApp;
let browser: Browser;
let base: string;

async function expectAccessible(page: Page) {
  expect(await accessibilityViolations(page), page.url()).toEqual([]);
}

const password = (page: Page, person: PersonSummary) => submitPassword(page, base, person);

const keyOf = async (page: Page) =>
  ((await page.locator('#key').textContent()) ?? '').replace(/\s/g, '');

describe.skipIf(skipBrowser)('the authenticator pages in a browser', () => {
  beforeAll(async () => {
    t = await createTestApp();
    await givePasswords(t.store, t.people);
    base = await listenOnLoopback(t.app);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('takes the chair through setting up an app, then asks for its code at the next sign-in', async () => {
    const chair = t.person('chair');
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await password(page, chair);
    await page.waitForURL(`${base}/sign-in/set-up`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Set up an authenticator app',
    );
    const qr = page.getByRole('img', { name: /QR code to add Escalate/ });
    expect(await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, 'authenticator-1-set-up');

    await page.getByLabel('Enter the 6-digit code the app now shows').fill('12345');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Enter the code as 6 digits',
    );
    await expectAccessible(page);

    const key = await keyOf(page);
    await page
      .getByLabel('Enter the 6-digit code the app now shows')
      .fill(codeFor(key, t.clock.now));
    await page.getByRole('button', { name: 'Continue' }).click();
    // the new app's recovery codes, shown once
    await page.waitForURL(`${base}/sign-in/recovery-codes`);
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    await expectAccessible(page);
    await screenshot(page, 'authenticator-5-recovery-codes');
    await page.getByRole('button', { name: 'I have saved my codes, continue' }).click();
    await page.waitForURL(`${base}/cases`);

    await page.getByRole('link', { name: 'Your account' }).click();
    await expect(page.getByText('cannot be turned off').isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'authenticator-2-account');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/signed-out`);
    await password(page, chair);
    await page.waitForURL(`${base}/sign-in/code`);
    const label = 'Enter the 6-digit code from your authenticator app';
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(label);
    await expectAccessible(page);
    await screenshot(page, 'authenticator-3-code');
    await page.getByLabel(label).fill('000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'That code is not right',
    );
    await expectAccessible(page);
    const ctx = { db: t.store.db, key: TEST_TOTP_KEY, clock: t.clock };
    await page.getByLabel(label).fill(await currentCode(ctx, chair.id));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/cases`);
    // no console error (no CSP error); the two refused codes' own 400s are not counted
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets a practitioner turn an app on from their account page, with JavaScript off', async () => {
    const person = t.person('frontline', 'Elm Road');
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await password(page, person);
    await page.waitForURL(`${base}/cases`);
    await page.goto(`${base}/account`);
    await page.getByRole('link', { name: /Turn on/ }).click();
    await page.waitForURL(`${base}/account/authenticator/set-up`);
    const key = await keyOf(page);
    await page
      .getByLabel('Enter the 6-digit code the app now shows')
      .fill(codeFor(key, t.clock.now));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.waitForURL(`${base}/account?changed=on`);
    await expect(page.getByText('Your authenticator app is set up').isVisible()).resolves.toBe(
      true,
    );
    // its recovery codes, this once
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    await page.getByRole('link', { name: /Turn off/ }).click();
    await page.waitForURL(`${base}/account/authenticator/turn-off`);
    const url = page.url();
    const cookies = await context.cookies();
    await context.close();

    // axe needs script: the same pages, checked in a context that runs it
    const checker = await browser.newContext();
    await checker.addCookies(cookies);
    const checked = await checker.newPage();
    for (const path of [
      '/account?changed=on',
      '/account/authenticator/turn-off',
      '/account/recovery-codes',
      '/account/password',
      '/account?changed=password',
      '/account/sessions',
    ]) {
      await checked.goto(`${base}${path}`);
      expect(new URL(checked.url()).pathname).toBe(path.split('?')[0]);
      await expectAccessible(checked);
    }
    await screenshot(checked, 'authenticator-4-turn-off');
    expect(url).toBe(`${base}/account/authenticator/turn-off`);
    await checker.close();
  });
});
