import { describe, expect, it } from 'vitest';
import { escapesAreUtf8 } from './body-parsers.js';

describe('escapesAreUtf8', () => {
  it('takes escaped UTF-8, plain text and stray percent signs', () => {
    for (const text of ['a=Zo%C3%AB', 'q=%F0%9F%98%80', 'a=1&b=%E2%80%AE', 'a=50%', 'a=%zz', '']) {
      expect(escapesAreUtf8(text), text).toBe(true);
    }
  });

  it('refuses escaped bytes that are not UTF-8: stray, cut short, over-long or surrogates', () => {
    for (const text of [
      'a=%FF',
      'a=%C3%28',
      'a=%E2%82',
      'a=%C0%AF',
      'a=%ED%A0%80',
      'a=%F4%90%80%80',
    ]) {
      expect(escapesAreUtf8(text), text).toBe(false);
    }
  });
});
