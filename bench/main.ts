/**
 * `npm run bench [-- --quick] [-- --only http|scale|page|json] [-- --db sqlite|postgres]`: the
 * benchmarks whose goals are in bench/RESULTS.md's table. Prints the tables and writes them into
 * bench/RESULTS.md between the result markers, keeping the rest of that file (the notes on fixes)
 * as it is; `--only http` (or `scale`) replaces that part of the block only. `--only page` (or `json`) measures the baseline, the peer and the signed-in case page
 * (or the JSON case read) only, and writes nothing: a short run to profile one row with
 * (BENCH_SERVER_NODE_ARGS, bench/RESULTS.md).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CASE_PAGE_ROW,
  DEVELOPMENT_PAGE_ROW,
  type HttpResults,
  type LoadResult,
  runHttp,
} from './http.js';
import { runScale, type ScaleResults, scaleRows } from './scale.js';
import { loadNow, ms, table } from './stats.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const RESULTS = join(ROOT, 'bench', 'RESULTS.md');
const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

interface Args {
  quick: boolean;
  only?: 'http' | 'scale' | 'page' | 'json';
  dbs: ('sqlite' | 'postgres')[];
  sizes: number[];
}

function value(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = value('--only') as Args['only'];
  const db = value('--db');
  const postgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');
  const dbs: Args['dbs'] = db
    ? [db as 'sqlite' | 'postgres']
    : postgres
      ? ['sqlite', 'postgres']
      : ['sqlite'];
  const sizes =
    value('--sizes')?.split(',').map(Number) ??
    (quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]);
  return { quick, only, dbs, sizes };
}

function pct(value: number, baseline: number): string {
  return Number.isNaN(value) ? 'n/a' : `${((100 * value) / baseline).toFixed(0)} %`;
}

/**
 * Where this file says what bounds a goal the bench measures as not met (issue 20: "the profile
 * that shows what bounds it"), printed in the note of a row that misses its goal. Update it
 * with the section when a later profile says otherwise.
 */
const BOUNDS = {
  page: 'bound: see "Session 19: where the case page\'s time goes"',
  json: 'bound: see "Session 19", the JSON read',
  memory: 'bound: see "Session 23: memory on Node 24"',
  startup: 'see "Session 21: start-up"',
};

function httpTable(h: HttpResults): string {
  const base = (h.baseline.requestsPerSecond + h.baselineAfter.requestsPerSecond) / 2;
  const peer = h.peer.requestsPerSecond;
  const production = h.rows.find((r) => r.name === CASE_PAGE_ROW)?.requestsPerSecond ?? Number.NaN;
  // [share of the baseline, p99 under, share of the peer page]; the development page's goal is
  // the production page's speed (within a tenth: two runs of one server differ that much)
  const goals: Record<string, { text: string; met: (r: LoadResult) => boolean; bound?: string }> = {
    'GET /api/v1/cases/{id} (JSON, token)': {
      text: '>= 40 % of baseline, p99 < 50 ms',
      bound: BOUNDS.json,
      met: (r) => r.requestsPerSecond >= 0.4 * base && r.p99 < 50,
    },
    [CASE_PAGE_ROW]: {
      text: '>= 100 % of peer and 25 % of baseline, p99 < 50 ms',
      bound: BOUNDS.page,
      met: (r) => r.requestsPerSecond >= peer && r.requestsPerSecond >= 0.25 * base && r.p99 < 50,
    },
    [DEVELOPMENT_PAGE_ROW]: {
      text: '>= 90 % of the production page',
      met: (r) => r.requestsPerSecond >= 0.9 * production,
    },
  };
  const rows = [h.baseline, h.baselineAfter, h.peer, ...h.rows].map((r) => {
    const goal = goals[r.name];
    const met = goal
      ? Number.isNaN(r.requestsPerSecond)
        ? 'n/a'
        : goal.met(r)
          ? 'yes'
          : 'NO'
      : '';
    return [
      r.name,
      Number.isNaN(r.requestsPerSecond) ? 'n/a' : r.requestsPerSecond.toFixed(0),
      ms(r.p50),
      ms(r.p99),
      pct(r.requestsPerSecond, base),
      pct(r.requestsPerSecond, peer),
      r.rssMb === undefined ? '' : r.rssMb.toFixed(0),
      r.cpuMsPerRequest === undefined ? '' : r.cpuMsPerRequest.toFixed(3),
      goal?.text ?? '',
      met,
      r.note ??
        (r.non2xx + r.errors > 0
          ? `${r.non2xx} non-2xx, ${r.errors} errors`
          : met === 'NO'
            ? (goal?.bound ?? '')
            : ''),
    ];
  });
  const startup = [...h.startup].sort((a, b) => a.ms - b.ms);
  const median = startup[Math.floor(startup.length / 2)];
  const medianMs = median?.ms ?? Number.NaN;
  // the production server's peak (the development server is measured for its speed only)
  const peak = Math.max(
    ...h.rows.filter((r) => r.name !== DEVELOPMENT_PAGE_ROW).map((r) => r.rssMb ?? 0),
  );
  return [
    `HTTP: autocannon, ${h.connections} connections, ${h.durationS} s per row after a 1 s warm-up; ratio against the mean of the two baseline runs (${base.toFixed(0)} req/s) and against the peer page (bench/govuk-peer.ts: GOV.UK's template, header, footer, a ten-row summary list and two buttons rendered by Nunjucks on node:http, ${peer.toFixed(0)} req/s).`,
    '',
    table(
      [
        'target',
        'req/s',
        'p50 ms',
        'p99 ms',
        'of baseline',
        'of peer',
        'RSS MB',
        'CPU ms/req',
        'goal',
        'met',
        'note',
      ],
      rows,
    ),
    '',
    table(
      ['process', 'measured', 'goal', 'met'],
      [
        [
          'start-up to first /healthz 200, empty SQLite (median of 3; its CPU time)',
          `${ms(medianMs)} ms (${h.startup.map((s) => ms(s.ms)).join(', ')}; CPU ${median?.cpuMs === undefined ? 'n/a' : `${ms(median.cpuMs)} ms`})`,
          '< 1000 ms',
          medianMs < 1000 ? 'yes' : `NO (${BOUNDS.startup})`,
        ],
        [
          'server RSS under load (peak VmRSS)',
          `${peak.toFixed(0)} MB`,
          '< 200 MB',
          peak < 200 ? 'yes' : `NO (${BOUNDS.memory})`,
        ],
      ],
    ),
  ].join('\n');
}

