/**
 * Vitest's global setup: finds Chromium once for the whole run (test/e2e/chromium.ts), so the
 * bundled one is unpacked once, not by every test file at the same time, and hands its path
 * to the page tests (`inject('chromium')`).
 *
 * Without one, or with SKIP_BROWSER_TESTS=1, the page tests are skipped with one loud line
 * saying how to run them; with REQUIRE_BROWSER_TESTS=1 (CI's SQLite run) that is a failure.
 */
import type { TestProject } from 'vitest/node';
import { type ChromiumFound, findChromium, HOW_TO_RUN } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the Chromium executable the page tests drive; null: page tests are skipped */
    chromium: string | null;
  }
}

/**
 * The Chromium for this run, or null to skip the page tests (said in one loud line); throws
 * when REQUIRE_BROWSER_TESTS=1 and the page tests would not run.
 */
export async function chromiumForRun(
  env: NodeJS.ProcessEnv = process.env,
  find: (env: NodeJS.ProcessEnv) => Promise<ChromiumFound> = findChromium,
  warn: (line: string) => void = console.warn,
): Promise<string | null> {
  const required = env.REQUIRE_BROWSER_TESTS === '1';
  if (env.SKIP_BROWSER_TESTS === '1') {
    if (required) {
      throw new Error('REQUIRE_BROWSER_TESTS=1 and SKIP_BROWSER_TESTS=1: the page tests must run.');
    }
    return null;
  }
  const found = await find(env);
  if (found.path !== null) return found.path;
  const line = `PAGE TESTS SKIPPED: ${found.why}. To run them, ${HOW_TO_RUN}.`;
  if (required) throw new Error(`REQUIRE_BROWSER_TESTS=1, but ${line}`);
  warn(`\n*** ${line} ***\n`);
  return null;
}

export default async function setup(project: TestProject): Promise<void> {
  // a project's own env (vitest.config.ts: the PostgreSQL project skips the page tests)
  project.provide('chromium', await chromiumForRun({ ...process.env, ...project.config.env }));
}
