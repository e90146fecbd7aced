/**
 * Single sign-on in Chromium, against a real provider (oidc-provider): the sign-in page's button,
 * the provider's login form, back signed in at my cases; and the refusal pages. Axe checks every
 * Escalate page on the way at WCAG 2.2 AA. The app is reached as http://escalate.test (its
 * BASE_URL, registered with the provider), which Chromium maps to the app's port 0 listener.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_PATH } from '../../src/services/single-sign-on.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { startTestProvider, type TestProvider } from '../support/oidc-provider.js';
import {
  accessibilityViolations,
  launchBrowser,
  listenOnLoopback,
  screenshot,
  skipBrowser,
} from './browser.js';

const BASE_URL = 'http://escalate.test';

describe.skipIf(skipBrowser)('single sign-on in Chromium', () => {
  let idp: TestProvider;
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    idp = await startTestProvider();
    t = await createTestApp({ config: { baseUrl: BASE_URL, oidc: idp.config } });
    idp.serve(`${BASE_URL}${CALLBACK_PATH}`);
    const dsl = t.person('dsl', 'Hillcrest');
    idp.accounts.set('dsl', { email: dsl.email, email_verified: true });
    idp.accounts.set('stranger', { email: 'nobody@elsewhere.example', email_verified: true });
    const port = new URL(await listenOnLoopback(t.app)).port;
    browser = await launchBrowser([`--host-resolver-rules=MAP escalate.test 127.0.0.1:${port}`]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await idp?.close();
  });

  async function signInAtProvider(login: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/sign-in`);
    await page.getByRole('button', { name: 'Sign in with Bromley Council' }).click();
    await page.waitForURL(`${idp.issuer}/**`);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${BASE_URL}/**`);
    return { context, page };
  }

  it('signs in from the button (a link, no JavaScript needed); the sign-in page passes axe', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/sign-in`);
    const button = page.getByRole('button', { name: 'Sign in with Bromley Council' });
    expect(await button.getAttribute('href')).toBe('/sign-in/oidc');
    expect(await page.getByLabel('E-mail address').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sso-1-sign-in');
    await context.close();

    const signedIn = await signInAtProvider('dsl');
    expect(new URL(signedIn.page.url()).pathname).toBe('/cases');
    expect(await signedIn.page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    await signedIn.context.close();
  });

  it('refuses an address nobody has, and an expired sign-in, on pages that pass axe', async () => {
    const { context, page } = await signInAtProvider('stranger');
    expect(await page.locator('h1').textContent()).toBe('You do not have an Escalate account yet');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sso-2-unknown-person');
    const expired = await page.goto(`${BASE_URL}${CALLBACK_PATH}?code=used&state=old`);
    expect(expired?.status()).toBe(400);
    expect(await page.locator('h1').textContent()).toBe('Your sign-in has expired');
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });
});
