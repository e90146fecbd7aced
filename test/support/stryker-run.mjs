/**
 * `npm run mutate [-- --area NAME] [-- STRYKER OPTIONS]`: runs Stryker (stryker.config.mjs).
 *
 * `--area NAME` (test/support/mutation-areas.mjs: calendar, case-engine, policies, access,
 * notifications, hash-chain, retention, figures) mutates that area's code and runs only the
 * test files that hold its rules, keeping its incremental results in a file of its own
 * (reports/stryker-incremental-NAME.json), so the areas can be run one after another.
 *
 * A `--mutate` list given on the command line replaces the configured one; the tests are kept
 * out of it: `npm run mutate -- --mutate 'src/domain/calendar/**\/*.ts'` mutates the calendar,
 * not its tests. docs/testing.md says how to run it and read the report.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { AREAS } from './mutation-areas.mjs';
import { printSummary } from './mutation-summary.mjs';

const NOT_TESTS = ',!**/*.test.ts,!src/domain/**/testing*.ts';
let args = process.argv.slice(2);
const env = { ...process.env };

const at = args.indexOf('--area');
if (at >= 0) {
  const name = args[at + 1] ?? '';
  const area = AREAS[name];
  if (!area) {
    console.error(`npm run mutate: no area "${name}"; the areas: ${Object.keys(AREAS).join(', ')}`);
    process.exit(2);
  }
  args = [
    ...args.slice(0, at),
    ...args.slice(at + 2),
    '--mutate',
    area.mutate.join(','),
    '--incrementalFile',
    `reports/stryker-incremental-${name}.json`,
  ];
  // read by vitest.mutate.config.ts
  env.MUTATE_TESTS = area.tests.join(',');
}

const withoutTests = args.map((arg, i) => {
  if (arg.startsWith('--mutate=')) return `${arg}${NOT_TESTS}`;
  const previous = args[i - 1];
  return previous === '--mutate' || previous === '-m' ? `${arg}${NOT_TESTS}` : arg;
});
const root = join(import.meta.dirname, '..', '..');
const report = join(root, 'reports', 'mutation', 'mutation.json');
const before = (() => {
  try {
    return statSync(report).mtimeMs;
  } catch {
    return 0;
  }
})();
const stryker = join(root, 'node_modules', '.bin', 'stryker');
const run = spawnSync(stryker, ['run', ...withoutTests], { stdio: 'inherit', env });
// the scores with and without the static survivors, from the report this run wrote (not an older one)
const written = (() => {
  try {
    return statSync(report).mtimeMs > before;
  } catch {
    return false;
  }
})();
if (written) printSummary(report);
process.exitCode = run.status ?? 1;
