import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs for `npm run mutate` (stryker.config.mjs, docs/testing.md): only the
 * files that hold the rules it mutates, on SQLite, so one mutant's run is short on a 2-core
 * machine. Left out: the browser tests (test/e2e), the page tests (test/pages), and the long
 * reliability tests (test/reliability: crashes, restarts, several instances), which run in
 * `npm test` and CI as before. Not used by `npm test`.
 */
/** `npm run mutate -- --area NAME` runs only its area's test files (test/support/mutation-areas.mjs) */
const areaTests = process.env.MUTATE_TESTS?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    include: areaTests ?? [
      // the domain: stages, holders, deadlines, permissions, the working-day calendar, policies
      'src/domain/**/*.test.ts',
      'src/policies/*.test.ts',
      // the hash chain and the audit verify command
      'src/store/hash-chain.test.ts',
      'test/store.test.ts',
      'test/audit-verify-link.test.ts',
      'test/audit-verify-all.test.ts',
      // notifications: the outbox, reminders, overdue prompts and acknowledgements
      'src/notify/*.test.ts',
      'test/notify-*.test.ts',
      'test/outbox*.test.ts',
      'test/deadlines.test.ts',
      'test/deadline-sweeps.test.ts',
      'test/acknowledgements.test.ts',
      // who may see and do what: the access and command rules in src/services
      'test/security/access-matrix.test.ts',
      'test/security/api-authorization.test.ts',
      'test/security/named-people.test.ts',
      'test/security/need-to-know.test.ts',
      'test/cases-api.test.ts',
      'test/sector-holders.test.ts',
      'test/immediate-risk-guidance.test.ts',
      'test/stage-holders.test.ts',
      'test/command-people.test.ts',
      'test/run-command*.test.ts',
      'test/decide-with-holders.test.ts',
      'test/case-list*.test.ts',
      'test/seed-journeys*.test.ts',
      'test/seed-clauses.test.ts',
      // retention and removal of personal details
      'test/security/retention.test.ts',
      'test/security/retention-migration.test.ts',
      'test/security/retention-rule.test.ts',
      'test/security/removal-on-request.test.ts',
      // the report figures
      'src/reports/figures.test.ts',
      'test/dashboard-figures.test.ts',
      'test/dashboard-figure-lists.test.ts',
      'test/figure-rollups.test.ts',
      'test/report-periods-and-names.test.ts',
    ],
    exclude: ['test/e2e/**', 'test/pages/**', 'test/reliability/**', 'node_modules/**'],
    // SQLite only: a mutant changes the same TypeScript on either database
    env: { DATABASE_URL: '', SKIP_BROWSER_TESTS: '1' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // the test files share their imports, as in `npm test` (vitest.config.ts): each mutant then
    // loads the app once per worker, not once per file; a mutant is switched on at run time, so
    // every file still sees it
    isolate: false,
  },
});
