/**
 * What `npm run mutate` prints after Stryker's own table (docs/testing.md "Reading the report"):
 * each status counted from reports/mutation/mutation.json, the score as Stryker gives it, and the
 * score without the **static** mutants that survived. A static mutant sits in code that runs
 * when its module loads (a table of bank holidays built once); Stryker tests it when a test also
 * reaches that code, but the table was built before the mutant was switched on, so no test in
 * that process can see it. Such survivors say nothing about the tests, so the area's goal (90 % of
 * the non-equivalent mutants, issue 24) is read from the second score, with the first beside it.
 * But code that runs at load may also run later with the mutant on (a function that builds a
 * table and is also called by a test), so the static survivors are listed, to be read first.
 */
import { existsSync, readFileSync } from 'node:fs';

const KILLED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

/**
 * @param {{ files: Record<string, { mutants: { status: string, static?: boolean, mutatorName?: string,
 *   location?: { start: { line: number } } }[] }> }} report
 */
export function summarise(report) {
  const counts = /** @type {Record<string, number>} */ ({});
  const staticSurvivorsAt = /** @type {string[]} */ ([]);
  for (const [name, file] of Object.entries(report.files)) {
    for (const mutant of file.mutants) {
      counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
      if (mutant.static && (mutant.status === 'Survived' || mutant.status === 'NoCoverage')) {
        staticSurvivorsAt.push(
          `${name}:${mutant.location?.start.line ?? '?'} ${mutant.mutatorName ?? ''}`.trim(),
        );
      }
    }
  }
  const staticSurvivors = staticSurvivorsAt.length;
  const total = (/** @type {Set<string>} */ set) =>
    Object.entries(counts).reduce((sum, [status, n]) => sum + (set.has(status) ? n : 0), 0);
  const killed = total(KILLED);
  const counted = total(COUNTED);
  return {
    counts,
    staticSurvivors,
    staticSurvivorsAt,
    score: counted === 0 ? Number.NaN : (100 * killed) / counted,
    scoreWithoutStatic:
      counted - staticSurvivors === 0 ? Number.NaN : (100 * killed) / (counted - staticSurvivors),
  };
}

/** @param {ReturnType<typeof summarise>} s */
export function summaryText(s) {
  const n = (status) => s.counts[status] ?? 0;
  const pct = (v) => (Number.isNaN(v) ? 'n/a' : `${v.toFixed(1)} %`);
  return [
    `Mutants: ${Object.values(s.counts).reduce((a, b) => a + b, 0)}; killed ${n('Killed')}, timeout ${n('Timeout')}, survived ${n('Survived')}, no coverage ${n('NoCoverage')}, ignored ${n('Ignored')}, errors ${n('RuntimeError') + n('CompileError')}.`,
    `Score ${pct(s.score)}; without the ${s.staticSurvivors} static mutants that survived (docs/testing.md "Reading the report"): ${pct(s.scoreWithoutStatic)}.`,
    ...(s.staticSurvivors > 0
      ? [
          'The static survivors, to read before taking the second score:',
          ...s.staticSurvivorsAt.map((at) => `  ${at}`),
        ]
      : []),
  ].join('\n');
}

/** Prints the summary of the report a run has just written, if it wrote one. */
export function printSummary(file) {
  if (!existsSync(file)) return;
  console.log(`\n${summaryText(summarise(JSON.parse(readFileSync(file, 'utf8'))))}`);
}
