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

/**
 * THE rule for which policy governs a case: the raising agency's local version of the
 * procedure where it has one (a pre-school's, say), else its partnership's.
 */
export function governingPolicyId(
  agencyPolicyId: string | null,
  partnershipPolicyId: string,
): string {
  return agencyPolicyId ?? partnershipPolicyId;
}

/** What a case raised at this agency today is governed by: the newest version of its policy. */
export async function governingPolicy(
  db: Db,
  agencyId: string,
): Promise<{ policy: Policy; partnershipId: string; hubPhone: string | null } | undefined> {
  const agency = await db
    .selectFrom('agencies')
    .innerJoin('partnerships', 'partnerships.id', 'agencies.partnership_id')
    .select([
      'agencies.policy_id',
      'agencies.partnership_id',
      'partnerships.policy_id as partnership_policy_id',
      'partnerships.hub_phone',
    ])
    .where('agencies.id', '=', agencyId)
    .executeTakeFirst();
  if (!agency) return undefined;
  const id = governingPolicyId(agency.policy_id, agency.partnership_policy_id);
  const policy = await latestPolicy(db, id);
  if (!policy) throw new Error(`policy ${id} is not registered`);
  return { policy, partnershipId: agency.partnership_id, hubPhone: agency.hub_phone };
}

/** The version a case is pinned to (it keeps the one it was raised under). */
export async function pinnedPolicy(
  db: Db,
  row: { policy_id: string; policy_version: number },
): Promise<Policy> {
  const policy = await policyVersion(db, row.policy_id, row.policy_version);
  if (!policy)
    throw new Error(`policy ${row.policy_id} version ${row.policy_version} is not registered`);
  return policy;
}
