/**
 * The Fastify app: one plugin per concern (security headers, static assets, views, health,
 * errors), then the routes. Services are passed in; routes stay thin.
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { errors } from './plugins/errors.js';
import { health } from './plugins/health.js';
import { securityHeaders } from './plugins/security-headers.js';
import { staticAssets } from './plugins/static.js';
import { views } from './plugins/views.js';
import { startRoutes } from './routes/start.js';

export interface AppDeps {
  config: Pick<Config, 'nodeEnv' | 'baseUrl'>;
  logger?: boolean | object;
  checkDatabase: () => Promise<void>;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const production = deps.config.nodeEnv === 'production';
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 256 * 1024,
    trustProxy: production,
    disableRequestLogging: deps.config.nodeEnv === 'test',
    return503OnClosing: true,
  });
  await app.register(securityHeaders, { production });
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(views, { production });
  await app.register(errors);
  await app.register(staticAssets);
  await app.register(health, { checkDatabase: deps.checkDatabase });
  await app.register(startRoutes);
  return app;
}
