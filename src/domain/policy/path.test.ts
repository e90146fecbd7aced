import { describe, expect, it } from 'vitest';
import { formatPath } from './path.js';

describe('formatPath', () => {
  it('writes keys with dots and indexes in brackets', () => {
    expect(formatPath(['stages', 2, 'timescale', 'workingDays'])).toBe(
      'stages[2].timescale.workingDays',
    );
  });

  it('writes the root as an empty path', () => {
    expect(formatPath([])).toBe('');
  });
});
