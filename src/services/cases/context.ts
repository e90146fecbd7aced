/**
 * The one way the engine's context for a case is made: the policy that governs it, its
 * partnership's working-day calendar, the time, and the person as the engine sees them (with
 * everyone they may act for). Raising, running a command and opening a case for a person all
 * make it here, so the page, the action forms, the API and the engine cannot disagree about
 * what a person may do.
 */
import type { DecideContext } from '../../domain/case/index.js';
import type { Policy } from '../../domain/policy/schema.js';
import type { Db } from '../../store/database.js';
import { engineActor } from '../access.js';
import { partnershipCalendar } from '../calendars.js';
import type { Actor } from '../people.js';

export async function caseContext(
  db: Db,
  governs: { partnershipId: string; policy: Policy },
  actor: Actor,
  now: string,
): Promise<DecideContext> {
  const { policy, partnershipId } = governs;
  return {
    policy,
    calendar: await partnershipCalendar(db, partnershipId, policy.calendar),
    now,
    actor: await engineActor(db, actor),
  };
}
