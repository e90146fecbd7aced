import { describe, expect, it } from 'vitest';
import { memoize } from './memo.js';

/** A function that counts how often it is really called: the due-date wording, say. */
function counted() {
  const calls: string[] = [];
  const words = memoize((iso: string) => {
    calls.push(iso);
    return `due ${iso}`;
  }, 2);
  return { calls, words };
}

describe('remembered wording (memoize)', () => {
  it('works out each answer once, and gives the same answer again', () => {
    const { calls, words } = counted();
    expect(words('2026-11-03')).toBe('due 2026-11-03');
    expect(words('2026-11-03')).toBe('due 2026-11-03');
    expect(words('2026-11-04')).toBe('due 2026-11-04');
    expect(words('2026-11-04')).toBe('due 2026-11-04');
    expect(words('2026-11-03')).toBe('due 2026-11-03');
    expect(calls).toEqual(['2026-11-03', '2026-11-04']);
  });

  it('remembers at most `max` answers, then starts again', () => {
    const { calls, words } = counted();
    words('a');
    words('b');
    // a third answer: the two remembered are forgotten, and the third kept
    words('c');
    words('c');
    words('a');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
