/**
 * What the raise journey's pages need to know about the person raising: the policy that will
 * govern their case (their agency's local version, else their partnership's) and the other
 * agencies of their partnership they may disagree with.
 */
import type { Policy, Role } from '../domain/policy/schema.js';
import type { Db } from '../store/database.js';
import type { Actor } from './people.js';
import { latestPolicy } from './policy-registry.js';

export interface RaiseContext {
  policy: Policy;
  agencies: { id: string; name: string }[];
  /** the person's role, so guidance is worded for them */
  role: Role;
  /** the partnership's Hub / MASH phone, from the directory */
  hubPhone: string | null;
}

export async function raiseContext(db: Db, actor: Actor): Promise<RaiseContext | undefined> {
  if (!actor.agencyId) return undefined;
  const agency = await db
    .selectFrom('agencies')
    .innerJoin('partnerships', 'partnerships.id', 'agencies.partnership_id')
    .select([
      'agencies.policy_id',
      'agencies.partnership_id',
      'partnerships.policy_id as fallback',
      'partnerships.hub_phone',
    ])
    .where('agencies.id', '=', actor.agencyId)
    .executeTakeFirst();
  if (!agency) return undefined;
  const policy = await latestPolicy(db, agency.policy_id ?? agency.fallback);
  if (!policy) return undefined;
  const agencies = await db
    .selectFrom('agencies')
    .select(['id', 'name'])
    .where('partnership_id', '=', agency.partnership_id)
    .where('id', '!=', actor.agencyId)
    .orderBy('name')
    .execute();
  return { policy, agencies, role: actor.role, hubPhone: agency.hub_phone };
}
