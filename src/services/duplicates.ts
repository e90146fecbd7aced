/**
 * The duplicate warning at raising (issue 16): a disagreement about the same child (name, case
 * and spaces ignored, and date of birth) with the same other agencies (the same set) already open
 * in the partnership. It only warns: the person may raise theirs all the same.
 *
 * Children are matched by their keys (src/store/child-keys.ts), so no name is read or compared
 * in clear. What the person is told follows need-to-know (access.ts): a case they may see is
 * named by its reference; of any other, only that one exists, never its reference, its agencies
 * or who raised it, so the warning tells nobody more than "ask your partnership team".
 */

import { childKeysOf } from '../store/child-keys.js';
import type { Db } from '../store/database.js';
import { maySeeCaseRow } from './access.js';
import type { Actor } from './people.js';

export interface PossibleDuplicate {
  id: string;
  reference: string;
}

export interface DuplicateCheck {
  /** open matches the person may see, oldest first */
  visible: PossibleDuplicate[];
  /** whether there are open matches they may not see (how many is not said) */
  hidden: boolean;
}

export interface RaiseAbout {
  children: readonly { name: string; dateOfBirth?: string | undefined }[];
  /** the other agencies, as the raise names them */
  agencies: readonly string[];
}

const NONE: DuplicateCheck = { visible: [], hidden: false };

const sameSet = (a: readonly string[], b: ReadonlySet<string>) =>
  a.length === b.size && a.every((id) => b.has(id));

/**
 * The open cases of the person's partnership about one of these children with exactly these
 * other agencies; `exceptCaseId` leaves out the case just raised.
 */
export async function possibleDuplicates(
  db: Db,
  actor: Actor,
  about: RaiseAbout,
  options: { exceptCaseId?: string } = {},
): Promise<DuplicateCheck> {
  const keys = childKeysOf(actor.partnershipId, about.children);
  if (keys.length === 0) return NONE;
  let query = db
    .selectFrom('case_child_keys')
    .innerJoin('cases', 'cases.id', 'case_child_keys.case_id')
    .select(['cases.id', 'cases.reference', 'cases.partnership_id', 'cases.raised_at'])
    .distinct()
    .where('case_child_keys.child_key', 'in', keys)
    .where('cases.partnership_id', '=', actor.partnershipId)
    .where('cases.status', '=', 'open');
  if (options.exceptCaseId) query = query.where('cases.id', '!=', options.exceptCaseId);
  const found = await query.orderBy('cases.raised_at').orderBy('cases.id').execute();
  if (found.length === 0) return NONE;

  const others = await db
    .selectFrom('case_agencies')
    .select(['case_id', 'agency_id'])
    .where(
      'case_id',
      'in',
      found.map((c) => c.id),
    )
    .where('side', '=', 'other')
    .execute();
  const agenciesOf = new Map<string, Set<string>>();
  for (const row of others) {
    const set = agenciesOf.get(row.case_id) ?? new Set<string>();
    set.add(row.agency_id);
    agenciesOf.set(row.case_id, set);
  }
  const wanted = [...new Set(about.agencies)];
  const check: DuplicateCheck = { visible: [], hidden: false };
  for (const c of found) {
    if (!sameSet(wanted, agenciesOf.get(c.id) ?? new Set())) continue;
    if (await maySeeCaseRow(db, actor, c)) check.visible.push({ id: c.id, reference: c.reference });
    else check.hidden = true;
  }
  return check;
}
