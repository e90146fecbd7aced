/**
 * `npm run bench [-- --quick] [-- --only http|scale|page|json] [-- --db sqlite|postgres]`: the
 * benchmarks whose goals are in bench/RESULTS.md's table. Prints one table and writes it into
 * bench/RESULTS.md between the result markers, keeping the rest of that file (the notes on fixes)
 * as it is. `--only page` (or `json`) measures the baseline, the peer and the signed-in case page
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

function httpTable(h: HttpResults): string {
  const base = (h.baseline.requestsPerSecond + h.baselineAfter.requestsPerSecond) / 2;
  const peer = h.peer.requestsPerSecond;
  const production = h.rows.find((r) => r.name === CASE_PAGE_ROW)?.requestsPerSecond ?? Number.NaN;
  // [share of the baseline, p99 under, share of the peer page]; the development page's goal is
  // the production page's speed (within a tenth: two runs of one server differ that much)
  const goals: Record<string, { text: string; met: (r: LoadResult) => boolean }> = {
    'GET /api/v1/cases/{id} (JSON, token)': {
      text: '>= 40 % of baseline, p99 < 50 ms',
      met: (r) => r.requestsPerSecond >= 0.4 * base && r.p99 < 50,
    },
    [CASE_PAGE_ROW]: {
      text: '>= 100 % of peer and 25 % of baseline, p99 < 50 ms',
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
      r.note ?? (r.non2xx + r.errors > 0 ? `${r.non2xx} non-2xx, ${r.errors} errors` : ''),
    ];
  });
  const startup = [...h.startupMs].sort((a, b) => a - b);
  const median = startup[Math.floor(startup.length / 2)] ?? Number.NaN;
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
          'start-up to first /healthz 200, empty SQLite (median of 3)',
          `${ms(median)} ms (${startup.map((s) => ms(s)).join(', ')})`,
          '< 1000 ms',
          median < 1000 ? 'yes' : 'NO',
        ],
        [
          'server RSS under load (peak VmRSS)',
          `${peak.toFixed(0)} MB`,
          '< 200 MB',
          peak < 200 ? 'yes' : 'NO',
        ],
      ],
    ),
  ].join('\n');
}

function writeResults(body: string): void {
  const before = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const block = `${START}\n${body}\n${END}`;
  const text =
    before.includes(START) && before.includes(END)
      ? before.slice(0, before.indexOf(START)) +
        block +
        before.slice(before.indexOf(END) + END.length)
      : `# Benchmark results\n\n${block}\n${before}`;
  writeFileSync(RESULTS, text);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const header = [
    `Run ${new Date().toISOString()} (${args.quick ? 'quick' : 'full'} mode) on ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}.`,
    `Load average (1/5/15 min) at start: ${loadNow()}.`,
  ];
  const sections: string[] = [];
  if (args.only !== 'scale') {
    console.log('HTTP ...');
    const http = await runHttp({
      durationS: args.quick ? 5 : 10,
      cases: 50,
      row: args.only === 'page' || args.only === 'json' ? args.only : undefined,
    });
    sections.push(httpTable(http));
    console.log(`${sections.at(-1)}\n`);
  }
  let scale: ScaleResults | undefined;
  if (args.only === undefined || args.only === 'scale') {
    scale = await runScale({
      dbs: args.dbs,
      sizes: args.sizes,
      quick: args.quick,
      // what fits the limits the bench keeps to (full under 15 minutes, quick under 2) with the
      // index builds and the measurements after each step
      budgetS: Number(value(process.argv.slice(2), '--budget') ?? (args.quick ? 50 : 480)),
    });
    sections.push(scaleRows(scale));
    console.log(`${sections.at(-1)}\n`);
  }
  header.push(
    `Load average at end: ${loadNow()}. Whole run: ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  );
  const body = [...header, '', ...sections.flatMap((s) => [s, ''])].join('\n');
  console.log(body);
  if (args.only === 'page' || args.only === 'json') return;
  writeResults(body);
  console.log(`\nWritten to ${RESULTS}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
