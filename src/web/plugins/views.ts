/**
 * Nunjucks with GOV.UK Frontend's templates and macros (autoescaped). `reply.render(template,
 * context)` adds what every page needs: the service name, the current path,
 * whether someone is signed in and the session's CSRF token for forms.
 *
 * Templates are compiled once and kept, in development too: there a watcher on
 * src/web/views empties the cache when a file in it changes, so an edit shows on the next
 * render without recompiling every template on every render (which made the development
 * server's case page about 20 times slower than production's).
 */
import { type FSWatcher, watch } from 'node:fs';
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

export interface ViewEnvironment {
  env: nunjucks.Environment;
  /** empties what has been compiled and resolved: the next render reads the files again */
  forget(): void;
}

/**
 * The app's Nunjucks environment. `speedUps: false` leaves out what only makes rendering faster
 * (template names remembered, a linear `trim`): stock Nunjucks, which the tests render the same
 * pages with to check that the speed-ups change no byte of any page (test/view-output.test.ts).
 */
export function createViewEnvironment(
  options: ViewOptions,
  folder: string = VIEWS,
  { speedUps = true }: { speedUps?: boolean } = {},
): ViewEnvironment {
  // A new Environment (not nunjucks.configure) so two apps in one process do not share globals.
  const loader = new nunjucks.FileSystemLoader([folder, GOVUK]);
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  const names = speedUps ? rememberTemplateNames(env) : new Map();
  env.addGlobal('serviceName', options.serviceName);
  env.addFilter('dateTime', (iso: string) => (iso ? dateTimeWords(iso) : ''));
  env.addFilter('date', (iso: string) => (iso ? dateWords(iso) : ''));
  if (speedUps) {
    env.addFilter('trim', trim);
    env.addExtension('callerOnce', callerOnce);
  }
  return {
    env,
    forget: () => {
      // nunjucks' own (its type definitions leave it out): empties each loader's cache
      (env as unknown as { invalidateCache(): void }).invalidateCache();
      names.clear();
    },
  };
}

/**
 * Development only: empties the cache when anything under src/web/views changes (GOV.UK
 * Frontend's templates, in node_modules, do not change while the server runs). Returns the
 * watcher, or undefined where the platform cannot watch a folder tree (the cache is then
 * emptied on every render, as before).
 */
export function watchTemplates(
  views: ViewEnvironment,
  folder: string = VIEWS,
): FSWatcher | undefined {
  try {
    const watcher = watch(folder, { recursive: true }, () => views.forget());
    watcher.unref();
    return watcher;
  } catch {
    return undefined;
  }
}

/**
 * Nunjucks' own `trim` filter, with the same answer, in linear time. GOV.UK's macros trim every
 * caller's output and every `html` they are given; nunjucks trims with
 * `replace(/^\s*|\s*$/g, '')`, which tries `\s*$` again at every character of every run of
 * white space (quadratic in the run's length): in a profile of the case page it was a quarter of
 * the layout's render. `String.prototype.trim` removes the same characters (JavaScript's `\s` is
 * the white space and line terminators that `trim` removes), so the page is byte for byte the
 * same (test/view-output.test.ts).
 */
function trim(text: string | nunjucks.runtime.SafeString): string | nunjucks.runtime.SafeString {
  const trimmed = String(text).trim();
  return text instanceof nunjucks.runtime.SafeString
    ? new nunjucks.runtime.SafeString(trimmed)
    : trimmed;
}

/**
 * GOV.UK's page template outputs its `<header>` and `<footer>` only when their blocks have
 * content, and finds out by rendering them: `{%- if caller() | trim | length > 0 %}`, then
 * `{{ caller() }}` again to print them. So every page rendered its header (the service
 * navigation and the phase banner) and its footer twice. This rewrites those two macros, as the
 * template is compiled, to render the blocks once and keep the text:
 * `{%- set callerText = caller() %}{%- if callerText | trim | length > 0 %}`, then
 * `{{ callerText }}`. The set's `{%-` strips the same white space the if's did, and `caller()`
 * gives the same text both times (its blocks read nothing the macro changes), so the page is
 * byte for byte the same (test/view-output.test.ts). `base.njk` stays GOV.UK's text.
 */
const callerOnce: nunjucks.Extension & { preprocess(source: string): string } = {
  tags: [], // it adds no tag, so nunjucks never asks it to parse one
  parse: () => undefined,
  preprocess(source: string): string {
    if (!source.includes(CALLER_TWICE.test)) return source;
    return source
      .replaceAll(CALLER_TWICE.test, CALLER_ONCE.test)
      .replaceAll(CALLER_TWICE.print, CALLER_ONCE.print);
  },
};
const CALLER_TWICE = { test: '{%- if caller() | trim | length > 0 %}', print: '{{ caller() }}' };
const CALLER_ONCE = {
  test: '{%- set callerText = caller() %}{%- if callerText | trim | length > 0 %}',
  print: '{{ callerText }}',
};

type Resolve = (loader: object, parentName: string | null, filename: string) => string;

/**
 * Every include and import inside GOV.UK's macros names its template relative to the one it is
 * in, and nunjucks resolves that path (path.resolve) on every call: a signed-in case page made
 * hundreds of these, about a sixth of its render (bench/RESULTS.md, session 3). The loader
 * keeps every template it has read, so a name always resolves to the same file: remembered,
 * until the templates are forgotten (a file changed in development).
 */
function rememberTemplateNames(env: nunjucks.Environment): { clear(): void } {
  const target = env as unknown as { resolveTemplate: Resolve };
  const resolve = target.resolveTemplate.bind(env);
  // loader -> the name of the template asking -> the name asked for -> the template's name
  const known = new Map<object, Map<string, Map<string, string>>>();
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
  return { clear: () => known.clear() };
}

export const views = fp(async (app: FastifyInstance, options: ViewOptions) => {
  const viewEnvironment = createViewEnvironment(options);
  const { env } = viewEnvironment;
  if (!options.production) {
    const watcher = watchTemplates(viewEnvironment);
    if (watcher) app.addHook('onClose', async () => watcher.close());
    else app.addHook('onRequest', async () => viewEnvironment.forget());
  }
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
