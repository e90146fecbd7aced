import type { FastifyInstance } from 'fastify';
import { reach } from '../route-access.js';

/** /healthz: the process is up. /readyz: the database answers. Neither is cached. */
export async function health(
  app: FastifyInstance,
  options: { checkDatabase: () => Promise<void> },
): Promise<void> {
  app.get('/healthz', reach('anyone'), async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get('/readyz', reach('anyone'), async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await options.checkDatabase();
      return reply.send({ status: 'ok' });
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed: the database did not answer');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
}
