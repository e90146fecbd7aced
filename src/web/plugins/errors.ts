/**
 * Not found and errors: GOV.UK pages for people, problem+json for the API. A client's mistake
 * (bad JSON, a body too large, a wrong content type) keeps its 4xx status and says what to fix;
 * only a fault of ours is a 500, logged without the request body.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { CaseNotFound } from '../../services/cases/index.js';
import { sendProblem } from '../api/problem.js';
import { isServiceError, sendServiceError } from '../api/service-errors.js';

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');

const CLIENT_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty: send a JSON object.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The body is too large.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length does not match the body.',
};

/** Fastify's schema messages name the field and the rule ("body/category must be equal to one
 * of the allowed values"), never the value sent, so they are safe to return and to act on. */
function clientDetail(error: FastifyError): string {
  if (error.validation) return `Check the request: ${error.message}.`;
  // ours (a body that is not UTF-8, an answer sent twice): written for people, naming no value
  if (error.code?.startsWith('ESC_')) return error.message;
  return CLIENT_MESSAGES[error.code] ?? 'The request could not be understood.';
}

const TITLES: Record<number, string> = {
  401: 'Sign in first',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
};

/** Only what helps find the fault: enumerable extras (a driver's `detail`, `parameters`) can
 * carry personal data, so they are left out. */
function safeError(error: FastifyError) {
  return { type: error.name, code: error.code, message: error.message, stack: error.stack };
}

/** Eight characters a person can read out over the phone: no 0/O or 1/I to confuse. */
const REFERENCE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function errorReference(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => REFERENCE_LETTERS[b % REFERENCE_LETTERS.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  if (isApi(request))
    return sendProblem(reply, 404, 'Not found', 'There is nothing at this address.');
  return reply.code(404).render('404.njk');
}

export const errors = fp(async (app: FastifyInstance) => {
  app.setNotFoundHandler(notFound);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // the case services' refusals, answered once: problem+json for the API; for a page, a case
    // the person may not see (or none) is the same 404 as any unknown address
    if (isApi(request) && isServiceError(error)) return sendServiceError(reply, error);
    if ((error as unknown) instanceof CaseNotFound) return notFound(request, reply);
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status < 500) {
      const detail = clientDetail(error);
      if (isApi(request))
        return sendProblem(reply, status, TITLES[status] ?? 'Bad request', detail);
      if (status === 404) return reply.code(404).render('404.njk');
      return reply
        .code(status)
        .render('error.njk', { title: 'There is a problem with your request', detail });
    }
    // The route pattern, not the URL (ids and queries stay out of the log); never the body.
    // The reference is shown to the person and logged beside the fault, so a service desk can
    // find the one log line a report is about (ASVS V7.4.1).
    const reference = errorReference();
    request.log.error(
      { err: safeError(error), method: request.method, route: request.routeOptions.url, reference },
      'unexpected error',
    );
    if (isApi(request)) {
      return sendProblem(
        reply,
        500,
        'Something went wrong',
        `Sorry, there is a problem with the service. Nothing was changed; try again later. If it goes on, give the service desk the reference ${reference}.`,
        { reference },
      );
    }
    return reply.code(500).render('500.njk', { reference });
  });
});
