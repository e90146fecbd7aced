/**
 * "Change your password", from Your account (ASVS V2.1.5, V2.1.6): the current password and a
 * new one. The current one is checked under the sign-in throttle; the new one must pass the
 * password rules (domain/password.ts), whose message is shown as it is. A change ends every
 * session the person has, everywhere (V3.3.3); this browser carries on in a new session.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_LENGTH } from '../../domain/password.js';
import { changePassword } from '../../services/passwords.js';
import { type FormBody, formErrors, text, zodErrors } from '../forms.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { pageActor } from './guard.js';
import type { SecondFactorDeps } from './sign-in-code.js';
import { lockedMessage } from './sign-in-words.js';

export const PASSWORD_PATH = '/account/password';

const withinLength = (p: string) => [...p].length <= MAX_LENGTH;

export const ChangePasswordForm = z.object({
  current: z
    .string()
    .min(1, 'Enter your current password')
    .refine(withinLength, 'Enter your current password'),
  next: z
    .string()
    .min(1, 'Enter a new password')
    .refine(withinLength, `Passwords are ${MAX_LENGTH} characters or fewer`),
});

export async function accountPasswordRoutes(
  app: FastifyInstance,
  deps: SecondFactorDeps,
): Promise<void> {
  app.get(PASSWORD_PATH, reach('signed-in'), async (request, reply) => {
    const actor = pageActor(request, reply);
    if (!actor) return reply;
    return reply.render('account/password.njk', {});
  });

  app.post(PASSWORD_PATH, reach('signed-in'), async (request, reply) => {
    const actor = pageActor(request, reply);
    if (!actor) return reply;
    const body = request.body as FormBody;
    const form = ChangePasswordForm.safeParse({
      current: text(body, 'current'),
      next: text(body, 'next'),
    });
    if (!form.success) {
      const errors = zodErrors(form.error, { current: 'current', next: 'next' });
      return reply.code(400).render('account/password.njk', { errors });
    }
    const input = { email: actor.email, ...form.data, ip: request.ip };
    const result = await changePassword(deps.db, input, deps.now());
    if (!result.ok) {
      request.log.warn({ personId: actor.personId, reason: result.reason }, 'password not changed');
      const error =
        result.reason === 'locked'
          ? { field: 'current', message: lockedMessage(result.until, deps.now()) }
          : result.reason === 'wrong-current'
            ? { field: 'current', message: 'Your current password is not right' }
            : result.reason === 'refused'
              ? { field: 'next', message: result.problem }
              : {
                  field: 'current',
                  message:
                    'You sign in through your organisation, so you have no Escalate password to change',
                };
      const status = result.reason === 'locked' ? 429 : 400;
      return reply.code(status).render('account/password.njk', { errors: formErrors([error]) });
    }
    // every session of theirs has ended; this browser goes on in a new one, signed in as before
    const method = request.session?.signInMethod ?? 'password';
    await app.sessions.start(request, reply, actor.personId, { method });
    request.log.info({ personId: actor.personId }, 'password changed');
    return reply.redirect(`${paths.account()}?changed=password`, 303);
  });
}
