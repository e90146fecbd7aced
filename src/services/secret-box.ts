/**
 * Secrets kept encrypted at rest (ASVS V2.8.2, V6.2.1, V6.2.2): AES-256-GCM with a random 96-bit
 * IV per value and a key from configuration (TOTP_ENCRYPTION_KEY). The associated data binds each value
 * to its owner (a person's id), so a ciphertext copied onto another row does not decrypt. A
 * database copy without the key gives nobody anyone's authenticator.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class SecretBoxError extends Error {}

function keyBytes(key: Buffer): Buffer {
  if (key.length !== 32) throw new SecretBoxError('the encryption key must be 32 bytes');
  return key;
}

export function seal(key: Buffer, plaintext: string, owner: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(key), iv);
  cipher.setAAD(Buffer.from(owner, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
  return [VERSION, ...parts].join('.');
}

export function open(key: Buffer, sealed: string, owner: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) {
    throw new SecretBoxError('not a sealed value');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyBytes(key), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(owner, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SecretBoxError('the value does not open with this key (wrong key, or altered)');
  }
}
