/**
 * Not found and errors: GOV.UK pages for people, problem+json for the API. A client's mistake
 * (bad JSON, a body too large, a wrong content type) keeps its 4xx status and says what to fix;
 * only a fault of ours is a 500, logged without the request body.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from '../api/problem.js';

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');

const CLIENT_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON: 'The body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty: send a JSON object.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The body is too large.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length does not match the body.',
};

function notFound(request: FastifyRequest, reply: FastifyReply) {
  if (isApi(request))
    return sendProblem(reply, 404, 'Not found', 'There is nothing at this address.');
  return reply.code(404).render('404.njk');
}

export const errors = fp(async (app: FastifyInstance) => {
  app.setNotFoundHandler(notFound);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status < 500) {
      const detail = CLIENT_MESSAGES[error.code] ?? 'The request could not be understood.';
      if (isApi(request)) return sendProblem(reply, status, 'Bad request', detail);
      return reply
        .code(status)
        .render('error.njk', { title: 'There is a problem with your request', detail });
    }
    request.log.error({ err: error, url: request.routeOptions.url }, 'unexpected error');
    if (isApi(request)) {
      return sendProblem(
        reply,
        500,
        'Something went wrong',
        'Sorry, there is a problem with the service. Nothing was changed; try again later.',
      );
    }
    return reply.code(500).render('500.njk');
  });
});
