import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../services/people.js';

/**
 * The signed-in person, or undefined after sending them to sign in. Pages that show case data
 * are never stored by the browser or a proxy.
 */
export function pageActor(request: FastifyRequest, reply: FastifyReply): Actor | undefined {
  reply.header('cache-control', 'no-store');
  if (request.sessionActor) return request.sessionActor;
  reply.redirect('/sign-in', 303);
  return undefined;
}
