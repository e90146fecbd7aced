import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Time-outs only stop a hung test; they are generous so a loaded machine cannot fail a sound one.
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // finds Chromium for the page tests once per run (test/e2e/chromium.ts); at the end of a
    // run of every page test, fails on any page template axe has not checked
    globalSetup: ['test/e2e/global-setup.ts', 'test/e2e/axe-coverage.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time even on two cores (Vitest's default is cores - 1): many files spend
    // their time waiting on PostgreSQL, child processes or Chromium, not on the CPU.
    maxWorkers: 2,
  },
});
