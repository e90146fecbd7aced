/**
 * Nunjucks with GOV.UK Frontend's templates and macros (autoescaped). `reply.render(template,
 * context)` adds what every page needs: the service name, the current path,
 * whether someone is signed in and the session's CSRF token for forms.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { dateTimeWords, dateWords } from '../../words.js';
import { GOVUK, VIEWS } from '../paths.js';

declare module 'fastify' {
  interface FastifyReply {
    /** renders a template from src/web/views/ as the HTML answer */
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
  interface FastifyInstance {
    views: nunjucks.Environment;
  }
}

export interface ViewOptions {
  production: boolean;
  serviceName: string;
}

export function createViewEnvironment(options: ViewOptions): nunjucks.Environment {
  // A new Environment (not nunjucks.configure) so two apps in one process do not share globals.
  const loader = new nunjucks.FileSystemLoader([VIEWS, GOVUK], { noCache: !options.production });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  env.addGlobal('govukRebrand', true);
  env.addGlobal('serviceName', options.serviceName);
  env.addFilter('dateTime', (iso: string) => (iso ? dateTimeWords(iso) : ''));
  env.addFilter('date', (iso: string) => (iso ? dateWords(iso) : ''));
  return env;
}

export const views = fp(async (app: FastifyInstance, options: ViewOptions) => {
  const env = createViewEnvironment(options);
  app.decorate('views', env);
  app.decorateReply(
    'render',
    function render(template: string, context: Record<string, unknown> = {}) {
      const html = env.render(template, {
        ...context,
        currentPath: this.request.url.split('?')[0],
        signedIn: this.request.sessionActor,
        csrfToken: this.request.session?.data.csrf,
      });
      return this.type('text/html; charset=utf-8').send(html);
    },
  );
});
