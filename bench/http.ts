/**
 * HTTP throughput and latency, start-up time and resident memory, each against the real
 * `escalate serve` process (the compiled app, as `npx escalate` runs it), a raw node:http
 * hello-world in its own process, and the case page's peer (bench/govuk-peer.ts: a bare GOV.UK
 * Nunjucks page on node:http), with the same load generator (autocannon) and connections.
 *
 * Longer than 300 lines because each row's server, its sign-in and its load are set up here,
 * beside the sampling (RSS, CPU time) that every row shares.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import autocannon, { type Result } from 'autocannon';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'escalate.js');
const run = promisify(execFile);
const CONNECTIONS = 50;

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** the largest VmRSS of the server seen during the load, in MB */
  rssMb?: number;
  /**
   * the server's CPU time (user and system, all its threads) per request answered, in ms: what a
   * request costs, which a machine shared with other work changes far less than req/s
   */
  cpuMsPerRequest?: number;
  note?: string;
}

export interface HttpResults {
  baseline: LoadResult;
  /** the bare GOV.UK Nunjucks page (bench/govuk-peer.ts): the case page's peer */
  peer: LoadResult;
  /** the baseline again after the app's runs, to show drift from the machine's load */
  baselineAfter: LoadResult;
  rows: LoadResult[];
  /** each start: wall-clock time to the first 200, and the server's CPU time by then */
  startup: { ms: number; cpuMs: number | undefined }[];
  connections: number;
  durationS: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('port')),
      );
    });
  });
}

export const PEER_ROW = 'bare GOV.UK Nunjucks page on node:http (peer)';
export const CASE_PAGE_ROW = 'GET /cases/{id} (page, signed in)';
export const DEVELOPMENT_PAGE_ROW = 'GET /cases/{id} (page, development mode)';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  throw new Error(`${url}/healthz did not answer within ${timeoutMs} ms`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    // a profiled server (BENCH_SERVER_NODE_ARGS) writes its profile as it exits: time for that
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}

function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The CPU time a process has used so far (user and system, every thread), in ms. */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // the fields after the command's name, which is in parentheses and may hold spaces
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are the stat file's 14th and 15th fields, in clock ticks (USER_HZ, 100)
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

interface Target {
  name: string;
  url: string;
  path: string | (() => string);
  headers?: Record<string, string>;
  pid?: number;
}

async function load(target: Target, durationS: number): Promise<LoadResult> {
  const pathOf = typeof target.path === 'string' ? () => target.path as string : target.path;
  const options = {
    url: target.url,
    connections: CONNECTIONS,
    headers: target.headers ?? {},
    requests: [{ method: 'GET', setupRequest: (req: object) => ({ ...req, path: pathOf() }) }],
  };
  await autocannon({ ...options, duration: 1 }); // warm-up: JIT, caches, connections
  let peak = rssMb(target.pid) ?? 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(target.pid) ?? 0);
  }, 100);
  let result: Result;
  const cpuBefore = cpuMs(target.pid);
  try {
    result = await autocannon({ ...options, duration: durationS });
  } finally {
    clearInterval(sampler);
  }
  const cpuAfter = cpuMs(target.pid);
  return {
    name: target.name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    rssMb: target.pid === undefined ? undefined : peak,
    cpuMsPerRequest:
      cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0
        ? undefined
        : (cpuAfter - cpuBefore) / result.requests.total,
  };
}

const HELLO = `require('node:http').createServer((req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end('hello world');
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));`;

/** The peer page's server, compiled beside this file. */
const PEER = join(import.meta.dirname, 'govuk-peer.js');

const withBaseline = <T>(fn: (url: string, pid: number | undefined) => Promise<T>) =>
  withServer(['-e', HELLO], fn);

/** Runs `node ARGS` (a server listening on PORT) for as long as `fn` takes. */
async function withServer<T>(
  args: string[],
  fn: (url: string, pid: number | undefined) => Promise<T>,
) {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = performance.now() + 10_000;
    for (;;) {
      try {
        await fetch(url);
        break;
      } catch {
        if (performance.now() > deadline)
          throw new Error(`node ${args[0]}: the server did not start`);
        await sleep(10);
      }
    }
    return await fn(url, child.pid);
  } finally {
    await stop(child);
  }
}

