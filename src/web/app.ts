/**
 * The Fastify app: one plugin per concern (security headers, forms, views, errors, static
 * assets, health), then the routes. Services are passed in as deps and handed down to the route
 * plugins that need them; routes stay thin (parse, call a service, render).
 */
import Fastify, { type FastifyInstance, type FastifyReply, LogController } from 'fastify';
import type { TrustProxy } from '../config.js';
import type { SessionLimits } from '../services/sessions.js';
import type { Db } from '../store/database.js';
import { lazySerializers } from './api/lazy-serializers.js';
import { sendProblem } from './api/problem.js';
import { bodyParsers } from './plugins/body-parsers.js';
import { errors } from './plugins/errors.js';
import { health } from './plugins/health.js';
import { inputGuard } from './plugins/input-guard.js';
import { requestLog } from './plugins/request-log.js';
import { securityHeaders, securityHeaderValues } from './plugins/security-headers.js';
import { sessions } from './plugins/session.js';
import { staticAssets } from './plugins/static.js';
import { views } from './plugins/views.js';
import { routeAccess } from './route-access.js';
import { startRoutes } from './routes/start.js';

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  baseUrl: string;
  /** shown in the page header and titles; "Escalate" unless a partnership names it otherwise */
  serviceName?: string;
  /** signs the session cookie; needed when `db` is given */
  sessionSecret?: string;
  /** session time-outs (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS); 30 minutes and 12 hours */
  sessionLimits?: SessionLimits;
  /**
   * TRUST_PROXY: how many proxies stand in front, or their addresses (0 or absent: none). Only
   * their hops of X-Forwarded-For are believed, from the right; the ones a client writes never.
   */
  trustProxy?: TrustProxy;
}

export interface AppDeps {
  config: AppConfig;
  /** pino options, or true / false; off when absent (tests) */
  logger?: boolean | object;
  /** resolves when the database answers; /readyz calls it */
  checkDatabase: () => Promise<void>;
  /** the database, for sessions; absent in the web-foundation unit tests (no sign-in) */
  db?: Db;
  now?: () => Date;
}

export const DEFAULT_SERVICE_NAME = 'Escalate';

/**
 * Fastify's own hop count trusts nothing (it cannot tell the proxy from a client who wrote the
 * hops itself), so a count is a function believing the nearest `count` hops: right when
 * Escalate can be reached only through those proxies. Addresses are checked hop by hop.
 */
function trustProxyOption(trust: TrustProxy | undefined) {
  if (Array.isArray(trust)) return trust.length > 0 ? trust : false;
  const count = trust ?? 0;
  return count > 0 ? (_address: string, hop: number) => hop < count : false;
}
const BODY_LIMIT = 256 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const production = deps.config.nodeEnv === 'production';
  const app = Fastify({
    logger: deps.logger ?? false,
    // our own one line per request instead (plugins/request-log.ts)
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // the address the sign-in throttle counts: never one the client chose (docs/security.md)
    trustProxy: trustProxyOption(deps.config.trustProxy),
    return503OnClosing: true,
    // each API answer's serializer compiled when first used, not at start (api/lazy-serializers.ts)
    schemaController: { compilersFactory: { buildSerializer: lazySerializers } },
    // A malformed URL or an over-long path parameter is answered before any hook runs: answer
    // it here, with the security headers and a clear message, as every other refusal is.
    frameworkErrors: (error, request, frameworkReply) => {
      const reply = frameworkReply as unknown as FastifyReply;
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const status = tooLong ? 414 : 400;
      const detail = tooLong
        ? 'The address is too long. Check the link and try again.'
        : 'The address is not a valid one. Check the link and try again.';
      reply.headers(securityHeaderValues(production));
      if (request.url.startsWith('/api/')) return sendProblem(reply, status, 'Bad address', detail);
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(`<!DOCTYPE html><html lang="en"><title>Bad address</title><p>${detail}</p></html>`);
    },
  });
  await app.register(routeAccess);
  await app.register(requestLog);
  await app.register(securityHeaders, { production });
  await app.register(bodyParsers, { bodyLimit: BODY_LIMIT });
  await app.register(views, {
    production,
    serviceName: deps.config.serviceName ?? DEFAULT_SERVICE_NAME,
    templateHeader: deps.config.nodeEnv === 'test',
  });
  await app.register(errors);
  await app.register(inputGuard);
  if (deps.db) {
    if (!deps.config.sessionSecret) throw new Error('sessionSecret is needed for sessions');
    await app.register(sessions, {
      db: deps.db,
      secret: deps.config.sessionSecret,
      limits: deps.config.sessionLimits,
      production,
      now: deps.now ?? (() => new Date()),
    });
  }
  await app.register(staticAssets);
  await app.register(health, { checkDatabase: deps.checkDatabase });
  await app.register(startRoutes);
  return app;
}
