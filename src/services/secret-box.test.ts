import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, SecretBoxError, seal } from './secret-box.js';

const key = randomBytes(32);
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('sealed secrets (AES-256-GCM)', () => {
  it('open with the same key and owner, and never show the secret sealed', () => {
    const sealed = seal(key, SECRET, 'person-1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(SECRET);
    expect(open(key, sealed, 'person-1')).toBe(SECRET);
    // a fresh IV each time
    expect(seal(key, SECRET, 'person-1')).not.toBe(sealed);
  });

  it('refuse another key, another owner, and any change', () => {
    const sealed = seal(key, SECRET, 'person-1');
    expect(() => open(randomBytes(32), sealed, 'person-1')).toThrow(SecretBoxError);
    expect(() => open(key, sealed, 'person-2')).toThrow(SecretBoxError);
    const [v, iv, tag, body] = sealed.split('.') as [string, string, string, string];
    const flipped = `${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    expect(() => open(key, [v, iv, tag, flipped].join('.'), 'person-1')).toThrow(SecretBoxError);
    expect(() => open(key, 'not sealed', 'person-1')).toThrow(SecretBoxError);
    expect(() => seal(randomBytes(16), SECRET, 'person-1')).toThrow(SecretBoxError);
  });
});
