/**
 * The TOTP second factor (issue 8, ASVS V2.8): setting up an authenticator app (enrolment ends
 * only with a correct code), checking a code at sign-in, turning it off, and an administrator's
 * reset when an app is lost. The secret is sealed under TOTP_ENCRYPTION_KEY (secret-box.ts),
 * both while it is being set up (in the session) and once confirmed (in `second_factors`).
 *
 * Every code typed is throttled with the password's counts (sign-in.ts): a wrong code is a failed
 * sign-in for that account, and a locked-out address is not even asked to check it. The last
 * accepted time-step is kept, and moved on by a conditional UPDATE, so one code is accepted once
 * even when two instances are asked at the same moment.
 */
import { Secret } from 'otpauth';
import { normaliseRecoveryCode } from '../domain/recovery-codes.js';
import { type CodeCheck, checkCode } from '../domain/totp.js';
import type { Db } from '../store/database.js';
import { queueAccountNotice } from './account-notices.js';
import { personIdByEmail } from './people.js';
import { removeRecoveryCodes, useRecoveryCode } from './recovery-codes.js';
import { open, seal } from './secret-box.js';
import { clearSignInFailures, recordSignInFailure, signInLockedUntil } from './sign-in.js';
import { UnknownPersonError } from './tokens.js';

/** The AES-256-GCM key from configuration (64 hex digits). */
export function totpKey(hex: string): Buffer {
  return Buffer.from(hex, 'hex');
}

/** A new random secret (160 bits, as RFC 4226 recommends), sealed for this person. */
export function newSealedSecret(key: Buffer, personId: string): string {
  return seal(key, new Secret({ size: 20 }).base32, personId);
}

export function openSecret(key: Buffer, sealed: string, personId: string): string {
  return open(key, sealed, personId);
}

export async function secondFactorOf(
  db: Db,
  personId: string,
): Promise<{ enrolledAt: string } | undefined> {
  const row = await db
    .selectFrom('second_factors')
    .select('enrolled_at')
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row ? { enrolledAt: row.enrolled_at } : undefined;
}

/** The stored secret and the last step accepted: what checking a code needs (and tests). */
export async function storedSecret(
  db: Db,
  key: Buffer,
  personId: string,
): Promise<{ secret: string; lastStep: number | null } | undefined> {
  const row = await db
    .selectFrom('second_factors')
    .select(['secret', 'last_step'])
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!row) return undefined;
  const lastStep = row.last_step === null ? null : Number(row.last_step);
  return { secret: open(key, row.secret, personId), lastStep };
}

/**
 * Checks a code against the person's app; on success the step is used up. A code whose step was
 * already used is refused, and the person is told by e-mail (ASVS V2.8.5), once per step.
 */
async function verifyStored(db: Db, key: Buffer, personId: string, code: string, now: Date) {
  const stored = await storedSecret(db, key, personId);
  if (!stored) return { ok: false, reason: 'wrong' } as const;
  const recovery = normaliseRecoveryCode(code);
  if (recovery !== undefined) return useRecovery(db, personId, recovery, stored.lastStep, now);
  const check = checkCode(stored.secret, code, now, stored.lastStep);
  if (!check.ok) {
    if (check.reason === 'used') await tellOfReuse(db, personId, stored.lastStep, now);
    return check;
  }
  const moved = await db
    .updateTable('second_factors')
    .set({ last_step: check.step })
    .where('person_id', '=', personId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', check.step)]))
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 1) return check;
  await tellOfReuse(db, personId, check.step, now);
  return { ok: false, reason: 'used' } as const;
}

/** A recovery code in place of the app's: used up, and the person told, in one transaction. */
async function useRecovery(
  db: Db,
  personId: string,
  code: string,
  lastStep: number | null,
  now: Date,
): Promise<CodeCheck> {
  return db.transaction().execute(async (trx) => {
    if (!(await useRecoveryCode(trx, personId, code, now))) {
      return { ok: false, reason: 'wrong' } as const;
    }
    await queueAccountNotice(trx, {
      personId,
      change: 'recovery-code-used',
      at: now,
    });
    // the app's last step is unchanged: a recovery code uses no time-step
    return { ok: true, step: lastStep ?? 0 } as const;
  });
}

