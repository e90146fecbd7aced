/**
 * Security headers on every answer (ASVS V14.4). The Content-Security-Policy allows scripts only
 * from our own origin: no inline script at all, so no nonce (GOV.UK's inline js-enabled script is
 * a file, see views/base.njk). HSTS only in production, where the service is behind HTTPS.
 *
 * Every answer is `cache-control: no-store` unless a route says otherwise: case data must never
 * be kept by a browser or a proxy, and a default that is safe cannot be forgotten on a new route.
 * Only the static assets (plugins/static.ts) replace it with a max-age.
 *
 * API answers also say `content-disposition: attachment` (ASVS V14.4.2), so a JSON answer opened
 * in a browser tab is saved rather than shown as a page; the CSV and PDF downloads name their own
 * file. No CORS header is ever sent: only our own pages may call the API from a browser.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

/** The headers every answer carries (also set by hand on the rare answers no hook sees). */
export function securityHeaderValues(production: boolean): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'cache-control': 'no-store',
    ...(production ? { 'strict-transport-security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

export const securityHeaders = fp(
  async (app: FastifyInstance, options: { production: boolean }) => {
    const headers = securityHeaderValues(options.production);
    app.addHook('onRequest', async (request, reply) => {
      reply.headers(headers);
      if (request.url.startsWith('/api/')) {
        reply.header('content-disposition', 'attachment; filename="api.json"');
      }
    });
  },
);
