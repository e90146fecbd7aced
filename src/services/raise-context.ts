/**
 * What the raise journey's pages need to know about the person raising: the policy that will
 * govern their case (their agency's local version, else their partnership's) and the other
 * agencies of their partnership they may disagree with.
 */
import type { Policy, Role } from '../domain/policy/schema.js';
import type { Db } from '../store/database.js';
import type { Actor } from './people.js';
import { governingPolicy } from './policy-registry.js';

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
  const governing = await governingPolicy(db, actor.agencyId);
  if (!governing) return undefined;
  const agencies = await db
    .selectFrom('agencies')
    .select(['id', 'name'])
    .where('partnership_id', '=', governing.partnershipId)
    .where('id', '!=', actor.agencyId)
    .orderBy('name')
    .execute();
  return { policy: governing.policy, agencies, role: actor.role, hubPhone: governing.hubPhone };
}
