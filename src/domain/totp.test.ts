import { describe, expect, it } from 'vitest';
import {
  checkCode,
  codeAt,
  groupedKey,
  normaliseCode,
  otpauthUri,
  requiresSecondFactor,
  STEP_SECONDS,
  stepAt,
} from './totp.js';

// RFC 6238 Appendix B's SHA-1 secret, "12345678901234567890", in base32
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number) => new Date(seconds * 1000);
/** a fake clock: the middle of some 30-second step */
const NOW = at(1_795_000_000 - (1_795_000_000 % STEP_SECONDS) + 15);
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('TOTP codes', () => {
  it('match RFC 6238 test vectors (SHA-1, last 6 of the 8 digits)', () => {
    expect(codeAt(RFC_SECRET, at(59))).toBe('287082');
    expect(codeAt(RFC_SECRET, at(1111111109))).toBe('081804');
    expect(codeAt(RFC_SECRET, at(1234567890))).toBe('005924');
    expect(codeAt(RFC_SECRET, at(2000000000))).toBe('279037');
  });

  it('accept the code of this step and of one step either side (clock drift), no further', () => {
    for (const drift of [-1, 0, 1]) {
      const code = codeAt(SECRET, new Date(NOW.getTime() + drift * STEP_SECONDS * 1000));
      expect(checkCode(SECRET, code, NOW, null), `drift ${drift}`).toEqual({
        ok: true,
        step: stepAt(NOW) + drift,
      });
    }
    for (const drift of [-3, -2, 2, 3]) {
      const code = codeAt(SECRET, new Date(NOW.getTime() + drift * STEP_SECONDS * 1000));
      if (code === codeAt(SECRET, NOW)) continue; // a chance collision of two steps' codes
      expect(checkCode(SECRET, code, NOW, null), `drift ${drift}`).toEqual({
        ok: false,
        reason: 'wrong',
      });
    }
  });

  it('refuse a code whose step was already accepted, or is older than the last one', () => {
    const code = codeAt(SECRET, NOW);
    const first = checkCode(SECRET, code, NOW, null);
    expect(first.ok).toBe(true);
    const step = stepAt(NOW);
    expect(checkCode(SECRET, code, NOW, step)).toEqual({ ok: false, reason: 'used' });
    // 20 seconds later the same code is still in the window, and still refused
    expect(checkCode(SECRET, code, new Date(NOW.getTime() + 20_000), step)).toEqual({
      ok: false,
      reason: 'used',
    });
    // the previous step's code, after this step's was accepted
    const earlier = codeAt(SECRET, new Date(NOW.getTime() - STEP_SECONDS * 1000));
    expect(checkCode(SECRET, earlier, NOW, step)).toEqual({ ok: false, reason: 'used' });
    // the next step's code is still fine
    const later = new Date(NOW.getTime() + STEP_SECONDS * 1000);
    expect(checkCode(SECRET, codeAt(SECRET, later), later, step)).toEqual({
      ok: true,
      step: step + 1,
    });
  });

  it('refuse wrong codes, another secret’s code, and anything but six digits', () => {
    const right = codeAt(SECRET, NOW);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(checkCode(SECRET, wrong, NOW, null)).toEqual({ ok: false, reason: 'wrong' });
    const other = codeAt(RFC_SECRET, NOW);
    if (other !== right) {
      expect(checkCode(SECRET, other, NOW, null)).toEqual({ ok: false, reason: 'wrong' });
    }
    for (const bad of ['', '12345', '1234567', 'abcdef', `${right}0`, '12 34 5x']) {
      expect(checkCode(SECRET, bad, NOW, null), bad).toEqual({ ok: false, reason: 'wrong' });
    }
  });

  it('let people type spaces or a hyphen in the code', () => {
    const code = codeAt(SECRET, NOW);
    expect(normaliseCode(` ${code.slice(0, 3)} ${code.slice(3)} `)).toBe(code);
    expect(checkCode(SECRET, `${code.slice(0, 3)}-${code.slice(3)}`, NOW, null).ok).toBe(true);
  });

  it('write the key out in groups of four for typing', () => {
    expect(groupedKey(SECRET)).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  });
});

describe('the second factor (ASVS V2.8)', () => {
  it('is required of administrators, the partnership team and the chair, not of agency staff', () => {
    for (const role of ['administrator', 'partnership-team', 'chair']) {
      expect(requiresSecondFactor(role), role).toBe(true);
    }
    for (const role of ['frontline', 'manager', 'dsl', 'director', 'panel-member']) {
      expect(requiresSecondFactor(role), role).toBe(false);
    }
  });

  it("is added to an app from an otpauth address naming the account and the partnership's service", () => {
    expect(otpauthUri(SECRET, 'robin.vale@riverside.example', 'Escalate (Riverside)')).toBe(
      'otpauth://totp/Escalate%20(Riverside):robin.vale%40riverside.example?issuer=Escalate%20(Riverside)&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('writes out a key of any length in groups of four, the last group shorter', () => {
    expect(groupedKey('ABCDEF')).toBe('ABCD EF');
    expect(groupedKey('')).toBe('');
  });
});
