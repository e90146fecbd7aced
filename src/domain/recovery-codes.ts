/**
 * Recovery codes for the second factor: ten single-use codes a person keeps somewhere safe, each
 * accepted once at the code step in place of a code from their app (when the phone is lost).
 * Ten characters of Crockford's base 32 (50 random bits), shown as two groups of five; typed
 * without case, spaces or hyphens, and with o, i and l read as 0, 1 and 1. Pure: the random
 * bytes come from the caller.
 */
export const RECOVERY_CODE_COUNT = 10;
export const RECOVERY_CODE_LENGTH = 10;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A code from RECOVERY_CODE_LENGTH random bytes (each gives 5 bits), as stored: no hyphen. */
export function recoveryCodeFrom(bytes: Uint8Array): string {
  if (bytes.length !== RECOVERY_CODE_LENGTH)
    throw new RangeError(`give ${RECOVERY_CODE_LENGTH} bytes`);
  return Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
}

/** As shown to the person: "k3m9p-x2q7r". */
export function groupedRecoveryCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What was typed, as a code to look up; undefined when it cannot be a recovery code. */
export function normaliseRecoveryCode(input: string): string | undefined {
  const code = input.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  if (code.length !== RECOVERY_CODE_LENGTH) return undefined;
  return [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}
