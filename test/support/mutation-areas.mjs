/**
 * The areas `npm run mutate -- --area NAME` measures (docs/testing.md "The areas"): the code it
 * mutates and the test files that hold that code's rules. A run with the whole list of
 * vitest.mutate.config.ts does not fit a 2-core machine: nearly every test that starts the app
 * loads the policy schema, so `related` brings in most of the suite, and each surviving mutant
 * reruns every app-based test file. Each area's own tests keep a run to minutes. Leaving a test
 * out can only lower a score, never raise it.
 */
export const AREAS = {
  calendar: {
    mutate: ['src/domain/calendar/**/*.ts'],
    // the calendar's own tests alone leave 15 % of its mutants alive: due times are also held by
    // the tests of stages, timelines and policies
    tests: ['src/domain/**/*.test.ts', 'src/policies/*.test.ts'],
  },
  'case-engine': {
    mutate: ['src/domain/case/**/*.ts'],
    tests: ['src/domain/**/*.test.ts', 'src/policies/*.test.ts'],
  },
  policies: {
    mutate: ['src/domain/policy/**/*.ts', 'src/domain/*.ts'],
    tests: ['src/domain/**/*.test.ts', 'src/policies/*.test.ts'],
  },
  access: {
    mutate: [
      'src/services/access.ts',
      'src/services/command-people.ts',
      'src/services/holders.ts',
      'src/services/sector-holders.ts',
      'src/services/immediate-risk.ts',
      'src/services/cases/run-command.ts',
      'src/services/cases/decide-with-holders.ts',
      'src/services/outbox.ts',
    ],
    tests: [
      'test/security/need-to-know.test.ts',
      'test/stage-holders.test.ts',
      'test/immediate-risk-guidance.test.ts',
      'test/outbox-admin-retry.test.ts',
      'test/notify-outbox-admin.test.ts',
      // command-people.ts, run-command.ts, decide-with-holders.ts, on a small fictional
      // partnership: the rules of the app-based named-people and sector-holders tests, which
      // reached them at 10 to 20 s a mutant and are no longer listed (docs/testing.md, "What the
      // access and command rules' run found"); run-command also queues who is told of what, and
      // the child's contacts
      'test/command-people.test.ts',
      'test/run-command.test.ts',
      'test/run-command-writes.test.ts',
      'test/run-command-people.test.ts',
      'test/decide-with-holders.test.ts',
      'test/notify-who-is-told.test.ts',
      'test/notify-what-is-told.test.ts',
      'test/notify-told-by-name.test.ts',
    ],
  },
  notifications: {
    mutate: ['src/notify/**/*.ts', 'src/services/notifications.ts', 'src/jobs/deadlines.ts'],
    tests: [
      'src/notify/*.test.ts',
      'test/outbox-rules.test.ts',
      'test/outbox.test.ts',
      'test/notify-govuk-notify.test.ts',
      'test/deadlines.test.ts',
      // services/notifications.ts and jobs/deadlines.ts on a small fictional partnership
      'test/notify-who-is-told.test.ts',
      'test/notify-what-is-told.test.ts',
      'test/deadline-sweeps.test.ts',
      'test/notify-event-seq.test.ts',
      'test/notify-told-by-name.test.ts',
    ],
  },
  'hash-chain': {
    mutate: ['src/store/hash-chain.ts', 'src/store/event-store.ts'],
    tests: [
      'src/store/hash-chain.test.ts',
      'test/store.test.ts',
      'test/audit-verify-link.test.ts',
      'test/audit-verify-all.test.ts',
      // the chain of a case whose personal details were removed (format 2, the removal notice):
      // without them `--area hash-chain` scored 85.6 %, where the run with every mutation test did 99.6 %
      'test/security/retention.test.ts',
      'test/security/retention-rule.test.ts',
      'test/security/removal-on-request.test.ts',
      'test/security/retention-migration.test.ts',
    ],
  },
  retention: {
    mutate: ['src/services/retention.ts'],
    tests: [
      'test/security/retention.test.ts',
      'test/security/retention-rule.test.ts',
      'test/security/retention-migration.test.ts',
      'test/security/removal-on-request.test.ts',
    ],
  },
  // test/figure-rollups.test.ts, which compares every figure over 300 periods, is left out: it
  // reaches nearly every mutant here at about 40 s each (docs/testing.md)
  figures: {
    mutate: ['src/reports/figures/**/*.ts'],
    // the three files whose tests hold the figures' rules (docs/testing.md, "What the report
    // figures' run found"): every file of the area was measured with them at 100 %. Left out:
    // report-periods-and-names and figure-rollups, which render the downloads or compare three
    // hundred periods for each mutant (about 40 s a mutant); they run in `npm test`
    tests: [
      'src/reports/figures.test.ts',
      'test/dashboard-figures.test.ts',
      'test/dashboard-figure-lists.test.ts',
    ],
  },
};
