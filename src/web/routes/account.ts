/**
 * "Your account": who you are signed in as, and your authenticator app. Anyone may turn one on
 * (QR code and key, then its first code); turning it off takes a current code, and is not offered
 * to a role that requires it (administrator, partnership team, chair). Codes typed here are
 * throttled as sign-in codes are.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requiresSecondFactor } from '../../domain/totp.js';
import { hasPassword } from '../../services/passwords.js';
import type { Actor } from '../../services/people.js';
import { makeRecoveryCodes, recoveryCodesLeft } from '../../services/recovery-codes.js';
import {
  checkPersonCode,
  confirmEnrolment,
  newSealedSecret,
  openSecret,
  removeSecondFactor,
  secondFactorOf,
} from '../../services/second-factor.js';
import { ROLE_LABELS } from '../../words.js';
import { DEFAULT_SERVICE_NAME } from '../app.js';
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
import type { SecondFactorDeps } from './sign-in-code.js';

const SET_UP = '/account/authenticator/set-up';

const TURN_OFF = '/account/authenticator/turn-off';

const RECOVERY_CODES = '/account/recovery-codes';

export async function accountRoutes(app: FastifyInstance, deps: SecondFactorDeps): Promise<void> {
  app.get(paths.account.pattern, reach('signed-in'), async (request, reply) => {
    const actor = pageActor(request, reply);
    if (!actor) return reply;
    const query = request.query as Record<string, unknown>;
    return reply.render('authenticator/account.njk', {
      person: actor,
      role: ROLE_LABELS[actor.role] ?? actor.role,
      factor: await secondFactorOf(deps.db, actor.personId),
      recovery: await recoveryCodesLeft(deps.db, actor.personId),
      codes: await takeNewRecoveryCodes(app, request, deps.totpKey, actor.personId),
      required: requiresSecondFactor(actor.role),
      changed: ['on', 'off', 'password'].includes(String(query.changed))
        ? query.changed
        : undefined,
      hasPassword: await hasPassword(deps.db, actor.personId),
    });
  });

  async function setUpPage(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    errors?: unknown,
  ) {
    const session = await app.sessions.ensure(request, reply);
    if (!session.data.enrolling) {
      session.data.enrolling = newSealedSecret(deps.totpKey, actor.personId);
      await app.sessions.save(request);
    }
    const secret = openSecret(deps.totpKey, session.data.enrolling, actor.personId);
    return reply.render('authenticator/set-up.njk', {
      ...(await setUpView(secret, actor.email, DEFAULT_SERVICE_NAME)),
      action: SET_UP,
      required: false,
      errors,
    });
  }

  /** The signed-in person, when they have no app yet (else back to the account page). */
  async function withoutApp(request: FastifyRequest, reply: FastifyReply) {
    const actor = pageActor(request, reply);
    if (!actor) return undefined;
    if (await secondFactorOf(deps.db, actor.personId)) {
      reply.redirect(paths.account(), 303);
      return undefined;
    }
    return actor;
  }

  app.get(SET_UP, reach('signed-in'), async (request, reply) => {
    const actor = await withoutApp(request, reply);
    if (!actor) return reply;
    return setUpPage(request, reply, actor);
  });

  app.post(SET_UP, reach('signed-in'), async (request, reply) => {
    const actor = await withoutApp(request, reply);
    if (!actor) return reply;
    const parsed = parseCode(request.body);
    const sealed = request.session?.data.enrolling;
    if ('errors' in parsed) return setUpPage(request, reply.code(400), actor, parsed.errors);
    if (!sealed) return setUpPage(request, reply, actor);
    const attempt = { personId: actor.personId, code: parsed.code, ip: request.ip, sealed };
    const result = await confirmEnrolment(deps.db, deps.totpKey, attempt, deps.now());
    if (!result.ok) {
      const { status, errors } = refusal(result, deps.now());
      return setUpPage(request, reply.code(status), actor, errors);
    }
    // The session is now a stronger one: it starts afresh, with a new id (ASVS V3.2.1).
    await app.sessions.start(request, reply, actor.personId, { method: 'password+totp' });
    await makeCodesForNewApp(app, request, reply, deps, actor.personId);
    request.log.info({ personId: actor.personId }, 'authenticator app set up');
    return reply.redirect(`${paths.account()}?changed=on`, 303);
  });

  /** The signed-in person, when they have an app (recovery codes are for it). */
  async function withApp(request: FastifyRequest, reply: FastifyReply) {
    const actor = pageActor(request, reply);
    if (!actor) return undefined;
    if (!(await secondFactorOf(deps.db, actor.personId))) {
      reply.redirect(paths.account(), 303);
      return undefined;
    }
    return actor;
  }

  app.get(RECOVERY_CODES, reach('signed-in'), async (request, reply) => {
    const actor = await withApp(request, reply);
    if (!actor) return reply;
    return reply.render('authenticator/recovery-codes.njk', {
      made: await recoveryCodesLeft(deps.db, actor.personId),
    });
  });

  // The codes are shown in the answer to this POST, once; only their hashes are kept.
  app.post(RECOVERY_CODES, reach('signed-in'), async (request, reply) => {
    const actor = await withApp(request, reply);
    if (!actor) return reply;
    const codes = await makeRecoveryCodes(deps.db, actor.personId, deps.now());
    request.log.info({ personId: actor.personId }, 'recovery codes made');
    return reply.render('authenticator/recovery-codes.njk', { codes });
  });

  /** The signed-in person, when they have an app they may turn off. */
  async function mayTurnOff(request: FastifyRequest, reply: FastifyReply) {
    const actor = pageActor(request, reply);
    if (!actor) return undefined;
    if (requiresSecondFactor(actor.role) || !(await secondFactorOf(deps.db, actor.personId))) {
      reply.redirect(paths.account(), 303);
      return undefined;
    }
    return actor;
  }

  app.get(TURN_OFF, reach('signed-in'), async (request, reply) => {
    if (!(await mayTurnOff(request, reply))) return reply;
    return reply.render('authenticator/turn-off.njk', {});
  });

  app.post(TURN_OFF, reach('signed-in'), async (request, reply) => {
    const actor = await mayTurnOff(request, reply);
    if (!actor) return reply;
    const parsed = parseCode(request.body);
    if ('errors' in parsed) {
      return reply.code(400).render('authenticator/turn-off.njk', { errors: parsed.errors });
    }
    const attempt = { personId: actor.personId, code: parsed.code, ip: request.ip };
    const result = await checkPersonCode(deps.db, deps.totpKey, attempt, deps.now());
    if (!result.ok) {
      const { status, errors } = refusal(result, deps.now());
      return reply.code(status).render('authenticator/turn-off.njk', { errors });
    }
    await removeSecondFactor(deps.db, actor.personId, deps.now());
    request.log.info({ personId: actor.personId }, 'authenticator app turned off');
    return reply.redirect(`${paths.account()}?changed=off`, 303);
  });
}
