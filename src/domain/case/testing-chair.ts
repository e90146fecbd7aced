/**
 * Test support for the chair's stage: a case brought to it, and the Resolution Panel's members
 * as the directory records them. Shared by the engine's tests of the panel, the decision and
 * whose turn it is there; like testing.ts, not mutated (stryker.config.mjs).
 */
import type { Policy } from '../policy/schema.js';
import type { CaseCommandInput } from './commands.js';
import type { Actor } from './context.js';
import type { Holders } from './events.js';
import {
  CaseHarness,
  calendar,
  consultFirstPolicy,
  fiveStagePolicy,
  people,
  raiseInput,
  t0,
  variant,
} from './testing.js';

/** The chair's stage held by the chair and the partnership team. */
export const chairHolders: Holders = { raising: [], other: [], partnership: ['p-chair', 'p-team'] };

type Seat = 'executive' | 'board' | 'none';

/** A panel member at `agencyId`, with a seat (else on the board) and whom they represent. */
export const sat = (personId: string, agencyId: string, seat?: Seat, represents?: string[]) => ({
  personId,
  agencyId,
  ...(seat ? { seat } : { boardMember: true }),
  ...(represents ? { represents } : {}),
});
export const head = sat('p-head', 'a-school');
export const cscDirector = sat('p-csc-director', 'a-csc');
export const healthDirector = sat('p-health-director', 'a-health');

/** A panel member acting for themself, as a director. */
export const asActor = (m: { personId: string; agencyId: string }): Actor => ({
  ...m,
  role: 'director',
});

export const convene = (members: object[]) =>
  ({ type: 'convene-panel', members }) as CaseCommandInput;

/** The five-stage policy with its panel's rule changed. */
export function panelRule(change: object): Policy {
  const route = fiveStagePolicy.finalRoute;
  return variant(fiveStagePolicy, {
    finalRoute: { ...route, ...(route.panel ? { panel: { ...route.panel, ...change } } : {}) },
  });
}

/**
 * A case under a five-stage policy at the chair's stage, raised with the given agencies (CSC
 * unless told), its stages held as given (else as the engine works them out).
 */
export function atChair(
  policy = fiveStagePolicy,
  {
    agencies = ['a-csc'],
    holders,
    chair,
  }: { agencies?: string[]; holders?: Holders; chair?: Holders } = {},
): CaseHarness {
  const c = new CaseHarness(policy, calendar);
  c.must(raiseInput({ agencies }), people.worker, t0, holders);
  for (let n = 2; n < 5; n++)
    c.must({ type: 'escalate', reason: 'Not resolved' }, people.manager, t0);
  c.must({ type: 'refer-to-chair', details: 'Over to the chair' }, people.manager, t0, chair);
  return c;
}

/** 003-like: a child at immediate risk starts at stage 1, then on to the chair's stage 3. */
export function consultFirstAtChair(): CaseHarness {
  const c = new CaseHarness(consultFirstPolicy, calendar);
  c.must(raiseInput({ immediateRisk: true }), people.worker, t0);
  c.must({ type: 'escalate', reason: 'Not resolved' }, people.manager, t0);
  c.must({ type: 'refer-to-chair', details: 'Over' }, people.manager, t0);
  return c;
}