/** The notice of a reused code, keyed by the step already used, so a burst of retries is one. */
async function tellOfReuse(db: Db, personId: string, step: number | null, now: Date) {
  await queueAccountNotice(db, {
    personId,
    change: 'code-reused',
    at: now,
    distinct: `step-${step ?? 'none'}`,
  });
}

/** Confirms a new app: its first code must be right; then it replaces any app the person had. */
async function confirmNew(
  db: Db,
  key: Buffer,
  personId: string,
  sealed: string,
  code: string,
  now: Date,
): Promise<CodeCheck> {
  const check = checkCode(open(key, sealed, personId), code, now, null);
  if (!check.ok) return check;
  const values = { secret: sealed, last_step: check.step, enrolled_at: now.toISOString() };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('second_factors')
      .values({ person_id: personId, ...values })
      .onConflict((oc) => oc.column('person_id').doUpdateSet(values))
      .execute();
    await queueAccountNotice(trx, {
      personId,
      change: 'app-turned-on',
      at: now,
    });
  });
  return check;
}

export type CodeResult = CodeCheck | { ok: false; reason: 'locked'; until: string };

/** Runs one code check under the sign-in throttle of this person's account and this address. */
async function throttled(
  db: Db,
  personId: string,
  ip: string,
  now: Date,
  attempt: () => Promise<CodeCheck>,
): Promise<CodeResult> {
  const { email } = await db
    .selectFrom('people')
    .select('email')
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  const until = await signInLockedUntil(db, email, ip, now);
  if (until) return { ok: false, reason: 'locked', until };
  const result = await attempt();
  if (result.ok) await clearSignInFailures(db, email, ip);
  else await recordSignInFailure(db, email, ip, now);
  return result;
}

export interface CodeAttempt {
  personId: string;
  code: string;
  ip: string;
}

/** The code of the person's app: sign-in's second step, and turning the app off. */
export function checkPersonCode(db: Db, key: Buffer, input: CodeAttempt, now: Date) {
  return throttled(db, input.personId, input.ip, now, () =>
    verifyStored(db, key, input.personId, input.code, now),
  );
}

/** The first code of an app being set up (`sealed` is its secret): enrolment ends only here. */
export function confirmEnrolment(
  db: Db,
  key: Buffer,
  input: CodeAttempt & { sealed: string },
  now: Date,
) {
  return throttled(db, input.personId, input.ip, now, () =>
    confirmNew(db, key, input.personId, input.sealed, input.code, now),
  );
}

/**
 * Turns the app off (the route has checked a code and that the role allows it) and tells the
 * person, in one transaction.
 */
export async function removeSecondFactor(db: Db, personId: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('second_factors')
      .where('person_id', '=', personId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return;
    await removeRecoveryCodes(trx, personId);
    await queueAccountNotice(trx, {
      personId,
      change: 'app-turned-off',
      at: now,
    });
  });
}

/**
 * `escalate totp reset --email E`: an administrator clears a lost authenticator. The person's
 * sessions end, and they are told by e-mail when there was an app to remove; at their next
 * sign-in they set up an app again if their role requires one. Answers whether there was an app.
 */
export async function resetSecondFactor(
  db: Db,
  email: string,
  now: Date = new Date(),
): Promise<boolean> {
  const personId = await personIdByEmail(db, email);
  if (!personId) throw new UnknownPersonError(`nobody has the e-mail ${email}`);
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('second_factors')
      .where('person_id', '=', personId)
      .executeTakeFirst();
    await trx.deleteFrom('sessions').where('person_id', '=', personId).execute();
    await removeRecoveryCodes(trx, personId);
    const hadApp = Number(removed.numDeletedRows) > 0;
    if (hadApp) {
      await queueAccountNotice(trx, {
        personId,
        change: 'app-reset',
        at: now,
      });
    }
    return hadApp;
  });
}
