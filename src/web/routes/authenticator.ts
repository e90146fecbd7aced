/**
 * What the authenticator pages share: the code form (one schema), the set-up page's QR code and
 * written-out key, and the messages. The QR code is an SVG drawn on the server and sent as a
 * `data:` image (the CSP's img-src allows data:), so no script and no inline style is needed.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { normaliseRecoveryCode } from '../../domain/recovery-codes.js';
import { groupedKey, normaliseCode, otpauthUri } from '../../domain/totp.js';
import { makeRecoveryCodes } from '../../services/recovery-codes.js';
import type { CodeResult } from '../../services/second-factor.js';
import { open, seal } from '../../services/secret-box.js';
import { type FormBody, type FormErrors, formErrors, text, zodErrors } from '../forms.js';
import { lockedMessage } from './sign-in-words.js';

export const CodeForm = z.object({
  code: z
    .string()
    .transform(normaliseCode)
    .pipe(
      z
        .string()
        .min(1, 'Enter the 6-digit code from your authenticator app')
        .regex(/^\d{6}$/, 'Enter the code as 6 digits, like 123456'),
    ),
});

/** Wrong and already used get one message: which it was would help only someone guessing. */
export const WRONG_CODE =
  'That code is not right, or it has been used already. Wait for your app to show a new code, then enter it.';

/**
 * The code typed: 6 digits from the app, or (where the check allows it: the sign-in code step and
 * turning the app off) one of the person's recovery codes, normalised.
 */
export function parseCode(body: unknown): { code: string } | { errors: FormErrors } {
  const value = text((body ?? {}) as FormBody, 'code');
  const recovery = typeof value === 'string' ? normaliseRecoveryCode(value) : undefined;
  if (recovery !== undefined) return { code: recovery };
  const form = CodeForm.safeParse({ code: typeof value === 'string' ? value : '' });
  return form.success ? form.data : { errors: zodErrors(form.error, { code: 'code' }) };
}

/** The page's errors and status for a refused code. */
export function refusal(result: Exclude<CodeResult, { ok: true }>, now: Date) {
  const locked = result.reason === 'locked';
  const message = locked ? lockedMessage(result.until, now) : WRONG_CODE;
  return { status: locked ? 429 : 400, errors: formErrors([{ field: 'code', message }]) };
}

/** What the set-up page shows: the QR code and the key for typing. */
export async function setUpView(secret: string, account: string, issuer: string) {
  const uri = otpauthUri(secret, account, issuer);
  // qrcode is loaded at the first set-up, not at start-up (bench/RESULTS.md, session 4)
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    key: groupedKey(secret),
  };
}

/**
 * Makes recovery codes for a person who has just set up an app, and keeps them, sealed, in the
 * (new) session until the next page shows them, once (`takeNewRecoveryCodes`). They are never
 * stored in the clear; the database holds their hashes.
 */
export async function makeCodesForNewApp(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  deps: { db: Parameters<typeof makeRecoveryCodes>[0]; totpKey: Buffer; now: () => Date },
  personId: string,
): Promise<void> {
  const codes = await makeRecoveryCodes(deps.db, personId, deps.now());
  const session = await app.sessions.ensure(request, reply);
  session.data.newRecoveryCodes = seal(deps.totpKey, JSON.stringify(codes), personId);
  await app.sessions.save(request);
}

/** The codes kept by `makeCodesForNewApp`, taken out of the session: shown once. */
export async function takeNewRecoveryCodes(
  app: FastifyInstance,
  request: FastifyRequest,
  key: Buffer,
  personId: string,
): Promise<string[] | undefined> {
  const sealed = request.session?.data.newRecoveryCodes;
  if (!sealed || !request.session) return undefined;
  delete request.session.data.newRecoveryCodes;
  await app.sessions.save(request);
  return JSON.parse(open(key, sealed, personId)) as string[];
}
