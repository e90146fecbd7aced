/**
 * Recovery codes for the second factor: ten made at once from the CSPRNG, shown to the person
 * once, kept only as SHA-256 hashes (50 random bits each, and every try is under the sign-in
 * throttle, so a slow hash would add nothing). Each is accepted once, by a conditional UPDATE, so
 * two instances cannot both accept it. Making new ones removes the old; turning the app off or
 * an administrator's reset removes them too.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  groupedRecoveryCode,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODE_LENGTH,
  recoveryCodeFrom,
} from '../domain/recovery-codes.js';
import type { Db } from '../store/database.js';

const hashOf = (code: string) => createHash('sha256').update(code).digest('hex');

/** Makes the person ten new codes (the old ones stop working); answers them, as shown. */
export async function makeRecoveryCodes(db: Db, personId: string, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    recoveryCodeFrom(randomBytes(RECOVERY_CODE_LENGTH)),
  );
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('recovery_codes').where('person_id', '=', personId).execute();
    await trx
      .insertInto('recovery_codes')
      .values(
        codes.map((code) => ({
          person_id: personId,
          code_hash: hashOf(code),
          created_at: at,
          used_at: null,
        })),
      )
      .execute();
  });
  return codes.map(groupedRecoveryCode);
}

/** How many of the person's codes are left, and when they were made; undefined when none were. */
export async function recoveryCodesLeft(
  db: Db,
  personId: string,
): Promise<{ left: number; madeAt: string } | undefined> {
  const rows = await db
    .selectFrom('recovery_codes')
    .select(['created_at', 'used_at'])
    .where('person_id', '=', personId)
    .execute();
  if (rows.length === 0) return undefined;
  return {
    left: rows.filter((r) => r.used_at === null).length,
    madeAt: rows[0]?.created_at as string,
  };
}

/** Uses up one code (normalised); true when it was the person's and not used before. */
export async function useRecoveryCode(
  db: Db,
  personId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const used = await db
    .updateTable('recovery_codes')
    .set({ used_at: now.toISOString() })
    .where('person_id', '=', personId)
    .where('code_hash', '=', hashOf(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}

/** Removes the person's codes (with their app). */
export async function removeRecoveryCodes(db: Db, personId: string): Promise<void> {
  await db.deleteFrom('recovery_codes').where('person_id', '=', personId).execute();
}
