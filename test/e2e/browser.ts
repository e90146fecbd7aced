/// <reference lib="dom" />
/**
 * Chromium driven by playwright-core, and an axe-core check at WCAG 2.2 AA that every page test
 * runs on every page it visits. Which Chromium (CHROMIUM_PATH, Debian's, or the one npm
 * installs) is found once per run by the global setup (test/e2e/chromium.ts); without any, or
 * with SKIP_BROWSER_TESTS=1, the page tests are skipped (and REQUIRE_BROWSER_TESTS=1 fails the
 * run instead).
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { ROOT } from '../../src/web/folders.js';
import { HOW_TO_RUN } from './chromium.js';

/** The Chromium the global setup found; null when the page tests are to be skipped. */
export const CHROMIUM: string | null = inject('chromium') ?? null;
export const skipBrowser = process.env.SKIP_BROWSER_TESTS === '1' || CHROMIUM === null;

/** Listens on a random loopback port; answers the base URL (no trailing slash). */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** Saves a full-page screenshot to docs/screenshots/NAME.png in the repository. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = join(ROOT, 'docs', 'screenshots');
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}

/** `extraArgs`: more Chromium switches (e.g. --host-resolver-rules to give the app a name). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (CHROMIUM === null) throw new Error(`No Chromium for the page tests: ${HOW_TO_RUN}.`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe with the GOV.UK Frontend tags; returns the violations, readably. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) still holds for the page itself.
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations;
  })) as AxeViolation[];
  return violations.map(
    (v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** Collects console errors (a CSP violation shows up there) and failed requests. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  return errors;
}
