/**
 * Scale: the same generated history on SQLite and PostgreSQL, grown step by step (10,000 then
 * 100,000 then 1,000,000 cases), timing at each step what grows with history: the overdue
 * sweep's query, the dashboard figures, the case list, reading and raising a case.
 *
 * Longer than 300 lines because one run holds it all together: the two databases' set-up, the
 * steps of growth within a budget, the measurements after each, and the tables they print.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../src/config.js';
import { loadPresets } from '../src/policies/index.js';
import { agencyPairs, partnershipFigures } from '../src/reports/figures/index.js';
import { presetPeriod } from '../src/reports/period.js';
import { raiseCase, readCase } from '../src/services/cases/index.js';
import { type CaseListFilters, listCases } from '../src/services/list-cases.js';
import type { Actor } from '../src/services/people.js';
import { prepareStore } from '../src/services/setup.js';
import { openStore, type Store } from '../src/store/database.js';
import { verifyCase } from '../src/store/event-store.js';
import { fillFigureRollups } from '../src/store/migrations/014-figure-rollups.js';
import { type Directory, directory, sqliteWriter } from './generate.js';
import { Feed, PgWorker } from './load.js';
import { ms, type Timing, table, time } from './stats.js';

type DbName = 'sqlite' | 'postgres';

export interface Measurement {
  metric: string;
  db: DbName;
  /** cases in the database -> timing */
  bySize: Map<number, Timing>;
  /** which figure of the timing the goal is about */
  stat: 'p50' | 'p99';
  goalMs?: number;
  /** where RESULTS.md says what bounds it, printed when the goal is not met */
  bound?: string;
  detail?: string;
}

export interface ScaleResults {
  sizes: number[];
  measurements: Measurement[];
  generation: { db: DbName; size: number; seconds: number; events: number; bytes?: number }[];
  /** what the database holds at the largest step, table by table (issue 20: size per case) */
  tables: { db: DbName; size: number; tables: TableSize[] }[];
  notes: string[];
}

/** One table's share of the database: its rows (with PostgreSQL's TOAST) and its indexes. */
export interface TableSize {
  table: string;
  dataBytes: number;
  indexBytes: number;
}

interface Target {
  name: DbName;
  store: Store;
  size(): number | undefined;
  /** sets the database up for a load step (the SQLite app connection is closed meanwhile) */
  beginLoad(): Promise<void>;
  /** puts back what beginLoad set aside: indexes, journal, the app's connection */
  endLoad(): Promise<void>;
  /** refreshes what size() answers, after a load step */
  analyse?: () => Promise<void>;
  /** each table's rows and indexes, in bytes */
  tableSizes(): Promise<TableSize[]>;
  drop(): Promise<void>;
}

