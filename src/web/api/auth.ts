/**
 * Who is calling the API: a bearer token (`Authorization: Bearer T`), or the signed-in session.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../services/people.js';
import { actorForToken } from '../../services/tokens.js';
import type { Db } from '../../store/database.js';
import { sendProblem } from './problem.js';

export async function apiActor(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Actor | undefined> {
  const header = request.headers.authorization;
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  const actor = match?.[1] ? await actorForToken(db, match[1]) : request.sessionActor;
  if (!actor) {
    reply.header('www-authenticate', 'Bearer');
    sendProblem(
      reply,
      401,
      'Sign in first',
      'Send an API token as "Authorization: Bearer TOKEN" (make one with: npx escalate token create --email YOU) or sign in.',
    );
    return undefined;
  }
  return actor;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the session plugin when someone is signed in to the pages */
    sessionActor?: Actor;
  }
}
