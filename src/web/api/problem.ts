/**
 * Errors as application/problem+json (RFC 9457), with a `detail` a person can act on.
 */
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

export interface FieldError {
  path: string;
  message: string;
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send({ type: 'about:blank', title, status, detail, ...extra });
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

export function sendInvalid(reply: FastifyReply, error: z.ZodError): FastifyReply {
  const errors = fieldErrors(error);
  const detail = errors
    .map((e) => (e.path === '(body)' ? e.message : `${e.path}: ${e.message}`))
    .join('; ');
  return sendProblem(reply, 400, 'The request has mistakes', detail, { errors });
}
