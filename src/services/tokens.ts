/**
 * API bearer tokens. Only a SHA-256 of each token is stored; the token itself is shown once.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../domain/policy/schema.js';
import type { Db } from '../store/database.js';
import { prepared } from '../store/prepared.js';
import { type Actor, personIdByEmail } from './people.js';

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

const personOfToken = prepared((db, p: { hash: string }) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('people', 'people.id', 'api_tokens.person_id')
    .select([
      'people.id',
      'people.email',
      'people.name',
      'people.role',
      'people.agency_id',
      'people.partnership_id',
    ])
    .where('api_tokens.token_hash', '=', p.hash)
    .where('api_tokens.revoked_at', 'is', null),
);

/**
 * The person a live token belongs to: one query, read afresh on every API call (not cached), so
 * a revoked token or a changed role takes effect at once on every instance.
 */
export async function actorForToken(db: Db, token: string): Promise<Actor | undefined> {
  const row = await personOfToken.first(db, { hash: hashOf(token) });
  if (!row) return undefined;
  return {
    personId: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    agencyId: row.agency_id,
    partnershipId: row.partnership_id,
  };
}
