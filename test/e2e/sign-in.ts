/**
 * Signing in in Chromium, as a person would: the password form, then, for the roles that need
 * one, the second step: on the set-up page, type the key shown into the "app" (compute its code)
 * and enter the code; on the code page, enter the code of the app set up earlier (computed from
 * the secret the service stored).
 */
import type { Browser, Page } from 'playwright-core';
import { requiresSecondFactor } from '../../src/domain/totp.js';
import { DEMO_PASSWORD } from '../../src/services/demo.js';
import type { PersonSummary } from '../../src/services/people.js';
import type { TestApp } from '../support/app.js';
import { TEST_TOTP_KEY } from '../support/app.js';
import { codeFor, currentCode } from '../support/authenticator.js';
import { watchForErrors } from './browser.js';

/** Fills in and sends the sign-in form as the person, with the demo password. */
export async function submitPassword(page: Page, base: string, person: PersonSummary) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('E-mail address', { exact: true }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/**
 * A browser context of the person's own, signed in (with the authenticator step where their
 * role needs it), at My cases. The page's console and page errors are added to `errors`.
 */
export async function signedInPage(
  on: { browser: Browser; base: string; t: TestApp },
  person: PersonSummary,
  errors: string[],
  { javaScript = true }: { javaScript?: boolean } = {},
): Promise<Page> {
  const { browser, base, t } = on;
  const page = await (await browser.newContext({ javaScriptEnabled: javaScript })).newPage();
  watchForErrors(page, errors);
  await submitPassword(page, base, person);
  if (requiresSecondFactor(person.role)) await enterAuthenticatorCode(page, base, person, t);
  else await page.waitForURL(`${base}/cases`);
  return page;
}

/** Where a right password takes a person whose role needs the authenticator step. */
const SECOND_STEP = ['/sign-in/set-up', '/sign-in/code'];

/**
 * The authenticator step, after a right password: set up the app (the first time) or enter
 * its code; waits for My cases.
 */
export async function enterAuthenticatorCode(
  page: Page,
  base: string,
  person: PersonSummary,
  t: TestApp,
): Promise<void> {
  // the password was right: the second step is set up (first time) or asked for
  await page.waitForURL((url) => SECOND_STEP.includes(url.pathname));
  const path = new URL(page.url()).pathname;
  if (path === '/sign-in/set-up') {
    const key = ((await page.locator('#key').textContent()) ?? '').replace(/\s/g, '');
    await page
      .getByLabel('Enter the 6-digit code the app now shows')
      .fill(codeFor(key, t.clock.now));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/sign-in/recovery-codes`);
    await page.getByRole('button', { name: 'I have saved my codes, continue' }).click();
  } else if (path === '/sign-in/code') {
    const code = await currentCode(
      { db: t.store.db, key: TEST_TOTP_KEY, clock: t.clock },
      person.id,
    );
    await page.getByLabel('Enter the 6-digit code from your authenticator app').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await page.waitForURL(`${base}/cases`);
}
