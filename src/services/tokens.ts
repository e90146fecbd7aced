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

export interface TokenSummary {
  id: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A person's tokens, newest first: when each was made and whether it is revoked, never the token. */
export async function listTokens(db: Db, email: string): Promise<TokenSummary[]> {
  const personId = await personIdByEmail(db, email);
  if (!personId) throw new UnknownPersonError(`nobody has the e-mail ${email}`);
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'created_at', 'revoked_at'])
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

export class UnknownTokenError extends Error {}

/**
 * Revokes one token by its id, or every live token of a person (ASVS V3.5: a lost or leaked
 * token is stopped at once; the next call with it answers 401). Returns how many were revoked.
 */
export async function revokeTokens(
  db: Db,
  which: { id: string } | { email: string },
  now: string,
): Promise<number> {
  let query = db.updateTable('api_tokens').set({ revoked_at: now }).where('revoked_at', 'is', null);
  if ('id' in which) {
    const found = await db
      .selectFrom('api_tokens')
      .select('id')
      .where('id', '=', which.id)
      .executeTakeFirst();
    if (!found) throw new UnknownTokenError(`there is no token with the id ${which.id}`);
    query = query.where('id', '=', which.id);
  } else {
    const personId = await personIdByEmail(db, which.email);
    if (!personId) throw new UnknownPersonError(`nobody has the e-mail ${which.email}`);
    query = query.where('person_id', '=', personId);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
