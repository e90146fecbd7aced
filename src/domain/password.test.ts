import { describe, expect, it } from 'vitest';
import { MAX_LENGTH, MIN_LENGTH, normalisePassword, passwordProblem } from './password.js';

const denyList = new Set(
  ['password', 'qwertyuiop123', 'correcthorsebatterystaple', 'monkey'].map(normalisePassword),
);
const ctx = { email: 'sam.patel@school.example', name: 'Sam Patel', denyList };

describe('passwordProblem (NCSC: length and a deny-list, no composition rules)', () => {
  it('accepts three random words, a long passphrase, and Unicode', () => {
    expect(passwordProblem('otter kettle lantern', ctx)).toBeUndefined();
    expect(passwordProblem('rainwaterharvest', ctx)).toBeUndefined();
    expect(passwordProblem('çà et là, 👩🏽‍🍼 toujours', ctx)).toBeUndefined();
  });

  it(`refuses fewer than ${MIN_LENGTH} characters, counting code points, not UTF-16 units`, () => {
    expect(passwordProblem('a'.repeat(3) + 'bcdefgh', ctx)).toMatch(/at least 12 characters/);
    expect(passwordProblem('😀😀😀😀😀😀x', ctx)).toMatch(/at least 12/); // 7 characters, 13 units
    expect(passwordProblem('otterkettle1', ctx)).toBeUndefined(); // exactly 12
  });

  it(`refuses more than ${MAX_LENGTH} characters with a message (never truncates)`, () => {
    const long = `${'otter kettle lantern '.repeat(60)}`.slice(0, MAX_LENGTH + 1);
    expect(passwordProblem(long, ctx)).toBe('Enter a password of 1024 characters or fewer.');
    expect(passwordProblem(long.slice(0, MAX_LENGTH), ctx)).toBeUndefined();
  });

  it('refuses deny-listed passwords, however written, and with digits or punctuation added', () => {
    for (const p of [
      'qwertyuiop123',
      'QWERTYUIOP123',
      'Correct Horse Battery Staple',
      'correcthorsebatterystaple2026!',
      'password12345678',
      'Pässword!!!!!!!!',
    ]) {
      expect(passwordProblem(p, ctx), p).toMatch(/too common/);
    }
  });

  it('refuses the person’s own name or e-mail, and a repeated character', () => {
    expect(passwordProblem('sam.patel@school.example', ctx)).toMatch(/name or e-mail/);
    expect(passwordProblem('my name is sam patel', ctx)).toMatch(/name or e-mail/);
    expect(passwordProblem('zzzzzzzzzzzzzz', ctx)).toMatch(/repeats/);
    expect(passwordProblem('abababababab', ctx)).toMatch(/repeats/);
  });
});
