/**
 * API bearer tokens. Only a SHA-256 of each token is stored; the token itself is shown once.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../store/database.js';
import { type Actor, actorById, personIdByEmail } from './people.js';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class UnknownPersonError extends Error {}

export async function createToken(db: Db, email: string, now: string): Promise<string> {
  const personId = await personIdByEmail(db, email);
  if (!personId) throw new UnknownPersonError(`nobody has the e-mail ${email}`);
  const token = `esc_${randomBytes(32).toString('base64url')}`;
  await db
    .insertInto('api_tokens')
    .values({
      id: randomUUID(),
      person_id: personId,
      token_hash: hashOf(token),
      created_at: now,
      revoked_at: null,
    })
    .execute();
  return token;
}

export async function actorForToken(db: Db, token: string): Promise<Actor | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select('person_id')
    .where('token_hash', '=', hashOf(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? actorById(db, row.person_id) : undefined;
}
