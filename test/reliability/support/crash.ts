/**
 * The crash scenario: a real server process under a load of concurrent commands is killed with
 * SIGKILL at a random moment, started again on the same port, and checked; `kills` times.
 * Requests cut off by a kill (connection refused or reset) are unacknowledged writes: counted,
 * never an error; only an acknowledged command missing, a half-command or a broken chain fails.
 */
import type { TestDatabase } from '../../support/database.js';
import {
  killServer,
  type Raiser,
  randomBetween,
  type ServerProcess,
  sleep,
  startServer,
} from './harness.js';
import { auditVerify, checkApi, checkDatabase } from './invariants.js';
import { type Ack, runLoad } from './load.js';

export interface CrashReport {
  kills: number;
  acknowledged: number;
  networkFailures: number;
  unexpected: { status: number; detail: string }[];
  problems: string[];
  cases: number;
  events: number;
  auditFailures: string[];
}

export async function crashRounds(options: {
  database: TestDatabase;
  raisers: Raiser[];
  kills: number;
  workers: number;
  env: Record<string, string>;
  /** how long the load runs before each kill, in ms, once `ackedBeforeKill` acknowledgements came */
  runFor: [number, number];
  /**
   * acknowledgements to wait for in each round (up to a minute) before the random wait for the
   * kill starts: on a loaded machine a restarted server can take a while to answer at all, and
   * a kill before it has acknowledged anything checks nothing new
   */
  ackedBeforeKill?: number;
  /** check through the API after every `apiEvery` kills (and after the last) */
  apiEvery?: number;
  log?: (line: string) => void;
}): Promise<CrashReport> {
  const report: CrashReport = {
    kills: 0,
    acknowledged: 0,
    networkFailures: 0,
    unexpected: [],
    problems: [],
    cases: 0,
    events: 0,
    auditFailures: [],
  };
  const acks: Ack[] = [];
  let server: ServerProcess = await startServer(options.database, options.env);
  try {
    for (let round = 1; round <= options.kills; round++) {
      let stopped = false;
      let acked = 0;
      let ended = false;
      const load = runLoad({
        raisers: options.raisers,
        workers: options.workers,
        pick: () => server.base,
        stop: () => stopped,
        onAck: () => acked++,
      });
      void load.finally(() => {
        ended = true;
      });
      const waitUntil = Date.now() + 60_000;
      while (acked < (options.ackedBeforeKill ?? 0) && !ended && Date.now() < waitUntil)
        await sleep(20);
      await sleep(randomBetween(...options.runFor));
      await killServer(server);
      report.kills++;
      stopped = true;
      const result = await load;
      acks.push(...result.acks);
      report.networkFailures += result.networkFailures;
      report.unexpected.push(...result.unexpected);

      server = await startServer(options.database, options.env, server.port);
      const check = await checkDatabase(options.database, acks);
      report.problems.push(...check.problems);
      report.cases = check.cases;
      report.events = check.events;
      const last = round === options.kills;
      if (last || round % (options.apiEvery ?? 1) === 0)
        report.problems.push(...(await checkApi(server.base, options.raisers, acks)));
      const audit = await auditVerify(options.database);
      if (audit.code !== 0) report.auditFailures.push(`after kill ${round}: ${audit.stderr}`);
      options.log?.(
        `kill ${round}: ${result.acks.length} acknowledged this round (${acks.length} in all, each re-checked), ${check.cases} cases, ${check.events} events, ${check.problems.length} problems`,
      );
      if (report.problems.length > 0 || report.auditFailures.length > 0) break;
    }
  } finally {
    await killServer(server);
  }
  report.acknowledged = acks.length;
  return report;
}
