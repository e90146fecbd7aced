/**
 * "Where you are signed in", from Your account (ASVS V3.3.4): the person's live sessions (when
 * each began, when last used, how it was signed in), and a button that ends every one but this,
 * after the password is entered again (V3.7.1). Someone who signs in only through their
 * organisation has no password to enter; the button is enough for them.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_LENGTH } from '../../domain/password.js';
import { confirmPassword, hasPassword } from '../../services/passwords.js';
import { endOtherSessions, listSessions } from '../../services/sessions.js';
import type { Db } from '../../store/database.js';
import { type FormBody, formErrors, text, zodErrors } from '../forms.js';
import { reach } from '../route-access.js';
import { pageActor } from './guard.js';
import type { SecondFactorDeps } from './sign-in-code.js';
import { lockedMessage } from './sign-in-words.js';

export const SESSIONS_PATH = '/account/sessions';

const HOW: Record<string, string> = {
  password: 'Password',
  'password+totp': 'Password and authenticator app',
  oidc: 'Your organisation’s sign-in',
};

const ConfirmForm = z.object({
  password: z
    .string()
    .min(1, 'Enter your password')
    .refine((p) => [...p].length <= MAX_LENGTH, 'Enter your password'),
});

export async function accountSessionsRoutes(
  app: FastifyInstance,
  deps: SecondFactorDeps,
): Promise<void> {
  async function page(db: Db, personId: string, currentId: string | undefined) {
    const sessions = await listSessions(db, personId, currentId, deps.now());
    return {
      sessions: sessions.map((s) => ({ ...s, how: HOW[s.signInMethod ?? ''] ?? 'Unknown' })),
      others: sessions.filter((s) => !s.current).length,
      needsPassword: await hasPassword(db, personId),
    };
  }

  app.get(SESSIONS_PATH, reach('signed-in'), async (request, reply) => {
    const actor = pageActor(request, reply);
    if (!actor) return reply;
    const view = await page(deps.db, actor.personId, request.session?.id);
    const ended = Number((request.query as Record<string, unknown>).ended);
    return reply.render('account/sessions.njk', {
      ...view,
      ended: Number.isInteger(ended) && ended >= 0 ? ended : undefined,
    });
  });

  app.post(SESSIONS_PATH, reach('signed-in'), async (request, reply) => {
    const actor = pageActor(request, reply);
    if (!actor || !request.session) return reply;
    const view = await page(deps.db, actor.personId, request.session.id);
    if (view.needsPassword) {
      const form = ConfirmForm.safeParse({ password: text(request.body as FormBody, 'password') });
      if (!form.success) {
        const errors = zodErrors(form.error, { password: 'password' });
        return reply.code(400).render('account/sessions.njk', { ...view, errors });
      }
      const input = { email: actor.email, password: form.data.password, ip: request.ip };
      const checked = await confirmPassword(deps.db, input, deps.now());
      if (!checked.ok) {
        const locked = checked.reason === 'locked';
        const message = locked
          ? lockedMessage(checked.until, deps.now())
          : 'Your password is not right';
        const errors = formErrors([{ field: 'password', message }]);
        return reply.code(locked ? 429 : 400).render('account/sessions.njk', { ...view, errors });
      }
    }
    const ended = await endOtherSessions(deps.db, actor.personId, request.session.id);
    request.log.info({ personId: actor.personId, ended }, 'other sessions ended');
    return reply.redirect(`${SESSIONS_PATH}?ended=${ended}`, 303);
  });
}
