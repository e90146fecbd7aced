/**
 * A person's authenticator app, for tests: the code it would show, computed from the secret the
 * service stored (or, while setting one up, from the key the page shows, as a person would type
 * it). The product has no way round the code; the tests compute it.
 */
import { codeAt, STEP_SECONDS, stepAt } from '../../src/domain/totp.js';
import { storedSecret, totpKey } from '../../src/services/second-factor.js';
import type { Db } from '../../src/store/database.js';

export interface AuthenticatorContext {
  db: Db;
  /** TOTP_ENCRYPTION_KEY as configured (hex) */
  key: string;
  /** the app's fake clock: moved on to the next 30 seconds when this one's code was used */
  clock: { now: Date };
}

/** The key shown on a set-up page (grouped in fours), as the base32 secret. */
export function keyOnPage(body: string): string {
  const shown = /id="key">([A-Z2-7 ]+)</.exec(body)?.[1];
  if (!shown) throw new Error('no key on the page');
  return shown.replace(/ /g, '');
}

/** The code for a secret now. */
export function codeFor(secret: string, now: Date): string {
  return codeAt(secret, now);
}

/**
 * The person's current code from their stored secret. When this time-step's code was already
 * accepted (a second sign-in within 30 fake seconds), the clock waits for the next one, as a
 * person would.
 */
export async function currentCode(ctx: AuthenticatorContext, personId: string): Promise<string> {
  const stored = await storedSecret(ctx.db, totpKey(ctx.key), personId);
  if (!stored) throw new Error('this person has no authenticator app');
  if (stored.lastStep !== null && stepAt(ctx.clock.now) <= stored.lastStep) {
    ctx.clock.now = new Date((stored.lastStep + 1) * STEP_SECONDS * 1000 + 1000);
  }
  return codeAt(stored.secret, ctx.clock.now);
}
