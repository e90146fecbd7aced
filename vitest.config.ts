import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * `TEST_POSTGRES_URL=postgres://… npm test` runs the suite on both databases in one run: every
 * test on SQLite (the page tests in Chromium too) and, side by side in the same pool of
 * workers, every test that can touch a database on PostgreSQL. CI does this: one run keeps
 * both cores busy where two runs one after the other left one idle most of the time.
 * Without it, the suite runs once, on the database DATABASE_URL names (SQLite when unset).
 */
const postgresUrl = process.env.TEST_POSTGRES_URL;

const bothDatabases: TestProjectInlineConfiguration[] = [
  { extends: true, test: { name: 'sqlite', env: { DATABASE_URL: '' } } },
  {
    extends: true,
    test: {
      name: 'postgres',
      // the page tests in Chromium run once, on SQLite: the routes they drive are covered on
      // both databases by the HTTP-level page tests and the access matrix; the domain is pure
      // TypeScript with no database to differ
      env: { DATABASE_URL: postgresUrl ?? '', SKIP_BROWSER_TESTS: '1', REQUIRE_BROWSER_TESTS: '0' },
      exclude: [...configDefaults.exclude, 'src/domain/**', 'test/e2e/**'],
    },
  },
];

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
    // A worker runs its test files one after another in one process, importing the app once:
    // with a process per file, importing was 770 s of a 1,090 s run (the whole suite took 726 s
    // without). So a module must not keep one database's rows where another's could read them:
    // what is kept per database is keyed by `databaseOf(db)` (src/store/database.ts).
    isolate: false,
    // More files at a time than cores (Vitest's default is cores - 1): many files spend their
    // time waiting on PostgreSQL, child processes or Chromium, not on the CPU.
    maxWorkers: postgresUrl ? 4 : 2,
    projects: postgresUrl ? bothDatabases : undefined,
  },
});
