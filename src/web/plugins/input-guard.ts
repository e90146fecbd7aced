/**
 * Every request's body, query and route parameters are checked here, at the edge, before any
 * route sees them (ASVS V5.1): text that no database column should hold, or that cannot be one
 * person's honest input, is refused with a clear message and changes nothing.
 * - NUL and the other C0 control characters (tab, line feed and carriage return are fine):
 *   PostgreSQL refuses NUL in text, so it would otherwise fail deep inside a transaction;
 * - broken Unicode (a lone UTF-16 surrogate, as "\ud800" in JSON): it cannot be stored as UTF-8
 *   without silently changing it; likewise %-escapes in the address whose bytes are not UTF-8
 *   (bodies that are not UTF-8 are refused as they are parsed, body-parsers.ts);
 * - JSON nested deeper than MAX_DEPTH: no input of ours is deeper than 6, and walking a deeper
 *   one is work an attacker chooses.
 * (Over-long text is refused by each input's own schema, with the field's own message; the body
 * as a whole is capped by the body limit.)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from '../api/problem.js';
import { escapesAreUtf8 } from './body-parsers.js';

export const MAX_DEPTH = 32;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type InputProblem = { path: string; problem: 'control' | 'unicode' | 'depth' };

/** The first problem in a parsed input, walked without recursion; undefined when it is clean. */
export function findInputProblem(input: unknown, root: string): InputProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value: input, path: root, depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as (typeof stack)[number];
    if (depth > MAX_DEPTH) return { path, problem: 'depth' };
    if (typeof value === 'string') {
      if (CONTROL.test(value)) return { path, problem: 'control' };
      if (LONE_SURROGATE.test(value)) return { path, problem: 'unicode' };
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const at = `${path}.${key}`;
        if (CONTROL.test(key)) return { path: at, problem: 'control' };
        if (LONE_SURROGATE.test(key)) return { path: at, problem: 'unicode' };
        stack.push({ value: child, path: at, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

const MESSAGES: Record<InputProblem['problem'], string> = {
  control:
    'contains a control character (such as NUL) that cannot be stored. Remove it and try again.',
  unicode: 'contains broken Unicode text (a lone surrogate). Type or paste the text again.',
  depth: `is nested too deeply (more than ${MAX_DEPTH} levels). Send a simpler request.`,
};

export function inputProblemMessage(found: InputProblem): string {
  return `${found.path.replace(/^body\./, '')} ${MESSAGES[found.problem]}`;
}

const NOT_UTF8_ADDRESS =
  'The address is not valid UTF-8: some of its %-escaped bytes are not characters. Check the link and try again.';

async function guard(request: FastifyRequest, reply: FastifyReply) {
  // the query and path as sent: once decoded, bytes that are not UTF-8 have become U+FFFD
  if (!escapesAreUtf8(request.raw.url ?? '')) return refuse(request, reply, NOT_UTF8_ADDRESS);
  const found =
    findInputProblem(request.params, 'params') ??
    findInputProblem(request.query, 'query') ??
    findInputProblem(request.body, 'body');
  if (!found) return;
  return refuse(request, reply, inputProblemMessage(found), found.path);
}

function refuse(request: FastifyRequest, reply: FastifyReply, detail: string, path = '(address)') {
  if (request.url.startsWith('/api/')) {
    return sendProblem(reply, 400, 'The request has mistakes', detail, {
      errors: [{ path: path.replace(/^body\.?/, '') || '(body)', message: detail }],
    });
  }
  return reply
    .code(400)
    .render('error.njk', { title: 'There is a problem with what you sent', detail });
}

export const inputGuard = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', guard);
});
