/**
 * Every route declares, in its Fastify options, who may reach it and what it writes to a case's
 * access log: `app.get(paths.caseShow.pattern, reach('need-to-know', ['read']), handler)`. The
 * handler enforces the rule (through pageActor / apiActor and the case services, which answer
 * 404 for a case the person may not see); the declaration is what a reader and the access-matrix
 * test read (test/security/access-matrix.test.ts walks every declared case route as every role).
 * A route registered without a declaration stops the app at start.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { AccessLogAction } from '../store/schema.js';

/** Who may reach a route. */
export const REACHES = {
  anyone: 'Anyone: no case data (start page, health, sign-in, assets, the API description)',
  'pending-sign-in': 'Only with a password just checked in this session: the second sign-in step',
  'signed-in': 'Any signed-in person, for their own account and what they may see',
  'need-to-know':
    'The case in the address, to a person who may see it (participant, up their line, DSL, partnership team or chair); everyone else gets 404',
  'case-access-log': "The partnership team of the case's partnership; everyone else gets 404",
  oversight: 'The partnership team and chair, for their own partnership; everyone else gets 404',
  'agency-worker': 'Someone working at an agency (they raise disagreements)',
  administrator: "An administrator, for their own partnership's directory",
  'partnership-team': "The partnership team, for their own partnership's policies",
} as const;
export type Reach = keyof typeof REACHES;

export interface RouteAccess {
  reach: Reach;
  /** what a request that succeeds writes to the access log of each case it shows */
  logs: readonly AccessLogAction[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** every route's declaration, in the order registered (HEAD routes left out) */
    routeAccess: { method: string; url: string; access: RouteAccess }[];
  }
}

/** The route options that declare a route's reach and the access-log actions it writes. */
export function reach(who: Reach, logs: readonly AccessLogAction[] = []) {
  return { config: { access: { reach: who, logs } } };
}

/** Collects the declarations; refuses to start with a route that has none. */
export const routeAccess = fp(async (app: FastifyInstance) => {
  const routes: RouteOptions[] = [];
  app.decorate('routeAccess', []);
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', async () => {
    const declared = routes.flatMap((route) =>
      [route.method]
        .flat()
        .flatMap((method) =>
          method === 'HEAD' ? [] : [{ method, url: route.url, access: route.config?.access }],
        ),
    );
    const missing = declared.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`);
    if (missing.length > 0) {
      throw new Error(
        `Every route declares who may reach it (src/web/route-access.ts); these do not: ${missing.join(', ')}`,
      );
    }
    app.routeAccess.push(
      ...declared.map((r) => ({ method: r.method, url: r.url, access: r.access as RouteAccess })),
    );
  });
});
