/**
 * GOV.UK Frontend's compiled CSS, JavaScript, fonts and images, and our own scripts, served
 * locally under /assets/ (no CDN).
 */
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { GOVUK, PUBLIC } from '../folders.js';
import { reach } from '../route-access.js';

const ONE_DAY = 24 * 60 * 60 * 1000;

export async function staticAssets(app: FastifyInstance): Promise<void> {
  // GOV.UK Frontend's files and ours, the same for everyone
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, ...reach('anyone').config };
  });
  const options = {
    decorateReply: false,
    maxAge: ONE_DAY,
    immutable: false,
    index: false as const,
  };
  await app.register(fastifyStatic, {
    root: join(GOVUK, 'govuk', 'assets'),
    prefix: '/assets/',
    ...options,
  });
  await app.register(fastifyStatic, {
    root: join(GOVUK, 'govuk'),
    prefix: '/assets/govuk/',
    allowedPath: (path) => /^\/govuk-frontend\.min\.(css|js)$/.test(path),
    ...options,
  });
  await app.register(fastifyStatic, { root: PUBLIC, prefix: '/assets/app/', ...options });
}
