import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventData, toRow } from '../store/event-store.js';
import {
  type ChainRow,
  canonicalJson,
  eventHash,
  formatOneHash,
  GENESIS,
  hashedContent,
  verifyChain,
} from './hash-chain.js';

function chain(caseId: string, datas: string[]) {
  let prev = GENESIS;
  return datas.map((data, i) => {
    const row = {
      case_id: caseId,
      seq: i + 1,
      type: 'discussion-recorded',
      at: `2026-11-0${(i % 9) + 1}T10:00:00Z`,
      by_person_id: 'p1',
      data,
    };
    const hash = eventHash(prev, row);
    const full = { ...row, prev_hash: prev, hash };
    prev = hash;
    return full;
  });
}

describe('hash chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(
      canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('canonical JSON, exactly: keys in order at every depth, arrays kept as arrays, undefined left out', () => {
    expect(
      canonicalJson({ c: 1, a: [2, { z: undefined, y: null, x: 'x' }], b: { e: 1, d: 2 } }),
    ).toBe('{"a":[2,{"x":"x","y":null}],"b":{"d":2,"e":1},"c":1}');
    expect(canonicalJson({ a: 1, b: 2, c: 3 })).toBe('{"a":1,"b":2,"c":3}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('hashes the canonical JSON of the row, personal digest included (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.nat(),
        fc.string(),
        fc.string(),
        fc.string(),
        fc.json(),
        fc.string(),
        fc.option(fc.string(), { nil: null }),
        (caseId, seq, type, at, by, data, prev, personal) => {
          const row = {
            case_id: caseId,
            seq,
            type,
            at,
            by_person_id: by,
            data,
            personal_digest: personal,
          };
          const canonical = canonicalJson({
            case_id: caseId,
            seq,
            type,
            at,
            by,
            data,
            personal,
            prev,
          });
          expect(hashedContent(prev, row)).toBe(canonical);
        },
      ),
    );
  });

  it('an intact chain verifies', () => {
    const rows = chain('c1', ['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(verifyChain('c1', rows)).toEqual({ ok: true, events: 3 });
  });

  it('names an event whose stored link to the one before it alone was edited (issue 24, item 4)', () => {
    const rows = chain('c1', ['{"n":1}', '{"n":2}', '{"n":3}']);
    for (const [i, link] of [
      [1, GENESIS],
      [2, rows[0]?.hash],
      [0, rows[0]?.hash],
    ] as const) {
      const relinked = rows.map((r, j) => (j === i ? { ...r, prev_hash: link ?? 'x' } : r));
      expect(verifyChain('c1', relinked, rows.length)).toEqual({
        ok: false,
        caseId: 'c1',
        seq: i + 1,
        problem: 'does not follow the event before it',
      });
    }
  });

  it('names a missing event: one taken from the middle, or the last ones the case table counts', () => {
    const rows = chain('c1', ['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(
      verifyChain(
        'c1',
        [rows[0], rows[2]].flatMap((r) => (r ? [r] : [])),
        3,
      ),
    ).toEqual({
      ok: false,
      caseId: 'c1',
      seq: 2,
      problem: 'event 2 is missing',
    });
    expect(verifyChain('c1', rows.slice(0, 1), 3)).toEqual({
      ok: false,
      caseId: 'c1',
      seq: 2,
      problem: 'event 2 is missing',
    });
  });

  it('finds any edited, deleted or reordered event (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.json(), { minLength: 2, maxLength: 12 }),
        fc.nat(),
        fc.constantFrom('edit', 'delete', 'swap'),
        (datas, pick, tamper) => {
          const rows = chain('c1', datas);
          const i = pick % rows.length;
          const target = rows[i];
          if (!target) return;
          let tampered = [...rows];
          if (tamper === 'edit') tampered[i] = { ...target, data: `${target.data} ` };
          if (tamper === 'delete') tampered = rows.filter((_, j) => j !== i);
          if (tamper === 'swap') {
            const j = (i + 1) % rows.length;
            tampered[i] = { ...(rows[j] as typeof target), seq: target.seq };
            tampered[j] = { ...target, seq: (rows[j] as typeof target).seq };
          }
          const result = verifyChain('c1', tampered, rows.length);
          expect(result.ok).toBe(false);
          // the first broken event is the tampered one (the earlier of the two for a swap)
          const first = tamper === 'swap' ? Math.min(i, (i + 1) % rows.length) + 1 : i + 1;
          if (!result.ok) expect(result.seq).toBe(first);
        },
      ),
    );
  });
});

