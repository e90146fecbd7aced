/**
 * The two kinds of body Escalate reads, JSON (the API) and urlencoded forms (the pages), parsed
 * from their bytes so that text which is not UTF-8 is refused rather than stored with U+FFFD in
 * place of the bad bytes (ASVS V5.1.4): raw bytes that are not UTF-8, and in a form, %-escapes
 * whose bytes are not (`reason=%FF`; a browser escapes every byte it sends). A form's repeated
 * field comes through as a list; whether that is allowed is up to the field (forms.ts: `text`
 * refuses a repeated single answer, `list` takes the repeats of a checkbox).
 */
import { isUtf8 } from 'node:buffer';
import { parse as parseQuery } from 'node:querystring';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export const NOT_UTF8 = 'ESC_NOT_UTF8';

/** A 400 the error handler answers with its message (errors.ts). */
export class BodyNotUtf8 extends Error {
  readonly statusCode = 400;
  readonly code = NOT_UTF8;
  constructor(where: string) {
    super(
      `${where} is not valid UTF-8: some of its bytes are not characters. Nothing was changed. Type or paste the text again, or send it encoded as UTF-8.`,
    );
  }
}

const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;

/** Whether every run of %-escapes in urlencoded text decodes to UTF-8. */
export function escapesAreUtf8(text: string): boolean {
  for (const [run] of text.matchAll(ESCAPES)) {
    if (!isUtf8(Buffer.from(run.replaceAll('%', ''), 'hex'))) return false;
  }
  return true;
}

export const bodyParsers = fp(async (app: FastifyInstance, options: { bodyLimit: number }) => {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: options.bodyLimit },
    (request: FastifyRequest, body: Buffer, done) => {
      if (!isUtf8(body)) return done(new BodyNotUtf8('The JSON body'), undefined);
      // biome-ignore lint/nursery/noFloatingPromises: Fastify's parser answers through done(), not a promise
      json(request, body.toString('utf8'), done);
    },
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer', bodyLimit: options.bodyLimit },
    (_request: FastifyRequest, body: Buffer, done) => {
      const text = body.toString('utf8');
      if (!isUtf8(body) || !escapesAreUtf8(text)) {
        return done(new BodyNotUtf8('What you sent'), undefined);
      }
      // repeated names become lists; no cap on the number of fields (the body limit is one)
      done(null, parseQuery(text, '&', '=', { maxKeys: 0 }));
    },
  );
});
