import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/web/app.js';
import { accessibilityViolations, launchBrowser, skipBrowser, watchForErrors } from './browser.js';

describe.skipIf(skipBrowser)('the start page in Chromium', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    app = await buildApp({
      config: { nodeEnv: 'test', baseUrl: 'http://127.0.0.1' },
      checkDatabase: async () => {},
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('renders with GOV.UK Frontend, its script allowed by the CSP, and no accessibility violations at WCAG 2.2 AA', async () => {
    const page = await browser.newPage();
    const errors = watchForErrors(page);
    await page.goto(`${base}/`);
    expect(await page.locator('h1').textContent()).toMatch(/professional disagreement/);
    // GOV.UK Frontend's JavaScript ran: the body has its class, set by the nonce'd inline script.
    expect(await page.evaluate(() => document.body.className)).toContain(
      'govuk-frontend-supported',
    );
    // The stylesheet loaded: the heading uses the GOV.UK font size.
    expect(await page.locator('h1').evaluate((el) => getComputedStyle(el).fontWeight)).toBe('700');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    mkdirSync('docs/screenshots', { recursive: true });
    await page.screenshot({ path: 'docs/screenshots/start.png', fullPage: true });
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
});
