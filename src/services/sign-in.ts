/**
 * Signing in with an e-mail address and password (argon2id), throttled so that guessing is slow
 * but nobody can lock someone else out for long (ASVS V2.2.1). Failures are counted in the
 * database (so the throttle holds across instances) under three keys:
 * - one address trying one account ("account-ip"): 5 failures in 15 minutes lock that address
 *   out of that account for 1 minute, then 2, 4, 8, up to 15 minutes for each new lock in a row.
 *   The account's owner, signing in from anywhere else, is not affected;
 * - one account from anywhere ("account"): 10 failures in 15 minutes lock it for 1 minute, then
 *   2, 4, 8, up to 15 for each new lock in a row, whatever addresses the guesses come from: at
 *   most 7 locks' worth, 70 failures, fit in any hour (ASVS 2.2.1 asks at most 100), and each
 *   lock costs the owner 15 minutes at most;
 * - one address trying any account ("ip"): 50 failures in 15 minutes lock the address for 15.
 * A locked attempt does not even check the password. Success clears the account's counts.
 *
 * Someone with a second factor (or whose role requires one) is not signed in by the password:
 * it answers which step comes next, a wrong code counts as a failure under the same keys, and
 * only the correct code clears the counts (second-factor.ts). Were the password alone to clear
 * them, anyone who knew it could guess codes for ever, four at a time.
 */
import { verify } from '@node-rs/argon2';
import { requiresSecondFactor } from '../domain/totp.js';
import type { Db } from '../store/database.js';
import { hashPassword } from './demo.js';
import { personIdByEmail } from './people.js';

const MINUTE = 60 * 1000;
const WINDOW_MS = 15 * MINUTE;
/** after a day with no new lock, the back-off starts again from its first step */
const BACK_OFF_MEMORY_MS = 24 * 60 * MINUTE;

export interface ThrottleRule {
  limit: number;
  firstLockMs: number;
  maxLockMs: number;
}

export const THROTTLE = {
  accountIp: { limit: 5, firstLockMs: MINUTE, maxLockMs: 15 * MINUTE },
  account: { limit: 10, firstLockMs: MINUTE, maxLockMs: 15 * MINUTE },
  ip: { limit: 50, firstLockMs: 15 * MINUTE, maxLockMs: 15 * MINUTE },
} as const satisfies Record<string, ThrottleRule>;

/** After the password: signed in, or the code from their authenticator app, or setting one up. */
export type NextStep = 'signed-in' | 'code' | 'set-up';

export type SignInResult =
  | { ok: true; personId: string; next: NextStep }
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

async function recordFailure(db: Db, key: string, rule: ThrottleRule, now: Date): Promise<void> {
  const at = now.toISOString();
  const row = await db
    .selectFrom('sign_in_throttle')
    .selectAll()
    .where('key', '=', key)
    .executeTakeFirst();
  const since = row ? now.getTime() - Date.parse(row.window_started_at) : Infinity;
  const fresh = !row || since > WINDOW_MS;
  const failures = fresh ? 1 : row.failures + 1;
  const locksBefore = row && since <= BACK_OFF_MEMORY_MS ? row.locks : 0;
  const locking = failures >= rule.limit;
  const lockMs = Math.min(rule.firstLockMs * 2 ** locksBefore, rule.maxLockMs);
  const values = {
    failures: locking ? 0 : failures,
    window_started_at:
      fresh || locking ? at : (row as { window_started_at: string }).window_started_at,
    locked_until: locking ? new Date(now.getTime() + lockMs).toISOString() : null,
    locks: locking ? locksBefore + 1 : locksBefore,
  };
  await db
    .insertInto('sign_in_throttle')
    .values({ key, ...values })
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
}

function throttleKeys(email: string, ip: string) {
  const address = email.trim().toLowerCase();
  return {
    accountIp: `account-ip:${address}|${ip}`,
    account: `account:${address}`,
    ip: `ip:${ip}`,
  };
}

/** When this address may next try this account, if it is locked out now. */
export function signInLockedUntil(
  db: Db,
  email: string,
  ip: string,
  now: Date,
): Promise<string | undefined> {
  return lockedUntil(db, Object.values(throttleKeys(email, ip)), now);
}

/** A wrong password, or a wrong code: counted under all three keys. */
export async function recordSignInFailure(db: Db, email: string, ip: string, now: Date) {
  const keys = throttleKeys(email, ip);
  for (const rule of ['accountIp', 'account', 'ip'] as const) {
    await recordFailure(db, keys[rule], THROTTLE[rule], now);
  }
}

/** Signed in at last: the account's counts start again (the address's count stays). */
export async function clearSignInFailures(db: Db, email: string, ip: string): Promise<void> {
  const keys = throttleKeys(email, ip);
  await db
    .deleteFrom('sign_in_throttle')
    .where('key', 'in', [keys.accountIp, keys.account])
    .execute();
}

/** Whether the password is the whole sign-in, or a code (or setting up an app) comes next. */
async function nextStepOf(db: Db, personId: string): Promise<NextStep> {
  const row = await db
    .selectFrom('people')
    .leftJoin('second_factors', 'second_factors.person_id', 'people.id')
    .select(['people.role', 'second_factors.person_id as enrolled'])
    .where('people.id', '=', personId)
    .executeTakeFirstOrThrow();
  if (row.enrolled) return 'code';
  return requiresSecondFactor(row.role) ? 'set-up' : 'signed-in';
}

export async function signIn(
  db: Db,
  input: { email: string; password: string; ip: string },
  now: Date,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const until = await signInLockedUntil(db, email, input.ip, now);
  if (until) return { ok: false, reason: 'locked', until };
  const personId = await personIdByEmail(db, email);
  if (personId && (await passwordMatches(await passwordHashOf(db, personId), input.password))) {
    const next = await nextStepOf(db, personId);
    if (next === 'signed-in') await clearSignInFailures(db, email, input.ip);
    return { ok: true, personId, next };
  }
  if (!personId) await passwordMatches(null, input.password);
  await recordSignInFailure(db, email, input.ip, now);
  return { ok: false, reason: 'invalid' };
}
