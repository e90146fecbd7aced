/**
 * Runs the background jobs in the app process: outbox delivery and the deadline sweeps, every
 * few seconds. Everything they need is in the database, so any instance may run them and a
 * restart loses nothing. `stop()` waits for the tick in progress, so leases are released.
 */
import type { FastifyBaseLogger } from 'fastify';
import { deliverDue } from '../notify/outbox.js';
import type { Transport } from '../notify/transports.js';
import type { Db } from '../store/database.js';
import { sweepDeadlines } from './deadlines.js';

export interface JobRunner {
  stop(): Promise<void>;
  /** one pass of every job now (tests, and the first tick) */
  tick(): Promise<void>;
}

export function startJobs(options: {
  db: Db;
  transport: Transport;
  baseUrl: string;
  log: FastifyBaseLogger;
  now?: () => Date;
  intervalMs?: number;
}): JobRunner {
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const tick = async () => {
    try {
      await sweepDeadlines(options.db, now());
      const report = await deliverDue({
        db: options.db,
        transport: options.transport,
        baseUrl: options.baseUrl,
        now,
      });
      if (report.sent + report.retrying + report.failed > 0)
        options.log.info({ outbox: report }, 'outbox delivery');
    } catch (error) {
      options.log.error({ err: error }, 'background jobs failed; trying again next tick');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, options.intervalMs ?? 5000);
    timer.unref();
  };
  schedule();
  return {
    tick: () => {
      running = running.then(tick);
      return running;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      options.transport.close?.();
    },
  };
}
