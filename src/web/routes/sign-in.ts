/** Sign in (e-mail and password), sign out (a POST form), and the signed-out page. */
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { MAX_LENGTH } from '../../domain/password.js';
import type { CaseServiceDeps } from '../../services/cases.js';
import { signIn } from '../../services/sign-in.js';
import { type FormBody, formErrors, text, zodErrors } from '../forms.js';

export const SignInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your e-mail address')
    .max(320, 'Enter your e-mail address')
    .pipe(z.email('Enter an e-mail address in the correct format, like name@example.org')),
  password: z
    .string()
    .min(1, 'Enter your password')
    .refine((p) => [...p].length <= MAX_LENGTH, `Passwords are ${MAX_LENGTH} characters or fewer`),
});

const WRONG = 'Enter a correct e-mail address and password';

function lockedMessage(until: string, now: Date): string {
  const time = DateTime.fromISO(until).setZone('Europe/London').toFormat('h:mma').toLowerCase();
  const minutes = Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 60_000));
  const about = minutes === 1 ? 'about a minute' : `about ${minutes} minutes`;
  return `You have tried to sign in too many times. Wait until ${time} (${about}), then try again.`;
}

export async function signInRoutes(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  app.get('/sign-in', async (request, reply) => {
    if (request.sessionActor) return reply.redirect('/cases', 303);
    await app.sessions.ensure(request, reply);
    return reply.header('cache-control', 'no-store').render('sign-in.njk', { values: {} });
  });

  app.post('/sign-in', async (request, reply) => {
    const body = request.body as FormBody;
    const values = { email: text(body, 'email') };
    reply.header('cache-control', 'no-store');
    const form = SignInForm.safeParse({ email: values.email, password: text(body, 'password') });
    if (!form.success) {
      const errors = zodErrors(form.error, { email: 'email', password: 'password' });
      return reply.code(400).render('sign-in.njk', { values, errors });
    }
    const result = await signIn(deps.db, { ...form.data, ip: request.ip }, deps.now());
    if (!result.ok) {
      const locked = result.reason === 'locked';
      const errors = formErrors([
        { field: 'email', message: locked ? lockedMessage(result.until, deps.now()) : WRONG },
      ]);
      return reply.code(locked ? 429 : 401).render('sign-in.njk', { values, errors });
    }
    await app.sessions.start(request, reply, result.personId);
    request.log.info({ personId: result.personId }, 'signed in');
    return reply.redirect('/cases', 303);
  });

  app.post('/sign-out', async (request, reply) => {
    await app.sessions.end(request, reply);
    return reply.redirect('/signed-out', 303);
  });

  app.get('/signed-out', async (_request, reply) => reply.render('signed-out.njk'));
}
