/**
 * Security headers on every answer, with a fresh CSP nonce per request for the one inline
 * script the GOV.UK template needs (it adds the js-enabled class) and our module script. No
 * other inline script or style is allowed; HSTS only in production, where the service is behind
 * HTTPS.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    cspNonce: string;
  }
}

export const securityHeaders = fp(
  async (app: FastifyInstance, options: { production: boolean }) => {
    app.decorateRequest('cspNonce', '');
    app.addHook('onRequest', async (request, reply) => {
      request.cspNonce = randomBytes(16).toString('base64');
      reply.headers({
        'content-security-policy': [
          "default-src 'self'",
          `script-src 'self' 'nonce-${request.cspNonce}'`,
          "style-src 'self'",
          "img-src 'self' data:",
          "font-src 'self'",
          "connect-src 'self'",
          "frame-ancestors 'none'",
          "form-action 'self'",
          "base-uri 'self'",
          "object-src 'none'",
        ].join('; '),
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'same-origin',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
        ...(options.production
          ? { 'strict-transport-security': 'max-age=63072000; includeSubDomains' }
          : {}),
      });
    });
  },
);
