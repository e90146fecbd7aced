/**
 * `npm run mutate [-- STRYKER OPTIONS]`: runs Stryker (stryker.config.mjs), and keeps the tests
 * out of a `--mutate` list given on the command line, which replaces the configured one:
 * `npm run mutate -- --mutate 'src/domain/calendar/**\/*.ts'` mutates the calendar, not its
 * tests. docs/testing.md says how to run it and read the report.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const NOT_TESTS = ',!**/*.test.ts,!src/domain/**/testing.ts';
const args = process.argv.slice(2);
const withoutTests = args.map((arg, i) => {
  if (arg.startsWith('--mutate=')) return `${arg}${NOT_TESTS}`;
  const previous = args[i - 1];
  return previous === '--mutate' || previous === '-m' ? `${arg}${NOT_TESTS}` : arg;
});
const stryker = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'stryker');
const run = spawnSync(stryker, ['run', ...withoutTests], { stdio: 'inherit' });
process.exitCode = run.status ?? 1;
