/**
 * Setting a person's password, checked against the password rules (domain/password.ts) and the
 * deny-list shipped in security/common-passwords.txt, then hashed with argon2id. The password is
 * never logged, and is hashed whole: a long one is refused with a message, never truncated.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { normalisePassword, passwordProblem } from '../domain/password.js';
import { presetsDirectory } from '../policies/presets.js';
import type { Db } from '../store/database.js';
import { queueAccountNotice } from './account-notices.js';
import { hashPassword } from './demo.js';
import { personIdByEmail } from './people.js';
import { signIn } from './sign-in.js';
import { UnknownPersonError } from './tokens.js';

export class PasswordRefused extends Error {}

let denyList: ReadonlySet<string> | undefined;

/** The deny-list, read once: security/common-passwords.txt in the repository. */
export function commonPasswords(): ReadonlySet<string> {
  denyList ??= new Set(
    readFileSync(join(dirname(presetsDirectory()), 'security', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && !line.startsWith('#'))
      .map(normalisePassword),
  );
  return denyList;
}

/**
 * Checks and sets the password of the person with this e-mail address, ends their sessions and
 * tells them by e-mail (ASVS V2.2.3, V2.5.5), all in one transaction: a refused password
 * changes nothing and tells nobody. `by` says who set it: the person from Your account, or an
 * administrator (`escalate password set`, the default).
 */
export async function setPassword(
  db: Db,
  email: string,
  password: string,
  options: { by?: 'self' | 'administrator'; now?: Date } = {},
): Promise<void> {
  const personId = await personIdByEmail(db, email);
  if (!personId) throw new UnknownPersonError(`nobody has the e-mail ${email}`);
  const person = await db
    .selectFrom('people')
    .select(['email', 'name'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  const problem = passwordProblem(password, { ...person, denyList: commonPasswords() });
  if (problem) throw new PasswordRefused(problem);
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('people')
      .set({ password_hash: hash })
      .where('id', '=', personId)
      .execute();
    // a new password ends every session the old one opened
    await trx.deleteFrom('sessions').where('person_id', '=', personId).execute();
    await queueAccountNotice(trx, {
      personId,
      email: person.email,
      change: options.by === 'self' ? 'password-changed' : 'password-set',
      at: options.now ?? new Date(),
    });
  });
}

export type PasswordChange =
  | { ok: true }
  | { ok: false; reason: 'no-password' | 'wrong-current' }
  | { ok: false; reason: 'locked'; until: string }
  | { ok: false; reason: 'refused'; problem: string };

/**
 * A signed-in person changes their own password (ASVS V2.1.5, V2.1.6): the current one must be
 * right, checked under the sign-in throttle (a wrong one counts as a failed sign-in, so this
 * page cannot be used to guess it faster), and the new one must pass the password rules. Setting
 * it ends every session the person has; the route starts a new one for this browser (V3.3.3).
 */
export async function changePassword(
  db: Db,
  input: { email: string; current: string; next: string; ip: string },
  now: Date,
): Promise<PasswordChange> {
  const personId = await personIdByEmail(db, input.email);
  const row = personId
    ? await db
        .selectFrom('people')
        .select('password_hash')
        .where('id', '=', personId)
        .executeTakeFirst()
    : undefined;
  if (!row?.password_hash) return { ok: false, reason: 'no-password' };
  const checked = await confirmPassword(
    db,
    { email: input.email, password: input.current, ip: input.ip },
    now,
  );
  if (!checked.ok) {
    return checked.reason === 'locked' ? checked : { ok: false, reason: 'wrong-current' };
  }
  try {
    await setPassword(db, input.email, input.next, { by: 'self', now });
  } catch (error) {
    if (error instanceof PasswordRefused) {
      return { ok: false, reason: 'refused', problem: error.message };
    }
    throw error;
  }
  return { ok: true };
}

/** Whether the person has an Escalate password (someone using single sign-on may have none). */
export async function hasPassword(db: Db, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('people')
    .select('password_hash')
    .where('id', '=', personId)
    .executeTakeFirst();
  return Boolean(row?.password_hash);
}

/**
 * Checks a signed-in person's password again before a sensitive change (ASVS V3.7.1), under the
 * sign-in throttle. Someone with no password (single sign-on only) has nothing to re-enter.
 */
export async function confirmPassword(
  db: Db,
  input: { email: string; password: string; ip: string },
  now: Date,
): Promise<
  { ok: true } | { ok: false; reason: 'wrong' } | { ok: false; reason: 'locked'; until: string }
> {
  const checked = await signIn(db, input, now);
  if (checked.ok) return { ok: true };
  return checked.reason === 'locked'
    ? { ok: false, reason: 'locked', until: checked.until }
    : { ok: false, reason: 'wrong' };
}
