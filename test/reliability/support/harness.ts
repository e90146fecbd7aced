/**
 * What the reliability tests share: a seeded database, API tokens made with the real CLI
 * (`escalate token create`), and real server processes (`node bin/escalate.js serve`) that can
 * be killed and started again on the same port.
 */
import type { ChildProcess } from 'node:child_process';
import { loadPresets } from '../../../src/policies/index.js';
import { loadDemo } from '../../../src/services/demo.js';
import { listAgencies, listPeople } from '../../../src/services/people.js';
import { prepareStore } from '../../../src/services/setup.js';
import { openStore } from '../../../src/store/database.js';
import type { TestDatabase } from '../../support/database.js';
import { escalate, freePort, startProcess, stopProcess } from '../../support/process.js';

/** Someone who raises cases under the Bromley partnership policy, against social care. */
export interface Raiser {
  email: string;
  token: string;
  /** the agency they disagree with */
  otherAgencyId: string;
}

/** Migrates, loads the demo directory and makes a token (with the CLI) for each raiser. */
export async function seed(database: TestDatabase, raisers = 3): Promise<Raiser[]> {
  const store = openStore(database.config);
  let chosen: { email: string; otherAgencyId: string }[];
  try {
    await prepareStore(store);
    await loadDemo(store.db, loadPresets(), {
      withPasswords: false,
      now: new Date().toISOString(),
    });
    const agencies = await listAgencies(store.db);
    const socialCare = agencies.find(
      (a) => a.partnership === 'bscp' && a.sector === 'childrens-social-care',
    );
    if (!socialCare) throw new Error('the demo has no social care agency in bscp');
    const underPartnershipPolicy = new Set(
      agencies
        .filter((a) => a.policy === 'bromley-partnership' && a.id !== socialCare.id)
        .map((a) => a.id),
    );
    chosen = (await listPeople(store.db))
      .filter((p) => p.role === 'frontline' && underPartnershipPolicy.has(p.agency?.id ?? ''))
      .slice(0, raisers)
      .map((p) => ({ email: p.email, otherAgencyId: socialCare.id }));
  } finally {
    await store.close();
  }
  const result: Raiser[] = [];
  for (const person of chosen) {
    const made = await escalate(['token', 'create', '--email', person.email], {
      DATABASE_URL: database.url,
    });
    if (made.code !== 0) throw new Error(`token create failed: ${made.stderr}`);
    result.push({ ...person, token: made.stdout.trim() });
  }
  return result;
}

export interface ServerProcess {
  port: number;
  base: string;
  child: ChildProcess;
  output(): string;
}

/** Starts `escalate serve` on the port given (or a free one) and waits until it listens. */
export async function startServer(
  database: TestDatabase,
  env: Record<string, string>,
  port?: number,
): Promise<ServerProcess> {
  const chosen = port ?? (await freePort());
  const { child, output } = await startProcess(
    process.execPath,
    ['bin/escalate.js', 'serve', '--port', String(chosen)],
    { DATABASE_URL: database.url, NODE_ENV: 'test', LOG_LEVEL: 'error', ...env },
    /Escalate is running/,
    30_000,
  );
  return { port: chosen, base: `http://127.0.0.1:${chosen}`, child, output };
}

/** SIGKILL: no handler runs, nothing is flushed, as when the machine loses the process. */
export async function killServer(server: ServerProcess): Promise<void> {
  const exit = await stopProcess(server.child, 'SIGKILL');
  if (exit.signal !== 'SIGKILL' && exit.code === null) throw new Error('not killed');
}

export const isPostgres = (database: TestDatabase) => database.config.dialect === 'postgres';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const randomBetween = (min: number, max: number) =>
  Math.floor(min + Math.random() * (max - min));
