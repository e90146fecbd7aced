import type { WorkingDayCalendar } from '../calendar/index.js';
import type { Policy, Role } from '../policy/schema.js';
import type { DomainError } from './errors.js';
import type { CaseEvent, Holders } from './events.js';

/**
 * The person giving the command: THE actor type. The service layer's signed-in person
 * (src/services/people.ts) is this with their name, e-mail and partnership added, and the
 * engine's context carries the same person with everyone they may act for filled in.
 */
export interface Actor {
  personId: string;
  role: Role;
  /** null for the partnership-wide (the chair, the partnership team), who work at no agency */
  agencyId: string | null;
  /**
   * the people this person may act for: themselves and everyone reporting to them, however far
   * down the line (from the directory); absent means themselves alone
   */
  actsFor?: readonly string[];
}

/** What `decide` needs besides the state and the command; time comes in as `now`. */
export interface DecideContext {
  /** the policy pinned to the case (for `raise`: the policy that will govern it) */
  policy: Policy;
  calendar: WorkingDayCalendar;
  /** ISO-8601 instant */
  now: string;
  actor: Actor;
  /** who holds the stage being entered, when the command enters one */
  holders?: Holders;
}

export type DecideResult = { ok: true; events: CaseEvent[] } | { ok: false; error: DomainError };

export function accept(...events: CaseEvent[]): DecideResult {
  return { ok: true, events };
}

/** The holders of a stage being entered: as given, else nobody named yet. */
export function holdersFrom(ctx: DecideContext): Holders {
  return ctx.holders ?? { raising: [], other: [] };
}
