/**
 * The tamper-evident record: each event carries the hash of the one before it for that case, so
 * an edited, inserted or deleted event breaks the chain and `escalate audit verify` names it.
 */
import { createHash } from 'node:crypto';

/** The fields of an event row that the hash covers. */
export interface HashedFields {
  case_id: string;
  seq: number;
  type: string;
  at: string;
  by_person_id: string;
  data: string;
}

/** JSON with object keys sorted, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const GENESIS = '';

/**
 * What an event's hash covers: canonicalJson of `{ case_id, seq, type, at, by, data, prev }`,
 * written out in its sorted key order (at, by, case_id, data, prev, seq, type) rather than
 * sorted afresh for every event. Every field is a string or a number, so this is the same text
 * canonicalJson gives (hash-chain.test.ts checks it); loading a national history hashes ten
 * million of them.
 */
export function hashedContent(prevHash: string, row: HashedFields): string {
  const s = JSON.stringify;
  return `{"at":${s(row.at)},"by":${s(row.by_person_id)},"case_id":${s(row.case_id)},"data":${s(row.data)},"prev":${s(prevHash)},"seq":${s(row.seq)},"type":${s(row.type)}}`;
}

export function eventHash(prevHash: string, row: HashedFields): string {
  return createHash('sha256').update(hashedContent(prevHash, row)).digest('hex');
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
  rows: readonly (HashedFields & { prev_hash: string; hash: string })[],
  recordedVersion?: number,
): ChainCheck {
  let prev = GENESIS;
  let expectedSeq = 1;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      return { ok: false, caseId, seq: expectedSeq, problem: `event ${expectedSeq} is missing` };
    }
    if (row.prev_hash !== prev) {
      return { ok: false, caseId, seq: row.seq, problem: 'does not follow the event before it' };
    }
    if (eventHash(prev, row) !== row.hash) {
      return { ok: false, caseId, seq: row.seq, problem: 'was changed after it was recorded' };
    }
    prev = row.hash;
    expectedSeq++;
  }
  if (recordedVersion !== undefined && rows.length < recordedVersion) {
    return {
      ok: false,
      caseId,
      seq: rows.length + 1,
      problem: `event ${rows.length + 1} is missing`,
    };
  }
  return { ok: true, events: rows.length };
}
