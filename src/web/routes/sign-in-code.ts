/**
 * Sign-in's second step, after a correct password (sign-in.ts): "Enter the 6-digit code from your
 * authenticator app", or, for someone whose role requires an app and who has none yet, setting one
 * up (QR code and key, then its first code). Until a code is right the session has no person, so
 * no page or API call treats it as signed in; the pending step expires (5 minutes for a code, 15
 * to set up an app). Only a correct code signs in, in a new session (new id).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import { actorById } from '../../services/people.js';
import {
  type CodeResult,
  checkPersonCode,
  confirmEnrolment,
  newSealedSecret,
  openSecret,
} from '../../services/second-factor.js';
import type { PendingSignIn } from '../../services/sessions.js';
import { ROLE_LABELS } from '../../words.js';
import { DEFAULT_SERVICE_NAME } from '../app.js';
import { pageAfterSignIn } from '../local-path.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import {
  makeCodesForNewApp,
  parseCode,
  refusal,
  setUpView,
  takeNewRecoveryCodes,
} from './authenticator.js';
import { pageActor } from './guard.js';

export interface SecondFactorDeps extends CaseServiceDeps {
  /** TOTP_ENCRYPTION_KEY, as bytes */
  totpKey: Buffer;
}

const MINUTE = 60 * 1000;
/** how long each pending step lasts after the password was checked */
export const PENDING_MS: Record<PendingSignIn['step'], number> = {
  code: 5 * MINUTE,
  'set-up': 15 * MINUTE,
};

export function pendingExpired(pending: PendingSignIn, now: Date): boolean {
  return now.getTime() - Date.parse(pending.since) > PENDING_MS[pending.step];
}

export async function signInCodeRoutes(
  app: FastifyInstance,
  deps: SecondFactorDeps,
): Promise<void> {
  /** The live pending sign-in at this step, or undefined after sending the visitor on. */
  function pendingAt(request: FastifyRequest, reply: FastifyReply, step: PendingSignIn['step']) {
    if (request.sessionActor) {
      reply.redirect(paths.myCases(), 303);
      return undefined;
    }
    const pending = request.session?.data.pendingSignIn;
    if (!pending || pending.step !== step || pendingExpired(pending, deps.now())) {
      reply.redirect(paths.signIn(), 303);
      return undefined;
    }
    return pending;
  }

  async function finish(request: FastifyRequest, reply: FastifyReply, personId: string) {
    // the page asked for before sign-in goes with the pending sign-in, and no further
    const next = pageAfterSignIn(request.session?.data.afterSignIn);
    await app.sessions.start(request, reply, personId, { method: 'password+totp' });
    request.log.info({ personId }, 'signed in');
    return reply.redirect(next, 303);
  }

  function logRefusal(request: FastifyRequest, personId: string, result: CodeResult) {
    if (result.ok) return;
    // ASVS V2.8.5: a code used twice is logged (no personal data beyond the id)
    const level = result.reason === 'used' ? 'warn' : 'info';
    request.log[level]({ personId, reason: result.reason }, 'second-factor code refused');
  }

  app.get(paths.signInCode.pattern, reach('pending-sign-in'), async (request, reply) => {
    if (!pendingAt(request, reply, 'code')) return reply;
    return reply.render('authenticator/code.njk', { values: {} });
  });

  app.post(paths.signInCode.pattern, reach('pending-sign-in'), async (request, reply) => {
    const pending = pendingAt(request, reply, 'code');
    if (!pending) return reply;
    const parsed = parseCode(request.body);
    if ('errors' in parsed) {
      return reply.code(400).render('authenticator/code.njk', { errors: parsed.errors });
    }
    const attempt = { personId: pending.personId, code: parsed.code, ip: request.ip };
    const result = await checkPersonCode(deps.db, deps.totpKey, attempt, deps.now());
    if (result.ok) return finish(request, reply, pending.personId);
    logRefusal(request, pending.personId, result);
    const { status, errors } = refusal(result, deps.now());
    return reply.code(status).render('authenticator/code.njk', { errors });
  });

  /** The set-up page, with a secret kept (sealed) in the pending sign-in so a reload keeps it. */
  async function setUpPage(
    request: FastifyRequest,
    reply: FastifyReply,
    pending: PendingSignIn,
    errors?: unknown,
  ) {
    if (!pending.secret) {
      pending.secret = newSealedSecret(deps.totpKey, pending.personId);
      await app.sessions.save(request);
    }
    const person = await actorById(deps.db, pending.personId);
    const secret = openSecret(deps.totpKey, pending.secret, pending.personId);
    return reply.render('authenticator/set-up.njk', {
      ...(await setUpView(secret, person?.email ?? '', DEFAULT_SERVICE_NAME)),
      action: paths.signInSetUp(),
      required: true,
      roleLabel: person ? (ROLE_LABELS[person.role] ?? person.role) : '',
      errors,
    });
  }

  app.get(paths.signInSetUp.pattern, reach('pending-sign-in'), async (request, reply) => {
    const pending = pendingAt(request, reply, 'set-up');
    if (!pending) return reply;
    return setUpPage(request, reply, pending);
  });

  app.post(paths.signInSetUp.pattern, reach('pending-sign-in'), async (request, reply) => {
    const pending = pendingAt(request, reply, 'set-up');
    if (!pending) return reply;
    const parsed = parseCode(request.body);
    if ('errors' in parsed) return setUpPage(request, reply.code(400), pending, parsed.errors);
    if (!pending.secret) return setUpPage(request, reply, pending);
    const attempt = { personId: pending.personId, code: parsed.code, ip: request.ip };
    const result = await confirmEnrolment(
      deps.db,
      deps.totpKey,
      { ...attempt, sealed: pending.secret },
      deps.now(),
    );
    if (result.ok) {
      request.log.info({ personId: pending.personId }, 'authenticator app set up');
      // kept until the recovery codes have been shown, then the person goes on to it
      const afterSignIn = request.session?.data.afterSignIn;
      await app.sessions.start(request, reply, pending.personId, {
        method: 'password+totp',
        data: { afterSignIn },
      });
      request.log.info({ personId: pending.personId }, 'signed in');
      await makeCodesForNewApp(app, request, reply, deps, pending.personId);
      return reply.redirect(paths.signInRecoveryCodes(), 303);
    }
    logRefusal(request, pending.personId, result);
    const { status, errors } = refusal(result, deps.now());
    return setUpPage(request, reply.code(status), pending, errors);
  });

  /** The page asked for before sign-in, taken out of the session: it is gone to once. */
  async function takeAfterSignIn(request: FastifyRequest): Promise<string> {
    const session = request.session;
    const next = pageAfterSignIn(session?.data.afterSignIn);
    if (session?.data.afterSignIn !== undefined) {
      delete session.data.afterSignIn;
      await app.sessions.save(request);
    }
    return next;
  }

  // After setting up an app at sign-in: its recovery codes, shown once, then on to the page
  // asked for (or the cases).
  app.get(paths.signInRecoveryCodes.pattern, reach('signed-in'), async (request, reply) => {
    const actor = pageActor(request, reply);
    if (!actor) return reply;
    const codes = await takeNewRecoveryCodes(app, request, deps.totpKey, actor.personId);
    if (!codes) return reply.redirect(await takeAfterSignIn(request), 303);
    return reply.render('authenticator/recovery-codes.njk', { codes, signingIn: true });
  });

  app.post(paths.signInRecoveryCodes.pattern, reach('signed-in'), async (request, reply) => {
    if (!pageActor(request, reply)) return reply;
    return reply.redirect(await takeAfterSignIn(request), 303);
  });
}
