import { describe, expect, it } from 'vitest';
import {
  groupedRecoveryCode,
  normaliseRecoveryCode,
  RECOVERY_CODE_LENGTH,
  recoveryCodeFrom,
} from './recovery-codes.js';

describe('recovery codes', () => {
  it('are ten characters of base 32 from ten random bytes, shown in two groups of five', () => {
    const code = recoveryCodeFrom(Uint8Array.from([0, 1, 2, 3, 31, 32, 63, 200, 255, 10]));
    expect(code).toBe('0123z0z8za');
    expect(groupedRecoveryCode(code)).toBe('0123z-0z8za');
    expect(() => recoveryCodeFrom(new Uint8Array(9))).toThrow(new RangeError('give 10 bytes'));
  });

  it('are read back without case, spaces or hyphens, with o, i and l as 0, 1 and 1', () => {
    expect(normaliseRecoveryCode(' 0123Z-0ZRZA ')).toBe('0123z0zrza');
    expect(normaliseRecoveryCode('OI23z 0zrza')).toBe('0123z0zrza');
    expect(normaliseRecoveryCode('l123z0zrza')).toBe('1123z0zrza');
    // every o, i and l, however many, and every space and hyphen
    expect(normaliseRecoveryCode('OoIiLl - 0 zr-z')).toBe('0011110zrz');
  });

  it('refuse what cannot be one: a 6-digit app code, the wrong length, other letters', () => {
    expect(normaliseRecoveryCode('123456')).toBeUndefined();
    expect(normaliseRecoveryCode('0123z0zrz')).toBeUndefined();
    expect(normaliseRecoveryCode('0123z0zrzu')).toBeUndefined(); // u is not in the alphabet
    expect(normaliseRecoveryCode('')).toBeUndefined();
    expect(RECOVERY_CODE_LENGTH).toBe(10);
  });
});
