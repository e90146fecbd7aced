/**
 * Single sign-on with the organisation's identity provider (OpenID Connect), beside passwords:
 * `GET /sign-in/oidc` (the sign-in page's button) sends the person to the provider; the provider
 * sends them back to `GET /sign-in/oidc/callback`. Both answer the ordinary 404 page when single
 * sign-on is not configured. The protocol is in services/single-sign-on.ts.
 *
 * Starting is a link, not a CSRF-checked form: a form's redirect to the provider would break the
 * CSP's form-action 'self' in browsers that apply it to redirects, and starting changes only the
 * visitor's own session (a new state, nonce and verifier; a forged start at worst makes a sign-in
 * already in progress in that browser start again). The callback is what must not be forged, and
 * the state, bound to the session, guards it.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import {
  CALLBACK_PATH,
  ProviderUnavailable,
  type Refusal,
  type SingleSignOn,
} from '../../services/single-sign-on.js';
import { localPath, pageAfterSignIn } from '../local-path.js';
import { reach } from '../route-access.js';

export interface SingleSignOnRouteOptions extends CaseServiceDeps {
  /** absent when OIDC_ISSUER_URL is not set */
  singleSignOn?: SingleSignOn;
}

const STATUS: Record<Refusal, number> = {
  unavailable: 503,
  expired: 400,
  denied: 403,
  'provider-error': 400,
  invalid: 400,
  'unverified-email': 403,
  'unknown-person': 403,
};

export async function singleSignOnRoutes(
  app: FastifyInstance,
  options: SingleSignOnRouteOptions,
): Promise<void> {
  const sso = options.singleSignOn;
  // The sign-in page (sign-in.njk) shows the button when this is set.
  if (sso) app.views.addGlobal('singleSignOn', { displayName: sso.config.displayName });

  const refuse = (reply: FastifyReply, reason: Refusal, email?: string) =>
    reply
      .code(STATUS[reason])
      .header('cache-control', 'no-store')
      .render('sign-in-oidc-refused.njk', {
        reason,
        email,
        organisation: sso?.config.displayName,
      });

  app.get('/sign-in/oidc', reach('anyone'), async (request, reply) => {
    if (!sso) return reply.callNotFound();
    // the page asked for before sign-in (the sign-in page passes it on), when it is one of ours
    const next = localPath((request.query as Record<string, unknown>).next);
    if (request.sessionActor) return reply.redirect(pageAfterSignIn(next), 303);
    let begun: Awaited<ReturnType<SingleSignOn['begin']>>;
    try {
      begun = await sso.begin(options.now(), request.log);
    } catch (error) {
      if (error instanceof ProviderUnavailable) return refuse(reply, 'unavailable');
      throw error;
    }
    const session = await app.sessions.ensure(request, reply);
    session.data.singleSignOn = begun.pending;
    session.data.afterSignIn = next;
    await app.sessions.save(request);
    return reply.header('cache-control', 'no-store').redirect(begun.url, 303);
  });

  app.get(CALLBACK_PATH, reach('anyone'), async (request, reply) => {
    if (!sso) return reply.callNotFound();
    // Taken out of the session before anything is checked, so each sign-in's state, nonce and
    // PKCE verifier serve one callback only: a replayed or second callback finds none.
    const session = request.session;
    const pending = session?.data.singleSignOn;
    const next = pageAfterSignIn(session?.data.afterSignIn);
    if (session && pending) {
      delete session.data.singleSignOn;
      delete session.data.afterSignIn;
      await app.sessions.save(request);
    }
    const at = request.url.indexOf('?');
    const query = at === -1 ? '' : request.url.slice(at + 1);
    const outcome = await sso.finish(options.db, query, pending, options.now(), request.log);
    if (!outcome.ok) {
      // the reason and the error's code only: no address, no token, no claim
      request.log.warn({ reason: outcome.reason, err: outcome.error }, 'single sign-on refused');
      return refuse(reply, outcome.reason, outcome.email);
    }
    // As password sign-in: a new session (a new id) replaces the visitor's.
    await app.sessions.start(request, reply, outcome.personId, { method: 'oidc' });
    request.log.info({ personId: outcome.personId, signInMethod: 'oidc' }, 'signed in');
    return reply.header('cache-control', 'no-store').redirect(next, 303);
  });
}
