/**
 * Runs the background jobs in the app process: the deadline sweeps, policy review reminders,
 * the retention rule, the read alert and outbox delivery, at start and then every few seconds. Everything they need is in the
 * database, so any instance may run them and a restart loses nothing. `stop()` waits for the
 * tick in progress, so leases are released.
 */
import type { FastifyBaseLogger } from 'fastify';
import { deliverDue } from '../notify/outbox.js';
import type { Transport } from '../notify/transports.js';
import { applyRetention } from '../services/retention.js';
import type { Db } from '../store/database.js';
import { sweepAcknowledgements } from './acknowledgements.js';
import { sweepActionPlans } from './action-plans.js';
import { sweepDeadlines } from './deadlines.js';
import { sweepPolicyReviews } from './policy-reviews.js';
import { READ_ALERT_DEFAULT_CASES_PER_HOUR, sweepReadAlerts } from './read-alerts.js';

export interface JobRunner {
  stop(): Promise<void>;
  /** one pass of every job now (tests) */
  tick(): Promise<void>;
}

export interface JobOptions {
  db: Db;
  transport: Transport;
  baseUrl: string;
  log: FastifyBaseLogger;
  now?: () => Date;
  /** between ticks (JOB_INTERVAL_MS); default 5000 */
  intervalMs?: number;
  /** how long a claim on a notification lasts (OUTBOX_LEASE_SECONDS) */
  leaseSeconds?: number;
  /** the most one send may take before its connection is closed (OUTBOX_SEND_DEADLINE_SECONDS) */
  sendDeadlineSeconds?: number;
  /** the first retry's delay (OUTBOX_RETRY_SECONDS) */
  retryBaseSeconds?: number;
  /** the read alert's threshold (READ_ALERT_CASES_PER_HOUR) */
  readAlertCasesPerHour?: number;
}

/** Policy review dates are days apart: looking once an hour is plenty. */
const POLICY_REVIEW_EVERY_MS = 3600_000;

/** The retention rule counts in years: once an hour, unless the last look left some waiting. */
const RETENTION_EVERY_MS = 3600_000;
/** Cases removed per tick, so the sweeps and deliveries behind it are not held up. */
const RETENTION_BATCH = 50;

/** The read alert looks at the last hour's reads once a minute. */
const READ_ALERT_EVERY_MS = 60_000;

export function startJobs(options: JobOptions): JobRunner {
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let reviewsLookedAt: number | undefined;
  let retentionLookedAt: number | undefined;
  let readsLookedAt: number | undefined;

  const reviewPolicies = async () => {
    const at = now().getTime();
    if (reviewsLookedAt !== undefined && at - reviewsLookedAt < POLICY_REVIEW_EVERY_MS) return;
    await sweepPolicyReviews(options.db, now());
    reviewsLookedAt = at;
  };

  const retain = async () => {
    const at = now().getTime();
    if (retentionLookedAt !== undefined && at - retentionLookedAt < RETENTION_EVERY_MS) return;
    const run = await applyRetention(options.db, now(), { limit: RETENTION_BATCH });
    // a full batch means more are waiting: look again next tick
    retentionLookedAt = run.found >= RETENTION_BATCH ? undefined : at;
    // how many, never which child: the record of each case says it happened
    if (run.items.length > 0)
      options.log.info({ retention: { redacted: run.items.length } }, 'retention rule applied');
  };

  const watchReads = async () => {
    const at = now().getTime();
    if (readsLookedAt !== undefined && at - readsLookedAt < READ_ALERT_EVERY_MS) return;
    await sweepReadAlerts(options.db, now(), {
      threshold: options.readAlertCasesPerHour ?? READ_ALERT_DEFAULT_CASES_PER_HOUR,
      // the person's id and the count only: the partnership team's e-mail names them
      warn: (found) =>
        options.log.warn(
          { readAlert: { personId: found.personId, distinctCases: found.distinctCases } },
          'unusually many cases read in an hour',
        ),
    });
    readsLookedAt = at;
  };

  const tick = async () => {
    try {
      await sweepDeadlines(options.db, now());
      await sweepAcknowledgements(options.db, now());
      await sweepActionPlans(options.db, now());
      await reviewPolicies();
      await retain();
      await watchReads();
      const report = await deliverDue({
        db: options.db,
        transport: options.transport,
        baseUrl: options.baseUrl,
        now,
        leaseSeconds: options.leaseSeconds,
        sendDeadlineSeconds: options.sendDeadlineSeconds,
        retryBaseSeconds: options.retryBaseSeconds,
        log: options.log,
      });
      if (report.sent + report.retrying + report.failed > 0)
        options.log.info({ outbox: report }, 'outbox delivery');
    } catch (error) {
      options.log.error({ err: error }, 'background jobs failed; trying again next tick');
    }
  };
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => schedule(options.intervalMs ?? 5000));
    }, delay);
    timer.unref();
  };
  schedule(0); // what fell due while no instance ran goes out at once
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
