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
import { hashPassword } from './demo.js';
import { personIdByEmail } from './people.js';
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

/** Checks and sets the password of the person with this e-mail address. */
export async function setPassword(db: Db, email: string, password: string): Promise<void> {
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
  await db.updateTable('people').set({ password_hash: hash }).where('id', '=', personId).execute();
  // a new password ends every session the old one opened
  await db.deleteFrom('sessions').where('person_id', '=', personId).execute();
}
