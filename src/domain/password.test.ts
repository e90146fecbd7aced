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

describe('passwordProblem: what is compared, and the words a person reads', () => {
  it('says each refusal in full, with what to do instead', () => {
    expect(passwordProblem('short', ctx)).toBe(
      'Enter a password of at least 12 characters. Three random words make a good one.',
    );
    expect(passwordProblem('monkey!!!!!!', ctx)).toBe(
      'That password is too common: people guess it first. Choose another, such as three random words.',
    );
    expect(passwordProblem('zzzzzzzzzzzz', ctx)).toBe(
      'That password repeats the same characters. Choose another, such as three random words.',
    );
    expect(passwordProblem('sam patel otter', ctx)).toBe(
      'Do not use your name or e-mail address in your password.',
    );
  });

  it('takes off digits and punctuation only at the end: in front, they make another password', () => {
    expect(passwordProblem('correcthorsebatterystaple 99', ctx)).toMatch(/too common/);
    expect(passwordProblem('1correcthorsebatterystaple', ctx)).toBeUndefined();
  });

  it('refuses the name of the service, alone or twice, with digits or punctuation added', () => {
    for (const p of ['Escalate2026!!!!', 'safeguarding', 'escalateescalate', 'Password!!!!!!']) {
      expect(passwordProblem(p, { ...ctx, denyList: new Set() }), p).toBe(
        'That password is too easy to guess. Choose another, such as three random words.',
      );
    }
    expect(passwordProblem('escalate the kettle', { ...ctx, denyList: new Set() })).toBeUndefined();
  });

  it('compares names and e-mail parts of 4 characters or more, without case or accents', () => {
    const person = { email: 'robi@school.example', name: 'Zoë Ann', denyList };
    expect(passwordProblem('my friend robi sings', person)).toMatch(/name or e-mail/);
    expect(passwordProblem('ROBI@SCHOOL.EXAMPLE', person)).toMatch(/name or e-mail/);
    expect(passwordProblem('zoe ann sings loudly', person)).toMatch(/name or e-mail/);
    // "Ann" alone, or the domain, is too short or too common a part to refuse
    expect(passwordProblem('annotated kettle', { ...person, name: 'Ann' })).toBeUndefined();
    expect(passwordProblem('school example otter', person)).toBeUndefined();
    expect(passwordProblem('otter kettle lantern', { denyList })).toBeUndefined();
  });

  it('ignores spaces and accents, and case, when comparing', () => {
    expect(normalisePassword(' Pässword \t Two ')).toBe('passwordtwo');
  });
});
