import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/web/app.js';
import {
  accessibilityViolations,
  launchBrowser,
  listenOnLoopback,
  screenshot,
  skipBrowser,
  watchForErrors,
} from './browser.js';

describe.skipIf(skipBrowser)('the start page in Chromium', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    app = await buildApp({
      config: { nodeEnv: 'test', baseUrl: 'http://127.0.0.1' },
      checkDatabase: async () => {},
    });
    base = await listenOnLoopback(app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('renders with GOV.UK Frontend, its scripts allowed by the CSP, and no accessibility violations at WCAG 2.2 AA', async () => {
    const page = await browser.newPage();
    const errors = watchForErrors(page);
    await page.goto(`${base}/`);
    expect(await page.locator('h1').textContent()).toMatch(/professional disagreement/);
    expect(await page.locator('.govuk-service-navigation__service-name').textContent()).toContain(
      'Escalate',
    );
    // The GOV.UK template's js-enabled script (a file here, not inline) ran: the body has its class.
    expect(await page.evaluate(() => document.body.className)).toContain(
      'govuk-frontend-supported',
    );
    // The module script ran initAll(): the skip link is initialised by GOV.UK Frontend's JS.
    await expect
      .poll(() => page.locator('.govuk-skip-link').getAttribute('data-govuk-skip-link-init'))
      .not.toBeNull();
    // The stylesheet and its font loaded.
    expect(await page.locator('h1').evaluate((el) => getComputedStyle(el).fontWeight)).toBe('700');
    expect(await page.evaluate(() => document.fonts.check('700 16px "GDS Transport"'))).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await screenshot(page, 'start');
    await page.close();
  });

  it('starts the journey from the start button by keyboard', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    const button = page.getByRole('button', { name: 'Sign in' });
    await button.focus();
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await button.getAttribute('href')).toBe('/sign-in');
    await page.close();
  });

  it('shows an accessible GOV.UK page for an address that does not exist', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${base}/no-such-page`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