function serverEnv(folder: string, port: number, extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(folder, 'escalate.db')}`,
    NODE_ENV: 'production',
    PORT: String(port),
    // production refuses a BASE_URL that is not https:// (it is only the links in e-mails here)
    BASE_URL: `https://localhost:${port}`,
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123456789',
    TOTP_ENCRYPTION_KEY: 'be'.repeat(32),
    ...extra,
  };
  delete env.SMTP_URL;
  delete env.NOTIFY_API_KEY;
  return env;
}

async function escalate(folder: string, args: string[], env: NodeJS.ProcessEnv) {
  const { stdout } = await run(process.execPath, [BIN, ...args], {
    cwd: folder,
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** The Node flags `escalate` runs with (the heap's sizes, on its first line), so the server is measured as it runs. */
const ESCALATE_NODE_ARGS = (readFileSync(BIN, 'utf8').split('\n')[0] ?? '')
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

function startServe(folder: string, env: NodeJS.ProcessEnv): ChildProcess {
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the server
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return spawn(process.execPath, [...ESCALATE_NODE_ARGS, ...nodeArgs, BIN, 'serve'], {
    cwd: folder,
    env,
    stdio: 'ignore',
  });
}

/** Spawn to first 200 from /healthz on an empty SQLite database (migrations included). */
export async function measureStartup(
  times: number,
): Promise<{ ms: number; cpuMs: number | undefined }[]> {
  const results: { ms: number; cpuMs: number | undefined }[] = [];
  for (let i = 0; i < times; i++) {
    const folder = mkdtempSync(join(tmpdir(), 'escalate-bench-start-'));
    const port = await freePort();
    const started = performance.now();
    const child = startServe(folder, serverEnv(folder, port));
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, child);
      // the CPU time is what a busy machine changes little: the wall-clock time waits for cores
      results.push({ ms: performance.now() - started, cpuMs: cpuMs(child.pid) });
    } finally {
      await stop(child);
      rmSync(folder, { recursive: true, force: true });
    }
  }
  return results;
}

const raiseBody = (agencyId: string, i: number) => ({
  children: [
    { name: `Child ${i} (fictional)`, childProtectionPlan: i % 3 === 0, lookedAfter: false },
  ],
  agencies: [agencyId],
  category: 'need-for-action',
  disagreement: 'The school believes a strategy discussion is needed; social care closed it.',
  evidence: { nature: 'Repeated bruising seen by staff', source: 'Class teacher records' },
  actionsToDate: 'Referral made; telephone call with the duty social worker.',
  outcomeSought: 'A strategy discussion within two working days.',
  immediateRisk: false,
});

interface PersonJson {
  id: string;
  email: string;
  role: string;
  partnership: string;
  agency: { id: string; name: string; sector: string } | null;
}

/** Signs in through the page's form (CSRF token and cookie), if the pages exist. */
async function signIn(url: string, email: string, password: string): Promise<string | undefined> {
  const page = await fetch(`${url}/sign-in`);
  if (page.status !== 200) return undefined;
  const html = await page.text();
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = /name="_csrf"\s+value="([^"]+)"/.exec(html)?.[1];
  const form = new URLSearchParams({ email, password });
  if (csrf) form.set('_csrf', csrf);
  const answer = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: form,
  });
  if (answer.status >= 400) return undefined;
  const session = answer.headers.getSetCookie().map((c) => c.split(';')[0]);
  const jar = new Map<string, string>();
  for (const c of [...cookies, ...session]) {
    const [name] = (c ?? '').split('=');
    if (name && c) jar.set(name, c);
  }
  return [...jar.values()].join('; ');
}

/** The signed-in case page, for the cases `ids`, as the frontline worker who raised them. */
async function casePageRow(
  name: string,
  url: string,
  email: string,
  ids: string[],
  pid: number | undefined,
  durationS: number,
): Promise<LoadResult> {
  const cookie = await signIn(url, email, 'escalate-demo-2026').catch(() => undefined);
  const probe = cookie
    ? await fetch(`${url}/cases/${ids[0]}`, { headers: { cookie }, redirect: 'manual' })
    : undefined;
  if (!cookie || probe?.status !== 200) {
    return {
      name,
      requestsPerSecond: Number.NaN,
      p50: Number.NaN,
      p99: Number.NaN,
      non2xx: 0,
      errors: 0,
      note: `could not sign in (GET /sign-in then /cases/{id}: ${probe?.status ?? 'no sign-in'})`,
    };
  }
  let next = 0;
  const path = () => `/cases/${ids[next++ % ids.length]}`;
  return load({ name, url, path, headers: { cookie }, pid }, durationS);
}

