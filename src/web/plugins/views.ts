/**
 * Nunjucks with GOV.UK Frontend's templates and macros (autoescaped). `reply.render(template,
 * context)` adds what every page needs: the service name, the current path,
 * whether someone is signed in and the session's CSRF token for forms.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { dateTimeWords, dateWords } from '../../words.js';
import { GOVUK, VIEWS } from '../folders.js';

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
  /** test mode only: name the template of each page in an `x-template` header, so the page
   * tests can check that axe has seen every page template (test/e2e/axe-coverage.test.ts) */
  templateHeader?: boolean;
}

export function createViewEnvironment(options: ViewOptions): nunjucks.Environment {
  // A new Environment (not nunjucks.configure) so two apps in one process do not share globals.
  const loader = new nunjucks.FileSystemLoader([VIEWS, GOVUK], { noCache: !options.production });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  if (options.production) rememberTemplateNames(env);
  env.addGlobal('serviceName', options.serviceName);
  env.addFilter('dateTime', (iso: string) => (iso ? dateTimeWords(iso) : ''));
  env.addFilter('date', (iso: string) => (iso ? dateWords(iso) : ''));
  return env;
}

type Resolve = (loader: object, parentName: string | null, filename: string) => string;

/**
 * Every include and import inside GOV.UK's macros names its template relative to the one it is
 * in, and nunjucks resolves that path (path.resolve) on every call: a signed-in case page made
 * hundreds of these, about a sixth of its render (bench/RESULTS.md, session 3). In production
 * the loader keeps every template it has read (no noCache), so a name always resolves to the
 * same file: remembered. Not in development, where templates are read afresh on each render.
 */
function rememberTemplateNames(env: nunjucks.Environment): void {
  const target = env as unknown as { resolveTemplate: Resolve };
  const resolve = target.resolveTemplate.bind(env);
  // loader -> the name of the template asking -> the name asked for -> the template's name
  const known = new WeakMap<object, Map<string, Map<string, string>>>();
  target.resolveTemplate = (loader, parentName, filename) => {
    let byParent = known.get(loader);
    if (!byParent) {
      byParent = new Map();
      known.set(loader, byParent);
    }
    let names = byParent.get(parentName ?? '');
    if (!names) {
      names = new Map();
      byParent.set(parentName ?? '', names);
    }
    let name = names.get(filename);
    if (name === undefined) {
      name = resolve(loader, parentName, filename);
      names.set(filename, name);
    }
    return name;
  };
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
      if (options.templateHeader) this.header('x-template', template);
      return this.type('text/html; charset=utf-8').send(html);
    },
  );
});
