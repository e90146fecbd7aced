/**
 * The composition root: configuration -> store -> services -> web app and jobs, plus graceful
 * shutdown.
 */
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import { type JobRunner, startJobs } from './jobs/runner.js';
import { loggerOptions } from './logger.js';
import { transportFor } from './notify/transports.js';
import type { CaseServiceDeps } from './services/cases/index.js';
import { totpKey } from './services/second-factor.js';
import { prepareStore } from './services/setup.js';
import { SingleSignOn } from './services/single-sign-on.js';
import { checkDatabase, openStore, type Store } from './store/database.js';
import { apiOperations, apiRoutes } from './web/api/openapi.js';
import { buildApp } from './web/app.js';
import { pageRoutes } from './web/routes/index.js';
import { singleSignOnRoutes } from './web/routes/sign-in-oidc.js';

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  jobs: JobRunner;
  url: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  now?: () => Date;
  /** true once shutdown has begun: /readyz then answers 503 */
  draining?: () => boolean;
  /** where the log goes (tests read it); standard output when absent */
  logStream?: DestinationStream;
}

export async function createApp(
  config: Config,
  store: Store,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const deps: CaseServiceDeps = { db: store.db, now: options.now ?? (() => new Date()) };
  const app = await buildApp({
    config,
    logger: options.logStream
      ? { ...loggerOptions(config), level: 'info', stream: options.logStream }
      : loggerOptions(config),
    checkDatabase: async () => {
      if (options.draining?.()) throw new Error('shutting down');
      await checkDatabase(store.db);
    },
    db: store.db,
    now: deps.now,
  });
  await app.register(apiOperations);
  await app.register(apiRoutes, deps);
  await app.register(pageRoutes, { ...deps, totpKey: totpKey(config.totpEncryptionKey) });
  const singleSignOn = config.oidc ? new SingleSignOn(config.oidc, config.baseUrl) : undefined;
  await app.register(singleSignOnRoutes, { ...deps, singleSignOn });
  // Discovery once at start-up, not waited for: a wrong or silent issuer shows in the log at
  // once, and start-up (and password sign-in) never waits on the identity provider.
  if (singleSignOn) app.addHook('onReady', async () => void singleSignOn.warmUp(app.log));
  return app;
}

export async function startServer(
  config: Config,
  store?: Store,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const ownStore = store ?? openStore(config.database);
  await prepareStore(ownStore);
  let draining = false;
  const app = await createApp(config, ownStore, { ...options, draining: () => draining });
  const url = await app.listen({ port: config.port, host: config.host });
  const jobs = startJobs({
    db: ownStore.db,
    transport: transportFor(config),
    baseUrl: config.baseUrl,
    log: app.log,
    now: options.now,
    ...config.jobs,
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // Fail readiness first, so a load balancer stops sending new requests, then close.
      draining = true;
      const grace = config.shutdownGraceMs ?? 0;
      if (grace > 0) await new Promise((resolve) => setTimeout(resolve, grace));
      await app.close(); // in-flight requests finish; new ones are refused
      await jobs.stop(); // the tick in progress finishes and releases its leases
      await ownStore.close();
    })();
    return stopping;
  };
  return { app, store: ownStore, jobs, url, stop };
}

/** Stops cleanly on SIGTERM / SIGINT: requests in flight finish, then the database closes. */
export function stopOnSignals(server: RunningServer): void {
  const handler = (signal: NodeJS.Signals) => {
    server.app.log.info({ signal }, 'shutting down');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
