/**
 * Sign in (e-mail and password), sign out (a POST form), and the signed-out page. Someone with an
 * authenticator app, or whose role requires one, is not signed in by the password: the session
 * (a new one) holds a pending sign-in that grants nothing, and the second step
 * (sign-in-code.ts) finishes it.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_LENGTH } from '../../domain/password.js';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import { signIn } from '../../services/sign-in.js';
import { type FormBody, formErrors, text, zodErrors } from '../forms.js';
import { localPath, pageAfterSignIn } from '../local-path.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { pendingExpired } from './sign-in-code.js';
import { lockedMessage } from './sign-in-words.js';

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
const TIMED_OUT = 'You took too long to enter the code. Sign in again.';

export async function signInRoutes(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  app.get(paths.signIn.pattern, reach('anyone'), async (request, reply) => {
    // the page asked for before sign-in (guard.ts), when it is one of ours; else the case list
    const next = localPath((request.query as Record<string, unknown>).next);
    if (request.sessionActor) return reply.redirect(pageAfterSignIn(next), 303);
    const session = await app.sessions.ensure(request, reply);
    // Coming back here abandons a sign-in waiting for its code; say so if it had timed out.
    const pending = session.data.pendingSignIn;
    let errors: ReturnType<typeof formErrors> | undefined;
    if (pending) {
      if (pendingExpired(pending, deps.now())) {
        errors = formErrors([{ field: 'email', message: TIMED_OUT }]);
      }
      session.data.pendingSignIn = undefined;
      await app.sessions.save(request);
    }
    return reply
      .header('cache-control', 'no-store')
      .render('sign-in.njk', { values: {}, next, errors });
  });

  app.post(paths.signIn.pattern, reach('anyone'), async (request, reply) => {
    const body = request.body as FormBody;
    const values = { email: text(body, 'email') };
    const next = localPath(text(body, 'next'));
    reply.header('cache-control', 'no-store');
    const form = SignInForm.safeParse({ email: values.email, password: text(body, 'password') });
    if (!form.success) {
      const errors = zodErrors(form.error, { email: 'email', password: 'password' });
      return reply.code(400).render('sign-in.njk', { values, next, errors });
    }
    const result = await signIn(deps.db, { ...form.data, ip: request.ip }, deps.now());
    if (!result.ok) {
      // a security event for the log (ASVS V7.2.1): why, never the address or password typed
      request.log.warn({ reason: result.reason }, 'sign-in refused');
      const locked = result.reason === 'locked';
      const errors = formErrors([
        { field: 'email', message: locked ? lockedMessage(result.until, deps.now()) : WRONG },
      ]);
      return reply.code(locked ? 429 : 401).render('sign-in.njk', { values, next, errors });
    }
    if (result.next !== 'signed-in') {
      // a new session (new id) that knows whose password it was, and nothing else
      const since = deps.now().toISOString();
      const pendingSignIn = { personId: result.personId, step: result.next, since };
      await app.sessions.start(request, reply, null, {
        data: { pendingSignIn, afterSignIn: next },
      });
      return reply.redirect(result.next === 'code' ? paths.signInCode() : paths.signInSetUp(), 303);
    }
    await app.sessions.start(request, reply, result.personId, { method: 'password' });
    request.log.info({ personId: result.personId }, 'signed in');
    return reply.redirect(pageAfterSignIn(next), 303);
  });

  app.post(paths.signOut.pattern, reach('anyone'), async (request, reply) => {
    await app.sessions.end(request, reply);
    return reply.redirect('/signed-out', 303);
  });

  app.get(paths.signedOut.pattern, reach('anyone'), async (_request, reply) =>
    reply.render('signed-out.njk'),
  );
}
