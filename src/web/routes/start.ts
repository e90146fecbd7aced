import type { FastifyInstance } from 'fastify';

/** The start page: what Escalate is for, who it is for, and how to begin. */
export async function startRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', async (_request, reply) => reply.render('start.njk'));
}
