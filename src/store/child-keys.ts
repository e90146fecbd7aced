/**
 * A child's key for the duplicate warning (issue 16, src/services/duplicates.ts): a SHA-256 of
 * the partnership's id, the child's name with case and spaces ignored, and their date of birth,
 * one row per child per case in `case_child_keys` (migration 017). The name and date are personal
 * data kept only in `event_personal`; the key lets a new disagreement find an open one about the
 * same child without a second copy of them, and goes when the retention rule removes the case's
 * details (src/services/retention.ts).
 *
 * A child with no date of birth gets no key: a name alone is too weak to say "the same child".
 * The key is a pseudonym, not anonymous: someone holding the database and guessing a name and a
 * date could confirm the guess, as they could with the event digests; it is removed on the same
 * day as the details it stands for.
 */
import { createHash } from 'node:crypto';
import type { Db } from './database.js';

/** "Mary  Jane SMITH " and "maryjane smith" are the same name here. */
export function normalisedName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

export function childKey(partnershipId: string, name: string, dateOfBirth: string): string {
  const text = JSON.stringify([partnershipId, normalisedName(name), dateOfBirth]);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The distinct keys of a case's children (those with a name and a date of birth). */
export function childKeysOf(partnershipId: string, children: readonly unknown[]): string[] {
  const keys = new Set<string>();
  for (const child of children) {
    const { name, dateOfBirth } = (child ?? {}) as { name?: unknown; dateOfBirth?: unknown };
    if (typeof name !== 'string' || typeof dateOfBirth !== 'string') continue;
    if (normalisedName(name) === '' || dateOfBirth === '') continue;
    keys.add(childKey(partnershipId, name, dateOfBirth));
  }
  return [...keys];
}

/** Keeps a new case's children's keys, in the raise's transaction. */
export async function writeChildKeys(
  trx: Db,
  caseId: string,
  partnershipId: string,
  children: readonly unknown[],
): Promise<void> {
  const keys = childKeysOf(partnershipId, children);
  if (keys.length === 0) return;
  await trx
    .insertInto('case_child_keys')
    .values(keys.map((child_key) => ({ case_id: caseId, child_key })))
    .execute();
}

/** A case's keys go with its personal details, in the removal's transaction. */
export async function deleteChildKeys(trx: Db, caseId: string): Promise<void> {
  await trx.deleteFrom('case_child_keys').where('case_id', '=', caseId).execute();
}
