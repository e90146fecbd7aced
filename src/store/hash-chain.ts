/**
 * The tamper-evident record: each event carries the hash of the one before it for that case, so
 * an edited, inserted or deleted event breaks the chain and `escalate audit verify` names it.
 *
 * Chain format 2 (migration 011): an event's personal part (src/domain/case/personal.ts) is kept
 * in `event_personal` with a random salt, and the event hash covers its digest,
 * sha256(salt, personal), not the text itself. So the retention rule can replace the personal
 * part with a removal notice and drop the salt while every hash still verifies; without the
 * salt nobody can confirm a guessed name against the digest.
 */
import { createHash } from 'node:crypto';
import { isRedactedCopy } from '../domain/case/personal.js';

/** The fields of an event row that the hash covers (format 1 had no personal digest). */
export interface HashedFields {
  case_id: string;
  seq: number;
  type: string;
  at: string;
  by_person_id: string;
  data: string;
  personal_digest?: string | null;
}

/** An event row as verified: its hashes and, joined, its personal part (salt null once removed). */
export interface ChainRow extends HashedFields {
  prev_hash: string;
  hash: string;
  personal_salt?: string | null;
  personal_data?: string | null;
}

/** Entries in their keys' order; an object's keys are never equal, so it never answers 0. */
// Stryker disable next-line EqualityOperator: equivalent, because an object's keys are never equal
const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : 1);

/** JSON with object keys sorted, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(byKey);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const GENESIS = '';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * What a format 2 event's hash covers: canonicalJson of
 * `{ case_id, seq, type, at, by, data, personal, prev }` (`personal` the personal part's digest,
 * null when the event has none), written out in its sorted key order rather than sorted afresh
 * for every event. Every field is a string, a number or null, so this is the same text
 * canonicalJson gives (hash-chain.test.ts checks it); loading a national history hashes ten
 * million of them.
 */
export function hashedContent(prevHash: string, row: HashedFields): string {
  const s = JSON.stringify;
  return `{"at":${s(row.at)},"by":${s(row.by_person_id)},"case_id":${s(row.case_id)},"data":${s(row.data)},"personal":${s(row.personal_digest ?? null)},"prev":${s(prevHash)},"seq":${s(row.seq)},"type":${s(row.type)}}`;
}

/** Format 2: the hash covers the personal part's digest (null when the event has none). */
export function eventHash(prevHash: string, row: HashedFields): string {
  return sha256(hashedContent(prevHash, row));
}

/** Format 1, before migration 011: the hash covered the whole data. Only 011 uses it. */
export function formatOneHash(prevHash: string, row: HashedFields): string {
  return sha256(
    canonicalJson({
      case_id: row.case_id,
      seq: row.seq,
      type: row.type,
      at: row.at,
      by: row.by_person_id,
      data: row.data,
      prev: prevHash,
    }),
  );
}

/** The digest of a personal part (its JSON text as stored) under its salt. */
export function personalDigest(salt: string, personalData: string): string {
  return sha256(`${salt}\n${personalData}`);
}

export type ChainCheck =
  | { ok: true; events: number }
  | { ok: false; caseId: string; seq: number; problem: string };

/**
 * Checks one case's events, in seq order. `recordedVersion` is the case's version as the case
 * table knows it: the chain alone cannot show that its last events were deleted.
 */
export function verifyChain(
  caseId: string,
  rows: readonly ChainRow[],
  recordedVersion?: number,
  hash: (prevHash: string, row: HashedFields) => string = eventHash,
): ChainCheck {
  let prev = GENESIS;
  let expectedSeq = 1;
  // personal details may be removed only before a `redacted` event that records it
  const redactedAt = rows.findLast((r) => r.type === 'redacted')?.seq ?? 0;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      return { ok: false, caseId, seq: expectedSeq, problem: `event ${expectedSeq} is missing` };
    }
    if (row.prev_hash !== prev) {
      return { ok: false, caseId, seq: row.seq, problem: 'does not follow the event before it' };
    }
    if (hash(prev, row) !== row.hash) {
      return { ok: false, caseId, seq: row.seq, problem: 'was changed after it was recorded' };
    }
    // format 1's rows (migration 011) have no personal digest or data: nothing to find in them
    const personal = personalProblem(row, redactedAt);
    if (personal) return { ok: false, caseId, seq: row.seq, problem: personal };
    prev = row.hash;
    expectedSeq++;
  }
  if (rows.length < (recordedVersion ?? 0)) {
    return {
      ok: false,
      caseId,
      seq: rows.length + 1,
      problem: `event ${rows.length + 1} is missing`,
    };
  }
  return { ok: true, events: rows.length };
}

/**
 * Checks an event's personal part against the digest its hash covers: intact, or replaced by
 * the removal notice before a `redacted` event of the same record. Anything else (edited,
 * deleted, removed with no record of it, or added to an event that had none) is named.
 */
function personalProblem(row: ChainRow, redactedAt: number): string | undefined {
  const digest = row.personal_digest ?? null;
  const data = row.personal_data ?? null;
  if (digest === null) {
    return data === null ? undefined : 'has personal details it was not recorded with';
  }
  if (data === null) return 'has lost its personal details';
  if (row.personal_salt) {
    return personalDigest(row.personal_salt, data) === digest
      ? undefined
      : 'had its personal details changed after they were recorded';
  }
  let removed: unknown;
  try {
    removed = JSON.parse(data);
  } catch {
    // unreadable: `removed` stays undefined, which is not the notice
  }
  if (!isRedactedCopy(removed)) return 'had its personal details changed after they were recorded';
  // Stryker disable next-line EqualityOperator: equivalent, because the row at redactedAt is the `redacted` event itself, which has no personal digest and so returned above
  if (row.seq > redactedAt) {
    return 'had its personal details removed with no record of it';
  }
  return undefined;
}
