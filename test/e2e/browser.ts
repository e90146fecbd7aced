/// <reference lib="dom" />
/**
 * Chromium driven by playwright-core, and an axe-core check at WCAG 2.2 AA that every page test
 * runs on every page it visits. Which Chromium (CHROMIUM_PATH, Debian's, or the one npm
 * installs) is found once per run by the global setup (test/e2e/chromium.ts); without any, or
 * with SKIP_BROWSER_TESTS=1, the page tests are skipped (and REQUIRE_BROWSER_TESTS=1 fails the
 * run instead).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { ROOT } from '../../src/repository.js';
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

/**
 * The template of the document each page shows now, from the `x-template` header the app sends
 * in test mode (src/web/plugins/views.ts); kept for every page of every context the browser
 * opens, so `accessibilityViolations` can record which template it checked.
 */
const templateOf = new WeakMap<Page, string | undefined>();

function watchTemplates(context: BrowserContext): BrowserContext {
  context.on('response', (response) => {
    const frame = response.frame();
    if (!response.request().isNavigationRequest() || frame.parentFrame() !== null) return;
    if (response.status() >= 300 && response.status() < 400) return; // a redirect: the next one
    templateOf.set(frame.page(), response.headers()['x-template']);
  });
  return context;
}

/**
 * How long Playwright waits for a page to load or an element to show before failing the step.
 * Its default (30 s) failed a sound sign-in page on a loaded CI machine (four test workers and
 * Chromium on two cores); like the suite's own time-outs (vitest.config.ts), it is there to stop
 * a hung step, not to time a slow one.
 */
export const STEP_TIMEOUT_MS = 90_000;

/** `extraArgs`: more Chromium switches (e.g. --host-resolver-rules to give the app a name). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (CHROMIUM === null) throw new Error(`No Chromium for the page tests: ${HOW_TO_RUN}.`);
  const browser = await chromium.launch({
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
  // browser.newPage() opens its own context through newContext, so this sees every page
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    return watchTemplates(context);
  };
  return browser;
}

/** Where the axe checks of this run are recorded (test/e2e/axe-coverage.ts). */
const AXE_RECORDS: string | null = inject('axeRecords') ?? null;

/** Records that axe checked the page's template, and from which test file. */
function recordAxeCheck(page: Page): void {
  const template = templateOf.get(page);
  if (AXE_RECORDS === null || template === undefined) return;
  const testFile = expect.getState().testPath ?? 'unknown';
  appendFileSync(join(AXE_RECORDS, `${process.pid}.tsv`), `${testFile}\t${template}\n`);
}

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe with the GOV.UK Frontend tags and axe's best practices (landmarks, heading order,
 * one main, page has a heading one); returns the violations, readably. Records the template
 * checked, for the check that axe has seen every page template (test/e2e/axe-coverage.ts).
 */
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
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return result.violations;
  })) as AxeViolation[];
  recordAxeCheck(page);
  return violations.map(
    (v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/**
 * Collects the page's console errors (a CSP violation shows up there) and failed requests, as
 * they happen, into `errors` (a new list when none is given), which it returns.
 */
export function watchForErrors(page: Page, errors: string[] = []): string[] {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // A page answered with its own error status (an error summary's 400, a refusal's 422) is
    // logged by Chromium as a failed load of the page itself; the test reads that page. A failed
    // load of anything the page asks for (a stylesheet, a script, an image) is still an error.
    const ownPage = message.location().url === page.url();
    if (ownPage && message.text().startsWith('Failed to load resource')) return;
    errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => {
    // Cancelled by the browser because the page moved on (the test went elsewhere before a page,
    // or the favicon Chromium fetches for it, had loaded) is cut short, not failed. An asset that
    // really fails still shows: its error status as a console error above, or another net:: error.
    const cancelled = request.failure()?.errorText === 'net::ERR_ABORTED';
    if (!cancelled) errors.push(`request failed: ${request.url()}`);
  });
  return errors;
}

/** A page as shown now, once loaded: no accessibility violations (`what` names it on failure). */
export async function seen(page: Page, what: string): Promise<void> {
  await page.waitForLoadState('load');
  expect(await accessibilityViolations(page), `${what}: ${page.url()}`).toEqual([]);
}