/** The two parts of the block, each under its own marker with the run that measured it. */
type Part = 'http' | 'scale';
const PARTS: Part[] = ['http', 'scale'];
const marker = (part: Part) => `<!-- ${part} -->`;

/**
 * Writes the parts just measured into the block between the result markers, keeping the other
 * part as the run before left it (`--only http` after a full run keeps the full run's scale
 * table, and says when each was measured), and the rest of the file as it is.
 */
function writeResults(measured: Partial<Record<Part, string>>): void {
  const before = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const hasBlock = before.includes(START) && before.includes(END);
  const old = hasBlock
    ? before.slice(before.indexOf(START) + START.length, before.indexOf(END))
    : '';
  const kept = (part: Part): string | undefined => {
    const at = old.indexOf(marker(part));
    if (at < 0) return undefined;
    const from = at + marker(part).length;
    const ends = PARTS.map((p) => old.indexOf(marker(p), from)).filter((i) => i >= 0);
    return old.slice(from, Math.min(old.length, ...ends)).trim();
  };
  const parts = PARTS.flatMap((part) => {
    const text = measured[part] ?? kept(part);
    return text === undefined ? [] : [`${marker(part)}\n${text}\n`];
  });
  const block = `${START}\n${parts.join('\n')}${END}`;
  const text = hasBlock
    ? before.slice(0, before.indexOf(START)) +
      block +
      before.slice(before.indexOf(END) + END.length)
    : `# Benchmark results\n\n${block}\n${before}`;
  writeFileSync(RESULTS, text);
}

/** A part's text: the run that measured it (when, where, how loaded the machine was), then its tables. */
function measuredPart(
  quick: boolean,
  started: number,
  loadAtStart: string,
  tables: string,
): string {
  return [
    `Run ${new Date(performance.timeOrigin + started).toISOString()} (${quick ? 'quick' : 'full'} mode) on ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}.`,
    `Load average (1/5/15 min) at start: ${loadAtStart}; at end: ${loadNow()}. This part took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    '',
    tables,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const measured: Partial<Record<Part, string>> = {};
  if (args.only !== 'scale') {
    console.log('HTTP ...');
    const started = performance.now();
    const load = loadNow();
    const http = await runHttp({
      durationS: args.quick ? 5 : 10,
      cases: 50,
      row: args.only === 'page' || args.only === 'json' ? args.only : undefined,
    });
    measured.http = measuredPart(args.quick, started, load, httpTable(http));
    console.log(`${measured.http}\n`);
  }
  if (args.only === undefined || args.only === 'scale') {
    const started = performance.now();
    const load = loadNow();
    const scale: ScaleResults = await runScale({
      dbs: args.dbs,
      sizes: args.sizes,
      quick: args.quick,
      // what fits the limits the bench keeps to (full under 15 minutes, quick under 2) with the
      // index builds and the measurements after each step
      budgetS: Number(value(process.argv.slice(2), '--budget') ?? (args.quick ? 50 : 480)),
    });
    measured.scale = measuredPart(args.quick, started, load, scaleRows(scale));
    console.log(`${measured.scale}\n`);
  }
  if (args.only === 'page' || args.only === 'json') return;
  writeResults(measured);
  console.log(`\nWritten to ${RESULTS}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
