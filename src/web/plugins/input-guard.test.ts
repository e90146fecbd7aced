import { describe, expect, it } from 'vitest';
import { findInputProblem, inputProblemMessage, MAX_DEPTH } from './input-guard.js';

describe('findInputProblem', () => {
  it('lets ordinary, right-to-left, emoji and multi-line text through', () => {
    const body = {
      name: 'Zoë O’Brien-Ng 👩🏽‍🍼',
      arabic: 'مرحبا \u200f\u202e reversed',
      lines: 'one\ntwo\r\nthree\tfour',
      list: ['a', { b: 1, c: true, d: null }],
    };
    expect(findInputProblem(body, 'body')).toBeUndefined();
  });

  it('finds NUL and other control characters, in values and in keys', () => {
    expect(findInputProblem({ a: { b: ['x', 'y\u0000z'] } }, 'body')).toEqual({
      path: 'body.a.b.1',
      problem: 'control',
    });
    expect(findInputProblem({ 'k\u0007': 1 }, 'body')?.problem).toBe('control');
    expect(findInputProblem('\u007f', 'query')?.problem).toBe('control');
  });

  it('finds lone surrogates but not pairs', () => {
    expect(findInputProblem({ a: 'x\ud800' }, 'body')?.problem).toBe('unicode');
    expect(findInputProblem({ a: '\udc00x' }, 'body')?.problem).toBe('unicode');
    expect(findInputProblem({ a: '\ud83d\ude00' }, 'body')).toBeUndefined();
  });

  it('refuses nesting deeper than the limit, without recursion', () => {
    let deep: unknown = 'end';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findInputProblem(deep, 'body')?.problem).toBe('depth');
    let ok: unknown = 'end';
    for (let i = 0; i < MAX_DEPTH; i++) ok = [ok];
    expect(findInputProblem(ok, 'body')).toBeUndefined();
  });

  it('says where and what, in words a person can act on', () => {
    expect(inputProblemMessage({ path: 'body.evidence.nature', problem: 'control' })).toBe(
      'evidence.nature contains a control character (such as NUL) that cannot be stored. Remove it and try again.',
    );
  });
});
