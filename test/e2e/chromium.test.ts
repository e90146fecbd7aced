/**
 * Page tests run on a machine with no Chromium of its own: the lookup falls back to the one
 * `npm install` brings (@sparticuz/chromium), which really starts and shows a page here; and
 * when the page tests cannot run, the run says so in one line, or fails when CI requires them.
 * Debian's Chromium is hidden from the lookup by DEBIAN_CHROMIUM, never removed.
 */
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findChromium } from './chromium.js';
import { chromiumForRun } from './global-setup.js';

const HIDDEN = { DEBIAN_CHROMIUM: '/nonexistent/usr/bin/chromium' };

describe('finding Chromium for the page tests', () => {
  it.skipIf(process.env.SKIP_BROWSER_TESTS === '1')(
    'without Debian’s Chromium, uses the one npm installed, and it shows a page',
    async () => {
      const found = await findChromium(HIDDEN);
      expect(found).toMatchObject({ from: '@sparticuz/chromium' });
      const browser = await chromium.launch({
        executablePath: found.path as string,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      try {
        const page = await browser.newPage();
        await page.setContent('<main><h1>Escalate</h1></main>');
        expect(await page.textContent('h1')).toBe('Escalate');
      } finally {
        await browser.close();
      }
    },
    120_000,
  );

  it('prefers CHROMIUM_PATH, and says when it is not there', async () => {
    expect(await findChromium({ CHROMIUM_PATH: process.execPath })).toEqual({
      path: process.execPath,
      from: 'CHROMIUM_PATH',
    });
    expect(await findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).toMatchObject({
      path: null,
    });
  });

  it('with no Chromium at all, skips the page tests in one loud line saying how to run them', async () => {
    const none = async () => findChromium(HIDDEN, async () => null);
    const lines: string[] = [];
    expect(await chromiumForRun(HIDDEN, none, (line) => lines.push(line))).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PAGE TESTS SKIPPED: .*apt-get install chromium.*CHROMIUM_PATH/);
  });

  it('with REQUIRE_BROWSER_TESTS=1, a run that would skip them fails instead', async () => {
    const none = async () => findChromium(HIDDEN, async () => null);
    const required = { ...HIDDEN, REQUIRE_BROWSER_TESTS: '1' };
    await expect(chromiumForRun(required, none, () => {})).rejects.toThrow(/REQUIRE_BROWSER_TESTS/);
    await expect(
      chromiumForRun({ ...required, SKIP_BROWSER_TESTS: '1' }, none, () => {}),
    ).rejects.toThrow(/must run/);
    expect(await chromiumForRun(required, async () => ({ path: '/x', from: 'Debian' }))).toBe('/x');
  });
});
