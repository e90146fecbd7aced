/**
 * Who is calling the API: a bearer token (`Authorization: Bearer T`), or the signed-in session.
 * A request that carries an Authorization header at all is judged by it alone: a header that is
 * not "Bearer <token>", or a token that is unknown or revoked, is a 401, never a fall-back to the
 * session cookie (which would let a cookie-signed write skip its CSRF check: session.ts skips the
 * check only for a well-formed bearer token).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../services/people.js';
import { actorForToken } from '../../services/tokens.js';
import type { Db } from '../../store/database.js';
import { sendProblem } from './problem.js';

/** RFC 6750's `Bearer b64token`: one token of these characters, nothing after it. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** The token of a well-formed `Authorization: Bearer T` header; undefined for any other. */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

export async function apiActor(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Actor | undefined> {
  const header = request.headers.authorization;
  if (header === undefined) {
    if (request.sessionActor) return request.sessionActor;
    return refuse(
      reply,
      'Send an API token as "Authorization: Bearer TOKEN" (make one with: npx escalate token create --email YOU) or sign in.',
    );
  }
  const token = bearerToken(header);
  if (token === undefined) {
    return refuse(
      reply,
      'The Authorization header is not "Bearer TOKEN" with one API token. Send it in that form, or leave the header out to use your signed-in session.',
    );
  }
  const actor = await actorForToken(db, token);
  if (!actor) {
    return refuse(
      reply,
      'The API token in the Authorization header is not known or has been revoked. Make a new one with: npx escalate token create --email YOU',
    );
  }
  return actor;
}

function refuse(reply: FastifyReply, detail: string): undefined {
  reply.header('www-authenticate', 'Bearer');
  sendProblem(reply, 401, 'Sign in first', detail);
  return undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the session plugin when someone is signed in to the pages */
    sessionActor?: Actor;
  }
}

/** The key of the caller's partnership (as policy files and directory files name it). */
export async function partnershipKeyOf(db: Db, partnershipId: string): Promise<string> {
  return (
    await db
      .selectFrom('partnerships')
      .select('key')
      .where('id', '=', partnershipId)
      .executeTakeFirstOrThrow()
  ).key;
}
