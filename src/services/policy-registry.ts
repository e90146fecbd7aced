/**
 * Policies are versioned and a case keeps the version it was raised under, so every version
 * ever used is kept in the database (policy_versions), registered from the policy files at
 * start. A file whose content changes must carry a new version number.
 */
import { Policy } from '../domain/policy/schema.js';
import type { Db } from '../store/database.js';
import { canonicalJson } from '../store/hash-chain.js';

export class PolicyVersionConflict extends Error {}

export async function registerPolicies(
  db: Db,
  policies: readonly Policy[],
  now: string,
): Promise<void> {
  for (const policy of policies) {
    const document = canonicalJson(policy);
    const existing = await db
      .selectFrom('policy_versions')
      .select('document')
      .where('policy_id', '=', policy.id)
      .where('version', '=', policy.version)
      .executeTakeFirst();
    if (existing === undefined) {
      await db
        .insertInto('policy_versions')
        .values({ policy_id: policy.id, version: policy.version, document, registered_at: now })
        .onConflict((oc) => oc.columns(['policy_id', 'version']).doNothing())
        .execute();
    } else if (existing.document !== document) {
      throw new PolicyVersionConflict(
        `policy ${policy.id} version ${policy.version} has changed since it was registered: give the changed policy a new version number`,
      );
    }
  }
}

/** Pinned policy versions never change, so they are cached for the life of the process. */
const cache = new Map<string, Policy>();

export async function policyVersion(
  db: Db,
  id: string,
  version: number,
): Promise<Policy | undefined> {
  const key = `${id}@${version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const row = await db
    .selectFrom('policy_versions')
    .select('document')
    .where('policy_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) return undefined;
  const policy = Policy.parse(JSON.parse(row.document));
  cache.set(key, policy);
  return policy;
}

/** The newest registered version of a policy: what a new case is raised under. */
export async function latestPolicy(db: Db, id: string): Promise<Policy | undefined> {
  const row = await db
    .selectFrom('policy_versions')
    .select('version')
    .where('policy_id', '=', id)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  return row ? policyVersion(db, id, row.version) : undefined;
}
