/**
 * Policies are versioned and a case keeps the version it was raised under, so every version
 * ever used is kept in the database (policy_versions). Versions come from two places
 * (docs/adr/0026-own-policies-at-run-time.md):
 *
 * - the installed release's `policies/*.yaml`, registered at start (`registerPolicies`);
 * - a partnership's own files, added at run time (`addPolicy`: `escalate policy add FILE`, or
 *   `POST /api/v1/policies` by the partnership team). A policy id belongs to the partnership its
 *   first version names; once a partnership has added a version of a policy, the release's files
 *   for that id are no longer registered (the partnership's own procedure stands).
 *
 * A version, once stored, never changes: content that changes must carry a new version number.
 *
 * Longer than 300 lines because a policy version's whole life is here: registering the release's,
 * adding a partnership's own, listing them, and the one rule for which governs a case.
 *
 * Longer than 300 lines because every question about a stored policy version (register, add,
 * list, which governs a case, which a case is pinned to) is answered from one table, here.
 */
import { Policy } from '../domain/policy/schema.js';
import { type Db, databaseOf } from '../store/database.js';
import { canonicalJson } from '../store/hash-chain.js';

export class PolicyVersionConflict extends Error {}

/**
 * Registers the release's policy files. Returns the ids whose release files were left out
 * because their partnership has added versions of its own.
 */
export async function registerPolicies(
  db: Db,
  policies: readonly Policy[],
  now: string,
): Promise<{ skipped: string[] }> {
  const skipped: string[] = [];
  for (const policy of policies) {
    const added = await db
      .selectFrom('policy_versions')
      .select('version')
      .where('policy_id', '=', policy.id)
      .where('origin', '=', 'added')
      .executeTakeFirst();
    if (added) {
      skipped.push(policy.id);
      continue;
    }
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
        .values({
          policy_id: policy.id,
          version: policy.version,
          document,
          registered_at: now,
          origin: 'release',
          partnership: policy.partnership,
          added_by: null,
        })
        .onConflict((oc) => oc.columns(['policy_id', 'version']).doNothing())
        .execute();
    } else if (existing.document !== document) {
      throw new PolicyVersionConflict(
        `policy ${policy.id} version ${policy.version} has changed since it was registered: give the changed policy a new version number`,
      );
    }
  }
  return { skipped };
}

/** Why a policy version was not added: every reason, each a sentence a person can act on. */
export class PolicyRefused extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'PolicyRefused';
  }
}

export interface AddedPolicy {
  /** 'added': stored as a new version; 'unchanged': this very version was already stored */
  outcome: 'added' | 'unchanged';
  id: string;
  version: number;
  partnership: string;
}

/**
 * Adds a partnership's own policy version (already validated: `parsePolicy`). Refused, with
 * every reason, when the id belongs to another partnership, when the version number is taken by
 * different content or is not newer than the newest, or when an agency's local version adapts a
 * policy that is not its partnership's. The same content again changes nothing.
 */
export async function addPolicy(
  db: Db,
  policy: Policy,
  options: { now: string; addedBy: string },
): Promise<AddedPolicy> {
  const document = canonicalJson(policy);
  const result = { id: policy.id, version: policy.version, partnership: policy.partnership };
  const versions = await db
    .selectFrom('policy_versions')
    .select(['version', 'document', 'partnership'])
    .where('policy_id', '=', policy.id)
    .orderBy('version', 'desc')
    .execute();
  const same = versions.find((v) => v.version === policy.version);
  if (same?.document === document) return { outcome: 'unchanged', ...result };
  const problems: string[] = [];
  const owner = versions.find((v) => v.partnership !== null)?.partnership;
  if (owner !== undefined && owner !== policy.partnership) {
    problems.push(
      `the policy id "${policy.id}" belongs to partnership "${owner}", not "${policy.partnership}": give your policy an id of its own`,
    );
  }
  const newest = versions[0]?.version;
  if (same) {
    problems.push(
      `version ${policy.version} of "${policy.id}" is already stored with different content, and a stored version never changes: number your changed policy ${(newest ?? 0) + 1}`,
    );
  } else if (newest !== undefined && policy.version < newest) {
    problems.push(
      `the newest version of "${policy.id}" is ${newest}: number your new version ${newest + 1} or more`,
    );
  }
  if (policy.adapts !== undefined) {
    const adapted = await db
      .selectFrom('policy_versions')
      .select('partnership')
      .where('policy_id', '=', policy.adapts)
      .executeTakeFirst();
    if (!adapted) {
      problems.push(
        `adapts: no policy has the id "${policy.adapts}": add your partnership's policy first`,
      );
    } else if (adapted.partnership !== policy.partnership) {
      problems.push(
        `adapts: the policy "${policy.adapts}" is partnership "${adapted.partnership}"'s, not "${policy.partnership}"'s`,
      );
    }
  }
  if (problems.length > 0) throw new PolicyRefused(problems);
  await db
    .insertInto('policy_versions')
    .values({
      policy_id: policy.id,
      version: policy.version,
      document,
      registered_at: options.now,
      origin: 'added',
      partnership: policy.partnership,
      added_by: options.addedBy,
    })
    .onConflict((oc) => oc.columns(['policy_id', 'version']).doNothing())
    .execute();
  // two adds of the same version at once: the first stored wins; the other is told
  const stored = await db
    .selectFrom('policy_versions')
    .select('document')
    .where('policy_id', '=', policy.id)
    .where('version', '=', policy.version)
    .executeTakeFirstOrThrow();
  if (stored.document !== document) {
    throw new PolicyRefused([
      `version ${policy.version} of "${policy.id}" was stored by someone else a moment ago, with different content: number yours ${policy.version + 1}`,
    ]);
  }
  return { outcome: 'added', ...result };
}

