/**
 * Signing in with an e-mail address and password (argon2id), throttled per e-mail address and
 * per IP address: too many failures lock that key for a short while, never for long, and a
 * locked attempt does not even check the password.
 */
import { verify } from '@node-rs/argon2';
import type { Db } from '../store/database.js';
import { hashPassword } from './demo.js';
import { personIdByEmail } from './people.js';

export const LOCK_MS = 15 * 60 * 1000;
const WINDOW_MS = 15 * 60 * 1000;
const LIMITS = { email: 5, ip: 50 } as const;

export type SignInResult =
  | { ok: true; personId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: string };

let dummyHash: Promise<string> | undefined;
/** Checked when nobody has the address, so a wrong address takes as long as a wrong password. */
const dummy = () => {
  dummyHash ??= hashPassword(`no-such-person-${Math.random()}`);
  return dummyHash;
};

async function passwordHashOf(db: Db, personId: string | undefined) {
  if (!personId) return null;
  const row = await db
    .selectFrom('people')
    .select('password_hash')
    .where('id', '=', personId)
    .executeTakeFirst();
  return row?.password_hash ?? null;
}

async function passwordMatches(hash: string | null, password: string): Promise<boolean> {
  try {
    const matches = await verify(hash ?? (await dummy()), password);
    return hash !== null && matches;
  } catch {
    return false;
  }
}

async function lockedUntil(db: Db, keys: string[], now: Date): Promise<string | undefined> {
  const rows = await db
    .selectFrom('sign_in_throttle')
    .select('locked_until')
    .where('key', 'in', keys)
    .where('locked_until', '>', now.toISOString())
    .execute();
  return rows
    .map((r) => r.locked_until as string)
    .sort()
    .at(-1);
}

async function recordFailure(db: Db, key: string, limit: number, now: Date): Promise<void> {
  const at = now.toISOString();
  const row = await db
    .selectFrom('sign_in_throttle')
    .selectAll()
    .where('key', '=', key)
    .executeTakeFirst();
  const fresh = !row || now.getTime() - Date.parse(row.window_started_at) > WINDOW_MS;
  const failures = fresh ? 1 : row.failures + 1;
  const locking = failures >= limit;
  const values = {
    failures: locking ? 0 : failures,
    window_started_at: fresh || locking ? at : row.window_started_at,
    locked_until: locking ? new Date(now.getTime() + LOCK_MS).toISOString() : null,
  };
  await db
    .insertInto('sign_in_throttle')
    .values({ key, ...values })
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
}

export async function signIn(
  db: Db,
  input: { email: string; password: string; ip: string },
  now: Date,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const emailKey = `email:${email}`;
  const ipKey = `ip:${input.ip}`;
  const until = await lockedUntil(db, [emailKey, ipKey], now);
  if (until) return { ok: false, reason: 'locked', until };
  const personId = await personIdByEmail(db, email);
  if (personId && (await passwordMatches(await passwordHashOf(db, personId), input.password))) {
    await db.deleteFrom('sign_in_throttle').where('key', '=', emailKey).execute();
    return { ok: true, personId };
  }
  if (!personId) await passwordMatches(null, input.password);
  await recordFailure(db, emailKey, LIMITS.email, now);
  await recordFailure(db, ipKey, LIMITS.ip, now);
  return { ok: false, reason: 'invalid' };
}