async function sqliteTarget(): Promise<Target & { writer: ReturnType<typeof sqliteWriter> }> {
  const folder = mkdtempSync(join(tmpdir(), 'escalate-bench-scale-'));
  const file = join(folder, 'escalate.db');
  const config: DatabaseConfig = { dialect: 'sqlite', file, url: `sqlite:${file}` };
  const first = openStore(config);
  await prepareStore(first);
  await first.close();
  const writer = sqliteWriter(file);
  const target = {
    name: 'sqlite' as const,
    store: undefined as unknown as Store,
    writer,
    size: () => {
      let bytes = 0;
      for (const f of [file, `${file}-wal`]) {
        try {
          bytes += statSync(f).size;
        } catch {
          // no WAL
        }
      }
      return bytes;
    },
    async beginLoad() {
      await target.store?.close();
      writer.beginLoad();
    },
    async endLoad() {
      writer.endLoad();
      target.store = openStore(config);
    },
    // SQLite's dbstat: the pages of each b-tree (a table, or an index on its table)
    tableSizes: async () => {
      const r = await sql<{ tbl: string; isIndex: number; bytes: number }>`
        select m.tbl_name as tbl, m.type = 'index' as "isIndex", sum(s.pgsize) as bytes
        from dbstat s join sqlite_schema m on m.name = s.name
        group by m.tbl_name, m.type = 'index'`.execute(target.store.db);
      const sizes = new Map<string, TableSize>();
      for (const row of r.rows) {
        const entry = sizes.get(row.tbl) ?? { table: row.tbl, dataBytes: 0, indexBytes: 0 };
        if (row.isIndex) entry.indexBytes += Number(row.bytes);
        else entry.dataBytes += Number(row.bytes);
        sizes.set(row.tbl, entry);
      }
      return [...sizes.values()];
    },
    drop: async () => {
      await target.store?.close();
      await writer.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
  return target;
}

async function postgresTarget(serverUrl: string): Promise<Target & { worker: PgWorker }> {
  const name = `escalate_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const store = openStore({ dialect: 'postgres', url: url.toString() });
  await prepareStore(store);
  const worker = new PgWorker(url.toString());
  let bytes: number | undefined;
  return {
    name: 'postgres',
    store,
    worker,
    size: () => bytes,
    beginLoad: () => worker.call('begin'),
    endLoad: () => worker.call('end'),
    drop: async () => {
      await worker.close();
      await store.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
    tableSizes: async () => {
      const r = await sql<{ tbl: string; data: string; indexes: string }>`
        select c.relname as tbl, pg_table_size(c.oid) as data, pg_indexes_size(c.oid) as indexes
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind = 'r'`.execute(store.db);
      return r.rows.map((row) => ({
        table: row.tbl,
        dataBytes: Number(row.data),
        indexBytes: Number(row.indexes),
      }));
    },
    analyse: async () => {
      const r = await sql<{
        size: string;
      }>`select pg_database_size(current_database()) as size`.execute(store.db);
      bytes = Number(r.rows[0]?.size);
    },
  };
}

/**
 * The dashboard's roll-ups (migration 014), which the commands keep but a bulk load does not:
 * made again from the loaded projections by the migration's own backfill SQL.
 */
async function fillRollups(target: Target): Promise<void> {
  await target.store.db.transaction().execute((trx) => fillFigureRollups(trx));
}

/**
 * What autovacuum would have done after a bulk load: statistics, and the visibility map of the
 * tables the measured queries read by index-only scans (PostgreSQL 13+ vacuums insert-only
 * tables too). Without it every index entry costs a heap fetch: the national agency pairs took
 * 417 ms at 760,000 cases when case_agencies was only analysed.
 */
async function settle(target: Target): Promise<void> {
  if (target.name !== 'postgres') return;
  for (const table of [
    'cases',
    'case_stages',
    'case_agencies',
    'case_participants',
    'stage_spell_months',
    'outcome_months',
  ]) {
    await sql`VACUUM (ANALYZE) ${sql.table(table)}`.execute(target.store.db);
  }
  await sql`ANALYZE events`.execute(target.store.db);
  await sql`ANALYZE event_personal`.execute(target.store.db);
  await sql`ANALYZE people`.execute(target.store.db);
  await target.analyse?.();
}

/** The two selects of src/jobs/deadlines.ts sweepDeadlines, as they are there. */
async function sweepQueries(store: Store, now: string): Promise<number> {
  let found = 0;
  const jobs = [
    ['reminder', 'remind_at_utc', 'reminded_for'],
    ['overdue', 'due_at_utc', 'overdue_prompted_for'],
  ] as const;
  for (const [sweep, when, doneFor] of jobs) {
    let query = store.db
      .selectFrom('cases')
      .select(['id', 'due_at_utc'])
      .where('status', '=', 'open')
      .where(when, '<=', now);
    if (sweep === 'reminder') query = query.where('due_at_utc', '>', now);
    const owed = await query
      .where((eb) => eb.or([eb(doneFor, 'is', null), eb(doneFor, '!=', eb.ref('due_at_utc'))]))
      .limit(500)
      .execute();
    found += owed.length;
  }
  return found;
}

function actor(dir: Directory, role: 'team' | 'manager' | 'frontline', index = 0): Actor {
  const p = dir.partnerships[0] as Directory['partnerships'][number];
  const agency = p.agencies[
    index % p.agencies.length
  ] as Directory['partnerships'][number]['agencies'][number];
  const personId =
    role === 'team'
      ? p.team
      : role === 'manager'
        ? agency.manager
        : (agency.frontline[0] as string);
  return {
    personId,
    email: `${role}@${p.key}.example`,
    name: role,
    role: role === 'team' ? 'partnership-team' : role,
    agencyId: role === 'team' ? null : agency.id,
    partnershipId: p.id,
  };
}

const RAISE = {
  type: 'raise' as const,
  children: [
    {
      name: 'Child B (fictional)',
      childProtectionPlan: false,
      lookedAfter: false,
      childInNeed: false,
    },
  ],
  category: 'need-for-action' as const,
  disagreement: 'The school believes a strategy discussion is needed; social care closed it.',
  evidence: { nature: 'Repeated bruising seen by staff', source: 'Class teacher records' },
  actionsToDate: 'Referral made; telephone call with the duty social worker.',
  outcomeSought: 'A strategy discussion within two working days.',
  immediateRisk: false,
};

async function measure(
  target: Target,
  dir: Directory,
  quick: boolean,
): Promise<
  {
    metric: string;
    timing: Timing;
    stat: 'p50' | 'p99';
    goalMs?: number;
    /** where RESULTS.md says what bounds it, printed when the goal is not met */
    bound?: string;
    detail?: string;
  }[]
> {
  const { store } = target;
  const deps = { db: store.db, now: () => new Date() };
  const out: Awaited<ReturnType<typeof measure>> = [];
  const opts = { minRuns: quick ? 10 : 20, minMs: quick ? 200 : 500 };
  const now = new Date();

  out.push({
    metric: 'overdue sweep query (both selects)',
    timing: await time(() => sweepQueries(store, now.toISOString()), opts),
    stat: 'p50',
    goalMs: 50,
  });
  const p0 = (dir.partnerships[0] as Directory['partnerships'][number]).id;
  const filters = { period: presetPeriod('last-12-months', now) };
  out.push({
    metric: 'dashboard figures, one partnership',
    timing: await time(
      () => partnershipFigures(store.db, { partnershipId: p0 }, filters, now),
      opts,
    ),
    stat: 'p50',
    goalMs: 500,
  });
  out.push({
    metric: 'dashboard figures, all partnerships',
    timing: await time(() => partnershipFigures(store.db, {}, filters, now), opts),
    stat: 'p50',
    goalMs: 500,
    bound: 'see "Session 20", 1,000,000 cases: the agency pairs',
  });
  // the same figures counted from the projections alone, as before migration 014: what the
  // roll-ups buy, measured in the same run (fewer runs: it grows with a year's national cases)
  out.push({
    metric: 'dashboard figures, all partnerships, direct (no roll-ups)',
    timing: await time(() => partnershipFigures(store.db, {}, filters, now, { direct: true }), {
      minRuns: 5,
      minMs: 0,
    }),
    stat: 'p50',
  });
  // the one national figure not rolled up (README, "Agency pairs are not rolled up")
  out.push({
    metric: 'of which agency pairs, all partnerships',
    timing: await time(() => agencyPairs(store.db, {}, filters), { minRuns: 5, minMs: 0 }),
    stat: 'p50',
  });
  const team = actor(dir, 'team');
  const filterSets: [string, CaseListFilters][] = [
    ['none', {}],
    ['status=open', { status: 'open' }],
    ['overdue=true', { overdue: true }],
    ['stage=2', { stage: 2 }],
  ];
  let worst: { name: string; timing: Timing } | undefined;
  for (const [name, filters] of filterSets) {
    const timing = await time(() => listCases(deps, team, filters), opts);
    if (!worst || timing.p50 > worst.timing.p50) worst = { name, timing };
  }
  if (worst) {
    out.push({
      metric: 'case list, partnership team (slowest of 4 filters)',
      timing: worst.timing,
      stat: 'p50',
      detail: worst.name,
    });
  }
  const manager = actor(dir, 'manager', 4);
  out.push({
    metric: 'case list, agency manager (participants + reports)',
    timing: await time(() => listCases(deps, manager, {}), opts),
    stat: 'p50',
  });
  const sample = await store.db
    .selectFrom('cases')
    .select('id')
    .where('partnership_id', '=', p0)
    .limit(50)
    .execute();
  let k = 0;
  out.push({
    metric: 'case read (readCase, team; logs the read)',
    timing: await time(
      () => readCase(deps, team, sample[k++ % sample.length]?.id as string, 'api'),
      opts,
    ),
    stat: 'p50',
  });
  const raiser = actor(dir, 'frontline', 0);
  const p = dir.partnerships[0] as Directory['partnerships'][number];
  const otherAgency = (p.agencies[4] as Directory['partnerships'][number]['agencies'][number]).id;
  out.push({
    metric: 'raise a case (raiseCase)',
    timing: await time(
      () => raiseCase(deps, raiser, { ...RAISE, agencies: [otherAgency] }, 'api'),
      { warmup: 3, minRuns: quick ? 100 : 200, maxRuns: quick ? 100 : 200, minMs: 0 },
    ),
    stat: 'p99',
  });
  // the generated chains verify, as `escalate audit verify` checks them
  for (const { id } of sample.slice(0, 10)) {
    const check = await verifyCase(store.db, id);
    if (!check.ok) throw new Error(`generated case ${id} does not verify: ${check.problem}`);
  }
  return out;
}

export async function runScale(options: {
  dbs: DbName[];
  sizes: number[];
  quick: boolean;
  /** seconds the generation may take in all */
  budgetS: number;
}): Promise<ScaleResults> {
  const results: ScaleResults = {
    sizes: [...options.sizes],
    measurements: [],
    generation: [],
    tables: [],
    notes: [],
  };
  const nowMs = Date.now();
  const dir = directory(loadPresets(), 150, new Date(nowMs));
  let sqliteT: Awaited<ReturnType<typeof sqliteTarget>> | undefined;
  let pgT: Awaited<ReturnType<typeof postgresTarget>> | undefined;
  const targets: Target[] = [];
  let feed: Feed | undefined;
  try {
    for (const name of options.dbs) {
      if (name === 'sqlite') {
        sqliteT = await sqliteTarget();
        targets.push(sqliteT);
      } else {
        pgT = await postgresTarget(process.env.DATABASE_URL as string);
        targets.push(pgT);
      }
    }
    await sqliteT?.writer.directory(dir.rows);
    await pgT?.worker.call('directory', { rows: dir.rows });
    feed = await Feed.start(dir, nowMs, sqliteT?.writer, pgT?.worker);
    console.log(
      `Scale: ${dir.rows.partnerships.length} partnerships, ${dir.rows.agencies.length} agencies, ${dir.rows.people.length} people`,
    );
    const byKey = new Map<string, Measurement>();
    const begun = performance.now();
    let rate = Number.POSITIVE_INFINITY; // cases a second, from the last step
    let generated = 0;
    for (const asked of options.sizes) {
      // generate as many as fit in what is left of the budget (a 2-core machine, shared)
      const left = options.budgetS - (performance.now() - begun) / 1000;
      const fits = generated + Math.floor((rate * left) / 10_000) * 10_000;
      const size = Math.max(generated + 10_000, Math.min(asked, fits));
      if (size < asked) {
        results.notes.push(
          `Asked for ${asked.toLocaleString('en-GB')} cases; at the ${rate.toFixed(0)} cases/s of the step before, ${size.toLocaleString('en-GB')} fitted the ${options.budgetS} s generation budget, so the last column is ${size.toLocaleString('en-GB')} cases.`,
        );
        results.sizes[results.sizes.indexOf(asked)] = size;
      }
      const started = performance.now();
      for (const target of targets) await target.beginLoad();
      const { events } = await feed.grow(size, pgT?.worker);
      const loaded = performance.now();
      for (const target of targets) await target.endLoad();
      const rolling = performance.now();
      for (const target of targets) await fillRollups(target);
      console.log(`  roll-ups filled in ${((performance.now() - rolling) / 1000).toFixed(1)} s`);
      for (const target of targets) await settle(target);
      const seconds = (performance.now() - started) / 1000;
      rate = (size - generated) / ((loaded - started) / 1000);
      generated = size;
      for (const target of targets) {
        results.generation.push({
          db: target.name,
          size,
          seconds,
          events,
          bytes: target.size(),
        });
      }
      console.log(
        `  ${size} cases, ${events} events loaded in ${((loaded - started) / 1000).toFixed(0)} s, indexed and analysed in ${((performance.now() - loaded) / 1000).toFixed(0)} s (${options.dbs.join(' + ')})`,
      );
      for (const target of targets) {
        for (const m of await measure(target, dir, options.quick)) {
          const key = `${target.name}:${m.metric}`;
          let entry = byKey.get(key);
          if (!entry) {
            entry = {
              metric: m.metric,
              db: target.name,
              bySize: new Map(),
              stat: m.stat,
              goalMs: m.goalMs,
              bound: m.bound,
            };
            byKey.set(key, entry);
            results.measurements.push(entry);
          }
          entry.bySize.set(size, m.timing);
          if (m.detail) entry.detail = m.detail;
          console.log(
            `    ${target.name.padEnd(8)} ${m.metric}: p50 ${ms(m.timing.p50)} ms, p99 ${ms(m.timing.p99)} ms`,
          );
        }
      }
    }
    for (const target of targets) {
      results.tables.push({ db: target.name, size: generated, tables: await target.tableSizes() });
    }
  } finally {
    await feed?.close().catch(() => {});
    for (const target of targets) await target.drop().catch(() => {});
  }
  return results;
}

function growth(first: number, last: number, factor: number): string {
  const ratio = last / first;
  const label =
    ratio < 1.5
      ? 'flat'
      : ratio < Math.sqrt(factor)
        ? 'sub-linear'
        : ratio < factor / 2
          ? 'super-log'
          : 'LINEAR';
  return `x${ratio.toFixed(1)} ${label}`;
}

export function scaleRows(results: ScaleResults): string {
  const sizes = results.sizes;
  const headers = [
    'metric',
    'db',
    'stat',
    ...sizes.map((s) => `${s.toLocaleString('en-GB')} cases`),
    'growth',
    'goal',
    'met',
  ];
  const rows = results.measurements.map((m) => {
    const values = sizes.map((s) => m.bySize.get(s)?.[m.stat] ?? Number.NaN);
    const first = values[0] ?? Number.NaN;
    const last = values[values.length - 1] ?? Number.NaN;
    const factor = (sizes[sizes.length - 1] ?? 1) / (sizes[0] ?? 1);
    const met =
      m.goalMs === undefined
        ? ''
        : values.every((v) => v < (m.goalMs as number))
          ? 'yes'
          : m.bound
            ? `NO (${m.bound})`
            : 'NO';
    return [
      m.detail ? `${m.metric} [${m.detail}]` : m.metric,
      m.db,
      `${m.stat} ms`,
      ...values.map((v) => ms(v)),
      sizes.length > 1 ? growth(first, last, factor) : '',
      m.goalMs === undefined ? '' : `< ${m.goalMs} ms`,
      met,
    ];
  });
  const generation = results.generation.map((g) => [
    g.db,
    g.size.toLocaleString('en-GB'),
    g.events.toLocaleString('en-GB'),
    `${g.seconds.toFixed(0)} s`,
    g.bytes === undefined ? '' : `${(g.bytes / 2 ** 20).toFixed(0)} MB`,
  ]);
  return [
    "Scale: generated history (150 partnerships, 1,500 agencies, 12,300 people; cases over ten years, about ten events each). Times are per call, through the app's own Kysely code.",
    '',
    table(headers, rows),
    '',
    table(['db', 'cases', 'events', 'load step took', 'database size'], generation),
    ...results.notes,
    ...tablesPerCase(results.tables),
  ].join('\n');
}

/**
 * What one case takes, table by table, at the largest step: the rows' and the indexes' bytes over
 * the number of cases, largest first; the tables under 1 % of the database are summed in one row.
 */
function tablesPerCase(measured: ScaleResults['tables']): string[] {
  if (measured.length === 0) return [];
  const kb = (bytes: number, cases: number) => (bytes / cases / 1024).toFixed(2);
  const rows: string[][] = [];
  for (const { db, size, tables } of measured) {
    const total = tables.reduce((sum, t) => sum + t.dataBytes + t.indexBytes, 0);
    const sorted = [...tables].sort(
      (a, b) => b.dataBytes + b.indexBytes - (a.dataBytes + a.indexBytes),
    );
    const large = sorted.filter((t) => t.dataBytes + t.indexBytes >= total / 100);
    const small = sorted.filter((t) => t.dataBytes + t.indexBytes < total / 100);
    const others: TableSize = {
      table: `${small.length} other tables`,
      dataBytes: small.reduce((sum, t) => sum + t.dataBytes, 0),
      indexBytes: small.reduce((sum, t) => sum + t.indexBytes, 0),
    };
    for (const t of [...large, others]) {
      rows.push([
        db,
        t.table,
        kb(t.dataBytes, size),
        kb(t.indexBytes, size),
        kb(t.dataBytes + t.indexBytes, size),
        `${((100 * (t.dataBytes + t.indexBytes)) / total).toFixed(0)} %`,
      ]);
    }
    rows.push([db, 'all', '', '', kb(total, size), '100 %']);
  }
  return [
    '',
    `What one case takes, at ${measured[0]?.size.toLocaleString('en-GB')} cases (each table's bytes over the number of cases; an event row, its personal part and its links are a case's history):`,
    '',
    table(['db', 'table', 'rows KB/case', 'indexes KB/case', 'KB/case', 'of the database'], rows),
  ];
}
