/**
 * What makes a password acceptable (NCSC password guidance; ASVS V2.1): long enough, not one
 * everybody tries, and that is all. No composition rules (they make passwords worse, not
 * better) and no expiry. Pure: the deny-list is passed in (services/passwords.ts reads it).
 * - at least MIN_LENGTH characters (counted as Unicode code points, so emoji and accents count
 *   once): 12, above NCSC's floor of 8, because an account here sees children's records;
 * - at most MAX_LENGTH: a longer one is refused with a message, never cut short (argon2 hashes
 *   the whole of it; the cap only stops a megabyte "password" making every sign-in slow);
 * - not on the deny-list of common and breached passwords, nor one of them with digits or
 *   punctuation added at the end, nor the person's own e-mail address or name, nor the name
 *   of the service; compared without case, spaces or accents.
 */
export const MIN_LENGTH = 12;
export const MAX_LENGTH = 1024;

export interface PasswordContext {
  email?: string;
  name?: string;
  /** lower-case, normalised entries (see normalisePassword), none of them empty */
  denyList: ReadonlySet<string>;
}

export function normalisePassword(password: string): string {
  return password.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s/g, '');
}

const SERVICE_WORDS = ['escalate', 'safeguarding', 'password'];

/** A plain-English reason the password cannot be used, or undefined when it can. */
export function passwordProblem(password: string, ctx: PasswordContext): string | undefined {
  const length = [...password].length;
  if (length < MIN_LENGTH)
    return `Enter a password of at least ${MIN_LENGTH} characters. Three random words make a good one.`;
  if (length > MAX_LENGTH) return `Enter a password of ${MAX_LENGTH} characters or fewer.`;
  const plain = normalisePassword(password);
  const stem = plain.replace(/[\d\W_]+$/u, '');
  if (ctx.denyList.has(plain) || ctx.denyList.has(stem))
    return 'That password is too common: people guess it first. Choose another, such as three random words.';
  if (new Set(plain).size <= 2)
    return 'That password repeats the same characters. Choose another, such as three random words.';
  // the person's own words, as compared: parts shorter than 4 characters are too common to refuse
  const own = [ctx.email, ctx.email?.split('@')[0], ctx.name]
    .filter((s): s is string => s !== undefined)
    .map(normalisePassword)
    .filter((s) => s.length >= 4);
  if (own.some((s) => plain.includes(s)))
    return 'Do not use your name or e-mail address in your password.';
  if (SERVICE_WORDS.some((w) => stem === w || stem === `${w}${w}`))
    return 'That password is too easy to guess. Choose another, such as three random words.';
  return undefined;
}