export async function runHttp(options: {
  durationS: number;
  cases: number;
  /** one row only, beside the baseline and the peer (`--only page|json`, to profile it) */
  row?: 'page' | 'json';
}): Promise<HttpResults> {
  const { durationS, row } = options;
  const baseline = await withBaseline((url, pid) =>
    load({ name: 'node:http hello-world (baseline)', url, path: '/', pid }, durationS),
  );
  let peerCase = 0;
  const peer = await withServer([PEER], (url, pid) =>
    load({ name: PEER_ROW, url, path: () => `/cases/${peerCase++ % 50}`, pid }, durationS),
  );

  const folder = mkdtempSync(join(tmpdir(), 'escalate-bench-http-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // the demo gets its passwords outside production, so the case page can be signed in to
  const setupEnv = serverEnv(folder, port, { NODE_ENV: 'development' });
  const rows: LoadResult[] = [];
  let child: ChildProcess | undefined;
  try {
    await escalate(folder, ['db', 'migrate'], setupEnv);
    await escalate(folder, ['demo'], setupEnv);
    const people = JSON.parse(
      await escalate(folder, ['people', 'list', '--json'], setupEnv),
    ) as PersonJson[];
    const teacher = people.find(
      (p) => p.role === 'frontline' && p.agency?.name.includes('Hillcrest Primary School'),
    );
    const csc = people.find(
      (p) => p.partnership === 'bscp' && p.agency?.sector === 'childrens-social-care',
    );
    if (!teacher || !csc?.agency) throw new Error('the demo has no Hillcrest teacher or CSC');
    const token = (await escalate(folder, ['token', 'create', '--email', teacher.email], setupEnv))
      .trim()
      .split(/\s+/)
      .find((word) => word.startsWith('esc_'));
    if (!token) throw new Error('no token printed');

    child = startServe(folder, serverEnv(folder, port));
    await waitForHealth(url, child);
    const auth = { authorization: `Bearer ${token}` };
    const ids: string[] = [];
    for (let i = 0; i < options.cases; i++) {
      const response = await fetch(`${url}/api/v1/cases`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(raiseBody(csc.agency.id, i)),
      });
      if (response.status !== 201) throw new Error(`raise: ${response.status}`);
      ids.push(((await response.json()) as { id: string }).id);
    }
    let next = 0;
    const casePath = () => `/api/v1/cases/${ids[next++ % ids.length]}`;
    const pid = child.pid;

    if (!row)
      rows.push(await load({ name: 'GET /healthz', url, path: '/healthz', pid }, durationS));
    if (row !== 'page') {
      rows.push(
        await load(
          { name: 'GET /api/v1/cases/{id} (JSON, token)', url, path: casePath, headers: auth, pid },
          durationS,
        ),
      );
    }
    if (row !== 'json') {
      rows.push(await casePageRow(CASE_PAGE_ROW, url, teacher.email, ids, pid, durationS));
    }
    if (!row) {
      // the same page from the server `npm start` runs (development mode)
      await stop(child);
      child = startServe(folder, setupEnv);
      await waitForHealth(url, child);
      rows.push(
        await casePageRow(DEVELOPMENT_PAGE_ROW, url, teacher.email, ids, child.pid, durationS),
      );
    }
  } finally {
    if (child) await stop(child);
    rmSync(folder, { recursive: true, force: true });
  }
  const baselineAfter = await withBaseline((u, pid) =>
    load({ name: 'node:http hello-world (baseline, again)', url: u, path: '/', pid }, durationS),
  );
  return {
    baseline,
    peer,
    baselineAfter,
    rows,
    startup: row ? [] : await measureStartup(3),
    connections: CONNECTIONS,
    durationS,
  };
}
