/**
 * One log line per answered request (Fastify's own logging writes two): the method, the route
 * pattern (never the URL itself, so no ids or query values), the status and the time taken.
 * Health checks, which load balancers make every few seconds, log at debug; so does each
 * request's arrival ("received"), for following a request in flight when debugging.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const QUIET = new Set(['/healthz', '/readyz']);

export const requestLog = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', async (request) => {
    request.log.debug(
      { method: request.method, route: request.routeOptions.url ?? '(no route)' },
      'received',
    );
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(no route)';
    const line = {
      method: request.method,
      route,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (QUIET.has(route)) request.log.debug(line, 'answered');
    else request.log.info(line, 'answered');
  });
});
