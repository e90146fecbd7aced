import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, GENESIS, hashedContent, verifyChain } from './hash-chain.js';

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

  it('hashes the canonical JSON of the row, as recorded chains were hashed (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.nat(),
        fc.string(),
        fc.string(),
        fc.string(),
        fc.json(),
        fc.string(),
        (caseId, seq, type, at, by, data, prev) => {
          const row = { case_id: caseId, seq, type, at, by_person_id: by, data };
          const canonical = canonicalJson({ case_id: caseId, seq, type, at, by, data, prev });
          expect(hashedContent(prev, row)).toBe(canonical);
        },
      ),
    );
  });

  it('an intact chain verifies', () => {
    const rows = chain('c1', ['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(verifyChain('c1', rows)).toEqual({ ok: true, events: 3 });
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