/** A format-2 chain: a raised event with a child, then a withdrawal, rows as read (joined). */
function formatTwo(): ChainRow[] {
  let prev = GENESIS;
  const events = [
    { type: 'raised', at: 't1', by: 'p1', children: [{ name: 'Iris Fictional-Chain' }] },
    { type: 'withdrawn', at: 't2', by: 'p1', reason: 'Agreed.' },
  ];
  return events.map((event, i) => {
    const { event: row, personal } = toRow('c2', i + 1, prev, event, 't');
    prev = row.hash;
    return { ...row, personal_salt: personal?.salt ?? null, personal_data: personal?.data ?? null };
  });
}

describe('hash chain, format 2 (personal part apart)', () => {
  it('verifies, and the digest changes with the salt: a guessed name cannot be checked without it', () => {
    const rows = formatTwo();
    expect(verifyChain('c2', rows, 2)).toEqual({ ok: true, events: 2 });
    expect(formatTwo()[0]?.personal_digest).not.toBe(rows[0]?.personal_digest);
  });

  it('names an edited, lost, added or unrecorded-removed personal part', () => {
    const [raised, withdrawn] = formatTwo() as [ChainRow, ChainRow];
    const check = (first: ChainRow) => verifyChain('c2', [first, withdrawn], 2);
    expect(
      check({ ...raised, personal_data: raised.personal_data?.replace('Iris', 'Ivy') }),
    ).toMatchObject({
      ok: false,
      seq: 1,
      problem: 'had its personal details changed after they were recorded',
    });
    expect(check({ ...raised, personal_data: null })).toMatchObject({
      problem: 'has lost its personal details',
    });
    const removed = JSON.stringify({
      children: [{ name: '[removed under the retention rule on 1 May 2033]' }],
    });
    expect(check({ ...raised, personal_salt: null, personal_data: removed })).toMatchObject({
      problem: 'had its personal details removed with no record of it',
    });
    expect(verifyChain('c2', [{ ...withdrawn, seq: 1, prev_hash: GENESIS }], 1)).toMatchObject({
      ok: false,
    });
    const plain = { ...raised, personal_digest: null };
    expect(verifyChain('c2', [plain], 1)).toMatchObject({ ok: false, seq: 1 });
  });
});

describe('hash chain, what a reader and audit verify make of a personal part', () => {
  it('the record: a personal part joined to an event recorded without one is named, and never read into the event', () => {
    const [first] = chain('c3', ['{"reason":"kept"}']) as [ChainRow];
    const added = { ...first, personal_data: '{"reason":"Put there later"}' };
    expect(verifyChain('c3', [added], 1)).toEqual({
      ok: false,
      caseId: 'c3',
      seq: 1,
      problem: 'has personal details it was not recorded with',
    });
    expect(eventData({ ...added, personal_digest: null })).toEqual({ reason: 'kept' });
    // recorded with one that is now lost: the rest of the event still reads
    expect(eventData({ data: '{"n":1}', personal_digest: 'd', personal_data: null })).toEqual({
      n: 1,
    });
  });

  it('the record: a personal part whose salt is gone but which is not the removal notice, or cannot be read, is named as changed', () => {
    const [raised, withdrawn] = formatTwo() as [ChainRow, ChainRow];
    for (const data of [JSON.stringify({ children: [{ name: 'Put Back' }] }), 'not JSON {']) {
      expect(
        verifyChain('c2', [{ ...raised, personal_salt: null, personal_data: data }, withdrawn], 2),
        data,
      ).toEqual({
        ok: false,
        caseId: 'c2',
        seq: 1,
        problem: 'had its personal details changed after they were recorded',
      });
    }
  });

  it('the chain format before migration 011 hashes the whole data: a known event has a known hash', () => {
    const row = {
      case_id: 'c1',
      seq: 2,
      type: 'raised',
      at: '2025-03-03T10:00:00.000Z',
      by_person_id: 'u1',
      data: '{"reason":"Sorted out."}',
    };
    // written out by hand: sorted keys, no personal digest, the event before's hash as "prev"
    const text =
      '{"at":"2025-03-03T10:00:00.000Z","by":"u1","case_id":"c1","data":"{\\"reason\\":\\"Sorted out.\\"}","prev":"abc","seq":2,"type":"raised"}';
    expect(formatOneHash('abc', row)).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
