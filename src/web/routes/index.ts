/**
 * The pages people use once signed in: sign in and out (with the authenticator app's code), your
 * account, my cases, the team's and the partnership's case lists, raise, the case and its actions, and the partnership's oversight
 * (dashboard, CSV, board report).
 */
import type { FastifyInstance } from 'fastify';
import { raiseRoutes } from '../journeys/raise/routes.js';
import { accessLogRoutes } from './access-log.js';
import { accountRoutes } from './account.js';
import { accountPasswordRoutes } from './account-password.js';
import { accountSessionsRoutes } from './account-sessions.js';
import { caseRoutes } from './case.js';
import { caseListRoutes } from './case-lists.js';
import { myCasesRoutes } from './my-cases.js';
import { partnershipRoutes } from './partnership.js';
import { signInRoutes } from './sign-in.js';
import { type SecondFactorDeps, signInCodeRoutes } from './sign-in-code.js';

export async function pageRoutes(app: FastifyInstance, deps: SecondFactorDeps): Promise<void> {
  await app.register(signInRoutes, deps);
  await app.register(signInCodeRoutes, deps);
  await app.register(accountRoutes, deps);
  await app.register(accountPasswordRoutes, deps);
  await app.register(accountSessionsRoutes, deps);
  await app.register(myCasesRoutes, deps);
  await app.register(caseListRoutes, deps);
  await app.register(raiseRoutes, deps);
  await app.register(accessLogRoutes, deps);
  await app.register(caseRoutes, deps);
  await app.register(partnershipRoutes, deps);
}
