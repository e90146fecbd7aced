/**
 * The pages people use once signed in: sign in and out, my cases, raise, the case and its
 * actions, and the partnership's oversight (dashboard, CSV, board report).
 */
import type { FastifyInstance } from 'fastify';
import type { CaseServiceDeps } from '../../services/cases.js';
import { raiseRoutes } from '../journeys/raise/routes.js';
import { accessLogRoutes } from './access-log.js';
import { caseRoutes } from './case.js';
import { myCasesRoutes } from './my-cases.js';
import { partnershipRoutes } from './partnership.js';
import { signInRoutes } from './sign-in.js';

export async function pageRoutes(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  await app.register(signInRoutes, deps);
  await app.register(myCasesRoutes, deps);
  await app.register(raiseRoutes, deps);
  await app.register(accessLogRoutes, deps);
  await app.register(caseRoutes, deps);
  await app.register(partnershipRoutes, deps);
}
