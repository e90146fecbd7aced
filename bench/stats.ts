/** Timing helpers for the benchmarks: repeat a call, report percentiles in milliseconds. */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

export interface Timing {
  runs: number;
  p50: number;
  p99: number;
  max: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export function summarise(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/**
 * Runs `fn` `warmup` times untimed, then at least `minRuns` times and until `minMs` has
 * passed (capped at `maxRuns`).
 */
export async function time(
  fn: () => Promise<unknown>,
  options: { warmup?: number; minRuns?: number; maxRuns?: number; minMs?: number } = {},
): Promise<Timing> {
  const { warmup = 2, minRuns = 10, maxRuns = 200, minMs = 300 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const started = performance.now();
  while (
    samples.length < minRuns ||
    (samples.length < maxRuns && performance.now() - started < minMs)
  ) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return summarise(samples);
}

export const ms = (value: number): string =>
  Number.isNaN(value) ? 'n/a' : value < 10 ? value.toFixed(2) : value.toFixed(0);

export const loadNow = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

/** A plain-text table, also valid Markdown. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [
    line(headers),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
