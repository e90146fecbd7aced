/**
 * Nunjucks with GOV.UK Frontend's templates and macros. `reply.render(template, context)`
 * adds what every page needs: the CSP nonce, the service name and the current path.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { GOVUK, VIEWS } from '../paths.js';

declare module 'fastify' {
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

export function createViewEnvironment(production: boolean): nunjucks.Environment {
  const env = nunjucks.configure([VIEWS, GOVUK], {
    autoescape: true,
    noCache: !production,
    throwOnUndefined: false,
  });
  env.addGlobal('govukRebrand', true);
  env.addGlobal('serviceName', 'Escalate');
  return env;
}

export const views = fp(async (app: FastifyInstance, options: { production: boolean }) => {
  const env = createViewEnvironment(options.production);
  app.decorate('views', env);
  app.decorateReply(
    'render',
    function render(template: string, context: Record<string, unknown> = {}) {
      const html = env.render(template, {
        ...context,
        cspNonce: this.request.cspNonce,
        currentPath: this.request.url.split('?')[0],
        signedIn: this.request.sessionActor,
      });
      return this.type('text/html; charset=utf-8').send(html);
    },
  );
});

declare module 'fastify' {
  interface FastifyInstance {
    views: nunjucks.Environment;
  }
}