export interface PolicyVersionRow {
  id: string;
  version: number;
  title: string;
  partnership: string;
  scope: 'partnership' | 'agency';
  /** 'release' or 'added' (by the partnership) */
  origin: 'release' | 'added';
  registeredAt: string;
  /** whether new cases are raised under it (the newest version of its policy) */
  newest: boolean;
  /** open cases that started under this version (they stay on it) */
  openCases: number;
  stages: number;
  /** the document the policy encodes */
  source: string;
  /**
   * who added it (the audit of `policy add` and `POST /api/v1/policies`): a person of the
   * partnership team, the command line (the operator), or null for the release's files
   */
  addedBy: { kind: 'person'; id: string; name: string | null } | { kind: 'cli' } | null;
}

function addedByOf(
  addedBy: string | null,
  names: ReadonlyMap<string, string>,
): PolicyVersionRow['addedBy'] {
  if (addedBy === null) return null;
  if (addedBy === 'cli') return { kind: 'cli' };
  return { kind: 'person', id: addedBy, name: names.get(addedBy) ?? null };
}

/** Every stored version of every policy, by partnership, id and version. */
export async function listPolicyVersions(db: Db): Promise<PolicyVersionRow[]> {
  const rows = await db
    .selectFrom('policy_versions')
    .select(['policy_id', 'version', 'origin', 'registered_at', 'added_by'])
    .orderBy('partnership')
    .orderBy('policy_id')
    .orderBy('version')
    .execute();
  const open = await db
    .selectFrom('cases')
    .select(['policy_id', 'policy_version', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'open')
    .groupBy(['policy_id', 'policy_version'])
    .execute();
  const openOf = new Map(open.map((o) => [`${o.policy_id}@${o.policy_version}`, Number(o.n)]));
  const adders = [
    ...new Set(rows.flatMap((r) => (r.added_by && r.added_by !== 'cli' ? [r.added_by] : []))),
  ];
  const names = new Map(
    adders.length === 0
      ? []
      : (
          await db.selectFrom('people').select(['id', 'name']).where('id', 'in', adders).execute()
        ).map((p) => [p.id, p.name] as const),
  );
  const newest = new Map<string, number>();
  for (const row of rows)
    newest.set(row.policy_id, Math.max(newest.get(row.policy_id) ?? 0, row.version));
  const result: PolicyVersionRow[] = [];
  for (const row of rows) {
    const policy = await policyVersion(db, row.policy_id, row.version);
    if (!policy) continue;
    result.push({
      id: row.policy_id,
      version: row.version,
      title: policy.title,
      partnership: policy.partnership,
      scope: policy.scope,
      origin: row.origin,
      registeredAt: row.registered_at,
      newest: newest.get(row.policy_id) === row.version,
      openCases: openOf.get(`${row.policy_id}@${row.version}`) ?? 0,
      stages: policy.stages.length,
      source: policy.document,
      addedBy: addedByOf(row.added_by, names),
    });
  }
  return result;
}

/** Each stored policy's partnership and scope (from its newest version), by id. */
export async function registeredPolicies(
  db: Db,
): Promise<Map<string, { partnership: string; scope: 'partnership' | 'agency' }>> {
  const ids = await db.selectFrom('policy_versions').select('policy_id').distinct().execute();
  const found = new Map<string, { partnership: string; scope: 'partnership' | 'agency' }>();
  for (const { policy_id } of ids) {
    const policy = await latestPolicy(db, policy_id);
    if (policy) found.set(policy_id, { partnership: policy.partnership, scope: policy.scope });
  }
  return found;
}

/**
 * A database's pinned policy versions never change, so they are kept for the life of the
 * process, per database: two databases may each have a version 4 of the same policy.
 */
const pinned = new WeakMap<object, Map<string, Policy>>();

export async function policyVersion(
  db: Db,
  id: string,
  version: number,
): Promise<Policy | undefined> {
  const database = databaseOf(db);
  let cache = pinned.get(database);
  if (!cache) {
    cache = new Map();
    pinned.set(database, cache);
  }
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
