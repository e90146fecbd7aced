import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../services/people.js';
import { signInPathFor } from '../local-path.js';
import { paths } from '../paths.js';

/**
 * The signed-in person, or undefined after sending them to sign in. Pages that show case data
 * are never stored by the browser or a proxy. A page asked for by GET (a link in an e-mail) is
 * remembered, so sign-in lands on it; a form sent without a session is not repeated.
 */
export function pageActor(request: FastifyRequest, reply: FastifyReply): Actor | undefined {
  reply.header('cache-control', 'no-store');
  if (request.sessionActor) return request.sessionActor;
  const remember = request.method === 'GET' || request.method === 'HEAD';
  reply.redirect(remember ? signInPathFor(request.url) : paths.signIn(), 303);
  return undefined;
}
