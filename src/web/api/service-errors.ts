/**
 * The case services' refusals as the API answers them, once for every route (the error handler,
 * src/web/plugins/errors.ts, calls this for /api/ requests): problem+json with the status each
 * means. Pages answer CaseNotFound with the 404 page and show the others on their forms.
 */
import type { FastifyReply } from 'fastify';
import {
  CaseNotFound,
  CommandRefused,
  InvalidRequest,
  VersionConflict,
} from '../../services/cases/index.js';
import { sendProblem } from './problem.js';

/** Whether the error is one of the case services' refusals. */
export const isServiceError = (error: unknown) =>
  error instanceof CaseNotFound ||
  error instanceof VersionConflict ||
  error instanceof CommandRefused ||
  error instanceof InvalidRequest;

export function sendServiceError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof CaseNotFound)
    return sendProblem(reply, 404, 'Case not found', error.message);
  if (error instanceof VersionConflict) {
    return sendProblem(reply, 409, 'The case has changed', error.message, {
      currentVersion: error.currentVersion,
    });
  }
  if (error instanceof CommandRefused) {
    return sendProblem(reply, 422, 'The policy does not allow that', error.error.message, {
      code: error.error.code,
    });
  }
  if (error instanceof InvalidRequest) {
    return sendProblem(
      reply,
      422,
      'That cannot be done',
      error.message,
      error.field ? { errors: [{ path: error.field, message: error.message }] } : {},
    );
  }
  throw error;
}
