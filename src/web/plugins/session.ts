/**
 * Sessions (src/services/sessions.ts) behind a signed, HttpOnly, SameSite=Lax cookie (Secure in
 * production), and the synchroniser CSRF token every form carries. Every request that changes
 * something must send the session's token (`_csrf` in a form, `x-csrf-token` for scripts),
 * except API calls carrying a well-formed bearer token, which no browser sends by itself (and
 * which the API then judges alone: api/auth.ts never falls back to the cookie).
 */
import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { requiresSecondFactor } from '../../domain/totp.js';
import { actorById } from '../../services/people.js';
import {
  createSession,
  destroySession,
  loadSession,
  type Session,
  type SessionLimits,
  type SessionStart,
  saveSessionData,
} from '../../services/sessions.js';
import type { Db } from '../../store/database.js';
import { bearerToken } from '../api/auth.js';
import { sendProblem } from '../api/problem.js';
import { RepeatedAnswer } from '../forms.js';

export const SESSION_COOKIE = 'escalate_session';
/**
 * In production the cookie's name carries the `__Host-` prefix (ASVS V3.4.4): browsers then
 * accept it only when it is Secure, for path `/` and without a Domain, so no other host under
 * the same domain (another council service, say) can set or overwrite it.
 */
export const sessionCookieName = (production: boolean) =>
  production ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;

export interface SessionOptions {
  db: Db;
  secret: string;
  production: boolean;
  now: () => Date;
  /** idle and absolute time-outs; 30 minutes and 12 hours when absent */
  limits?: SessionLimits;
}

export interface SessionManager {
  /**
   * A new session (new id) for this person, or a visitor, replacing any current one; `how`
   * says how it was signed in (a password unless it says otherwise) and the data it starts with
   * (a sign-in waiting for its code, say).
   */
  start(
    request: FastifyRequest,
    reply: FastifyReply,
    personId: string | null,
    how?: SessionStart,
  ): Promise<Session>;
  /** the current session, or a new visitor's session */
  ensure(request: FastifyRequest, reply: FastifyReply): Promise<Session>;
  end(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  save(request: FastifyRequest): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    session?: Session;
  }
  interface FastifyInstance {
    sessions: SessionManager;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const NO_SESSION = /^\/(assets\/|healthz|readyz)/;

function sameToken(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sentToken(request: FastifyRequest): unknown {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  // a form's token sent twice is refused as any repeated answer is (a 400), never first-wins
  if (Array.isArray(body?._csrf)) throw new RepeatedAnswer('_csrf');
  return body && typeof body === 'object' ? body._csrf : undefined;
}

function needsCsrf(request: FastifyRequest): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  // no route answers this method and path: the not-found handler changes nothing, and a 404
  // says more than "your page has expired" would
  if (request.routeOptions.url === undefined) return false;
  if (!request.url.startsWith('/api/')) return true;
  // The API: a bearer token is not ambient authority; without a signed-in session there is none.
  if (bearerToken(request.headers.authorization) !== undefined) return false;
  return request.sessionActor !== undefined;
}

function refuseCsrf(request: FastifyRequest, reply: FastifyReply) {
  if (request.url.startsWith('/api/')) {
    return sendProblem(
      reply,
      403,
      'Forbidden',
      'Send the x-csrf-token header with the token of your signed-in session.',
    );
  }
  return reply.code(403).render('error.njk', {
    title: 'Your page has expired',
    detail:
      'For your security, the form you sent was out of date or your session had ended. Nothing was changed. Go back, reload the page and try again, or sign in again.',
  });
}

export const sessions = fp(async (app: FastifyInstance, options: SessionOptions) => {
  const { db, now } = options;
  await app.register(cookie, { secret: options.secret });
  app.decorateRequest('session', undefined);
  const cookieName = sessionCookieName(options.production);

  const setCookie = (reply: FastifyReply, id: string) =>
    reply.setCookie(cookieName, id, {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: options.production,
    });

  const manager: SessionManager = {
    async start(request, reply, personId, how) {
      if (request.session) await destroySession(db, request.session.id);
      const session = await createSession(db, personId, now(), options.limits, how);
      request.session = session;
      request.sessionActor = personId ? await actorById(db, personId) : undefined;
      setCookie(reply, session.id);
      return session;
    },
    async ensure(request, reply) {
      return request.session ?? manager.start(request, reply, null);
    },
    async end(request, reply) {
      if (request.session) await destroySession(db, request.session.id);
      request.session = undefined;
      request.sessionActor = undefined;
      reply.clearCookie(cookieName, { path: '/' });
    },
    async save(request) {
      if (request.session) await saveSessionData(db, request.session, now());
    },
  };
  app.decorate('sessions', manager);

  app.addHook('preHandler', async (request, reply) => {
    if (NO_SESSION.test(request.url)) return;
    const raw = request.cookies[cookieName];
    const unsigned = raw ? request.unsignCookie(raw) : undefined;
    if (unsigned?.valid && unsigned.value) {
      request.session = await loadSession(db, unsigned.value, now(), options.limits);
      if (request.session?.personId) {
        const actor = await actorById(db, request.session.personId);
        // A password alone no longer signs in someone whose role now needs a second factor.
        const weak = request.session.signInMethod === 'password';
        request.sessionActor =
          weak && actor && requiresSecondFactor(actor.role) ? undefined : actor;
      }
    }
    if (!needsCsrf(request)) return;
    if (!request.session || !sameToken(sentToken(request), request.session.data.csrf)) {
      return refuseCsrf(request, reply);
    }
  });
});
