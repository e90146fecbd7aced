/**
 * Time-based one-time codes (RFC 6238) for the second factor at sign-in (ASVS V2.8): six digits,
 * SHA-1 and 30-second steps, which every authenticator app understands. A code is accepted for
 * the current step or one either side (clock drift of up to 30 seconds), and only for a step
 * later than the last one accepted, so a code seen over someone's shoulder cannot be used again.
 * Pure: the time is given, never read.
 */
import { Secret, TOTP } from 'otpauth';

export const STEP_SECONDS = 30;
export const DIGITS = 6;
/** steps either side of now that are accepted */
export const DRIFT_STEPS = 1;
/** which roles must have a second factor to sign in with a password */
export const ROLES_REQUIRING_SECOND_FACTOR = ['administrator', 'partnership-team', 'chair'];

export function requiresSecondFactor(role: string): boolean {
  return ROLES_REQUIRING_SECOND_FACTOR.includes(role);
}

// Stryker disable next-line StringLiteral: equivalent, because the label and issuer name the account in an app (otpauthUri gives its own) and take no part in the code
function totp(secret: string, label = 'Escalate', issuer = 'Escalate'): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: STEP_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The time-step an instant falls in. */
export function stepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / STEP_SECONDS);
}

/** The code an authenticator app shows at this instant (tests and the demo's own checks). */
export function codeAt(secret: string, now: Date): string {
  return totp(secret).generate({ timestamp: now.getTime() });
}

/** What a person types: spaces and hyphens are allowed ("123 456"), nothing else. */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export type CodeCheck = { ok: true; step: number } | { ok: false; reason: 'wrong' | 'used' };

/**
 * Checks a code against the secret at `now`: accepted for the step it matches (now, or one either
 * side) unless that step is not after `lastStep` (then it was used already, or an older one).
 */
export function checkCode(
  secret: string,
  input: string,
  now: Date,
  lastStep: number | null,
): CodeCheck {
  // otpauth's validate accepts only the six digits it makes: anything else is wrong
  const delta = totp(secret).validate({
    token: normaliseCode(input),
    timestamp: now.getTime(),
    window: DRIFT_STEPS,
  });
  if (delta === null) return { ok: false, reason: 'wrong' };
  const step = stepAt(now) + delta;
  // no step accepted yet (null): every step since 1970 is after 0
  if (step <= (lastStep ?? 0)) return { ok: false, reason: 'used' };
  return { ok: true, step };
}

/** The otpauth:// address a QR code carries, for the app to add this account. */
export function otpauthUri(secret: string, account: string, issuer: string): string {
  return totp(secret, account, issuer).toString();
}

/** The key written out for typing: groups of four letters or digits. */
export function groupedKey(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}
