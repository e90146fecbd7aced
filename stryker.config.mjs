// @ts-check
/**
 * `npm run mutate` (test/support/stryker-run.mjs): mutation testing of the rules that decide
 * what happens to a case and who may see it (issue 24). Stryker makes small faults in the code
 * below, one at a time, and runs the tests that cover each (vitest.mutate.config.ts); a fault
 * no test notices "survives". How to run one area, read the report and the figures so far:
 * docs/testing.md. Not part of `npm test` or CI: it takes minutes per area on a 2-core machine.
 *
 * Stryker 9.6, not 10: Stryker 10 refuses to start on Node 20, which this project still supports
 * (docs/dependencies.md).
 *
 * No TypeScript checker: @stryker-mutator/typescript-checker drives the TypeScript compiler's
 * JavaScript API (ts.createSolutionBuilderWithWatch), which TypeScript 7 (the Go compiler) does
 * not have: its `typescript` package exports only the version. So a mutant that would not
 * compile is run like any other and is reported killed or as a runtime error, never "survived".
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  // only the test files that import the files being mutated, so one area's run stays short
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  // each mutant runs only the tests that reached it in the first, unmutated run
  coverageAnalysis: 'perTest',
  // reuse the results of mutants whose code and tests have not changed since the last run
  // (reports/stryker-incremental.json: local to each checkout, not committed; docs/testing.md)
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  mutate: [
    // the domain: stages, holders, deadlines, permissions, the working-day calendar, policies
    'src/domain/**/*.ts',
    '!src/domain/**/*.test.ts',
    // the tests' shared set-up (testing.ts, testing-chair.ts)
    '!src/domain/**/testing*.ts',
    // the access and command rules
    'src/services/access.ts',
    'src/services/command-people.ts',
    'src/services/holders.ts',
    'src/services/sector-holders.ts',
    'src/services/immediate-risk.ts',
    'src/services/cases/run-command.ts',
    'src/services/cases/decide-with-holders.ts',
    'src/services/outbox.ts',
    // notifications: the outbox, who is told, reminders and overdue prompts
    'src/notify/**/*.ts',
    '!src/notify/**/*.test.ts',
    'src/services/notifications.ts',
    'src/jobs/deadlines.ts',
    // the tamper-evident record
    'src/store/hash-chain.ts',
    'src/store/event-store.ts',
    // retention
    'src/services/retention.ts',
    // the report figures
    'src/reports/figures/**/*.ts',
  ],
  // the calendar's and the policies' tables are built when a module loads: a fault there would
  // need every test rerun in a fresh process; they are listed as ignored in the report
  ignoreStatic: true,
  // not needed to run the tests
  ignorePatterns: ['/data', '/test-results', '/tmp', '/bench'],
  concurrency: 2,
  timeoutMS: 60_000,
  // the first, unmutated run of the report figures' tests takes more than Stryker's default
  // 5 minutes on the shared 2-core machine (docs/testing.md)
  dryRunTimeoutMinutes: 30,
  reporters: ['html', 'clear-text', 'progress', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Stryker rewrites the tsconfig's paths that lead outside the sandbox with the TypeScript
  // API, which TypeScript 7 lacks; ours has none (no `extends` or `references` outside the
  // project), so it is pointed at a file that does not exist and nothing is rewritten
  tsconfigFile: 'no-tsconfig-to-rewrite.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
