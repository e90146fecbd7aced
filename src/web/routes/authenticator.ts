/**
 * What the authenticator pages share: the code form (one schema), the set-up page's QR code and
 * written-out key, and the messages. The QR code is an SVG drawn on the server and sent as a
 * `data:` image (the CSP's img-src allows data:), so no script and no inline style is needed.
 */
import { z } from 'zod';
import { groupedKey, normaliseCode, otpauthUri } from '../../domain/totp.js';
import type { CodeResult } from '../../services/second-factor.js';
import { type FormErrors, formErrors, zodErrors } from '../forms.js';
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

export function parseCode(body: unknown): { code: string } | { errors: FormErrors } {
  const value = (body as Record<string, unknown> | undefined)?.code;
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
