import type { FastifyInstance } from 'fastify';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';

/** The start page: what Escalate is for, who it is for, and how to begin. */
export async function startRoutes(app: FastifyInstance): Promise<void> {
  app.get(paths.start.pattern, reach('anyone'), async (_request, reply) =>
    reply.render('start.njk'),
  );
}
