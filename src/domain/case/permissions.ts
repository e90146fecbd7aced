/**
 * Who may do what on a case: per action, per stage, per side (docs/security.md "Who may do
 * what"). A disagreement has two sides, and each does its own part: the raising side consults
 * its supervisor and may withdraw; both sides record discussions; whoever holds the stage on
 * either side escalates, refers to the chair or records an agreed resolution; the other side's
 * holder acknowledges an escalation where the stage asks for it; at the chair's
 * stage only the chair or the convened panel records the outcome; the partnership team
 * administers (representations, a child's contacts) but takes no side's turn. A policy may
 * replace a default with its own rule (`permissions` in the policy file).
 *
 * Pure. Seeing the case at all (need-to-know) is checked before this by the service.
 */
import type { CaseAction, Party, Policy } from '../policy/schema.js';
import type { Actor } from './context.js';
import { type DomainError, refuse } from './errors.js';
import type { Holders } from './events.js';
import { finalStageNumber } from './stages.js';
import type { CaseState } from './state.js';

interface Rule {
  /** at the stages before the chair's (and the consultation step) */
  working: readonly Party[];
  /** at the chair's stage */
  final: readonly Party[];
}

const SIDES: readonly Party[] = ['raising-side', 'other-side'];

/** The default rule set. Each row is a line of the matrix in docs/security.md. */
export const DEFAULT_PERMISSIONS: Record<CaseAction, Rule> = {
  'record-consultation': { working: ['raising-side'], final: ['raising-side'] },
  'record-discussion': { working: SIDES, final: [...SIDES, 'chair', 'panel'] },
  // the receiving agency acknowledges the escalation; the chair's stage asks for none (checks.ts)
  acknowledge: { working: ['other-holder'], final: [] },
  // the agreed action plan: whoever holds the stage records it; the owning agency marks an
  // action done (decide-plan.ts checks it is the owner), after resolution too
  'add-plan-action': { working: ['holder'], final: ['holder', 'chair', 'panel'] },
  'mark-action-done': { working: SIDES, final: SIDES },
  // at the chair's stage, the last, the engine's own stage rules refuse these to everyone
  escalate: { working: ['holder'], final: [] },
  'start-at-stage': { working: ['raising-side'], final: ['raising-side'] },
  'record-hub-referral': { working: SIDES, final: SIDES },
  'refer-to-chair': { working: ['holder'], final: [] },
  'convene-panel': { working: ['chair'], final: ['chair'] },
  'record-representation': {
    working: ['chair', 'panel', 'partnership-team'],
    final: ['chair', 'panel', 'partnership-team'],
  },
  resolve: { working: ['holder'], final: ['chair', 'panel'] },
  'record-decision': { working: ['chair', 'panel'], final: ['chair', 'panel'] },
  // a member agrees for themself; the chair records an agreement given at the panel's meeting
  'agree-panel-decision': { working: [], final: ['chair', 'panel'] },
  withdraw: { working: ['raising-side'], final: ['raising-side'] },
  reopen: { working: [...SIDES, 'chair'], final: [...SIDES, 'chair'] },
  'set-child-protective-deadline': { working: SIDES, final: [...SIDES, 'chair'] },
  'update-child-contacts': {
    working: [...SIDES, 'partnership-team'],
    final: [...SIDES, 'partnership-team'],
  },
};

/** Who may take `action` at the case's current stage: the policy's rule, else the default. */
export function partiesFor(action: CaseAction, state: CaseState, policy: Policy): readonly Party[] {
  const stageKey = state.stage.key;
  const own =
    policy.permissions.find((p) => p.action === action && p.stages?.includes(stageKey)) ??
    policy.permissions.find((p) => p.action === action && p.stages === undefined);
  if (own) return own.by;
  const rule = DEFAULT_PERMISSIONS[action];
  return state.stage.number === finalStageNumber(policy) ? rule.final : rule.working;
}

function holdsSide(
  actor: Actor,
  holders: Holders,
  side: 'raising' | 'other',
  onSide: boolean,
): boolean {
  const ids = holders[side];
  const actsFor = actor.actsFor ?? [actor.personId];
  // held for an agency on this side by someone at another agency, chosen by sector (the
  // policy's sectorHolders): they hold it, as do those they report to
  // Stryker disable next-line ArrayDeclaration: equivalent, because a made-up entry in the empty list has no side, so the filter drops it
  const outside = (holders.outside ?? []).filter((o) => o.side === side);
  if (outside.some((o) => actsFor.includes(o.personId))) return true;
  if (!onSide) return false;
  // the actor's own agency's stage is held from outside its line: its own line does not hold it
  if (outside.some((o) => o.agencyId === actor.agencyId)) return false;
  // nobody could be named for this side (flagged on the case): anyone there may take it on
  if (ids.length === 0) return true;
  if (actor.role === 'dsl') return true;
  return ids.some((id) => actsFor.includes(id));
}

/**
 * The side the actor holds the stage for from outside its agency (sectorHolders), if any: they
 * act for that side while they hold it.
 */
function sideHeldFromOutside(actor: Actor, holders: Holders): 'raising' | 'other' | undefined {
  const actsFor = actor.actsFor ?? [actor.personId];
  return holders.outside?.find((o) => actsFor.includes(o.personId))?.side;
}

/** The parties the actor is, on this case now. */
export function partiesOf(actor: Actor, state: CaseState, policy: Policy): Set<Party> {
  const parties = new Set<Party>();
  const raising = actor.agencyId === state.raisingAgencyId;
  const other = state.otherAgencyIds.some((id) => id === actor.agencyId);
  if (raising) parties.add('raising-side');
  if (other) parties.add('other-side');
  const holders: Holders = state.stage.holders;
  // at the chair's stage the partnership holds the case (the chair, the team, the panel), not a side
  const atChair = state.stage.number === finalStageNumber(policy);
  const holdsRaising = !atChair && holdsSide(actor, holders, 'raising', raising);
  const holdsOther = !atChair && holdsSide(actor, holders, 'other', other);
  const holds = atChair
    ? // Stryker disable next-line ArrayDeclaration: equivalent, because no person's id is the made-up entry
      (holders.partnership ?? []).includes(actor.personId)
    : holdsRaising || holdsOther;
  if (holds) parties.add('holder');
  if (holdsRaising) parties.add('raising-holder');
  if (holdsOther) parties.add('other-holder');
  const heldFor = atChair ? undefined : sideHeldFromOutside(actor, holders);
  if (heldFor === 'raising') parties.add('raising-side');
  if (heldFor === 'other') parties.add('other-side');
  if (actor.role === 'chair') parties.add('chair');
  if (actor.role === 'partnership-team') parties.add('partnership-team');
  if (state.panel?.members.some((m) => m.personId === actor.personId)) parties.add('panel');
  return parties;
}

const PARTY_WORDS: Record<Party, string> = {
  'raising-side': 'the agency that raised the disagreement',
  'other-side': 'the agency the disagreement is with',
  holder:
    "the people holding this stage (or their managers, or their agency's Designated Safeguarding Lead)",
  'raising-holder':
    'the people holding this stage for the agency that raised it (or their managers, or its Designated Safeguarding Lead)',
  'other-holder':
    'the people holding this stage for the agency the disagreement is with (or their managers, or its Designated Safeguarding Lead)',
  chair: "the partnership's chair",
  panel: 'the members of the Resolution Panel',
  'partnership-team': 'the partnership team',
};

const ACTION_WORDS: Record<CaseAction, string> = {
  'record-consultation': 'record the consultation (it is the raising side’s own supervision step)',
  'record-discussion': 'record a discussion',
  acknowledge: 'acknowledge the escalation',
  'add-plan-action': 'add an action to the agreed action plan',
  'mark-action-done': 'mark an action of the plan done',
  escalate: 'escalate the disagreement',
  'start-at-stage': 'start the case at a later stage',
  'record-hub-referral': 'record the referral',
  'refer-to-chair': 'refer the disagreement to the chair',
  'convene-panel': 'convene a Resolution Panel',
  'record-representation': 'record a representation to the panel',
  resolve: 'record that the disagreement is resolved',
  'record-decision': 'record the decision',
  'agree-panel-decision': 'agree the panel’s decision',
  withdraw: 'withdraw the disagreement',
  reopen: 'reopen the disagreement',
  'set-child-protective-deadline': 'set a child-protective deadline',
  'update-child-contacts': "add or correct a child's Child Protection Chair or IRO address",
};

function either(words: string[]): string {
  // Stryker disable next-line StringLiteral: equivalent, because joining one word (or none) uses no separator
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/**
 * Undefined when the actor may take the action now; otherwise the refusal, saying who may. An
 * action no party may take at this stage (escalating from the chair's) is left to the engine's
 * own stage rules, which say why.
 */
export function refusedPart(
  action: CaseAction,
  state: CaseState,
  policy: Policy,
  actor: Actor,
): DomainError | undefined {
  const allowed = partiesFor(action, state, policy);
  if (allowed.length === 0) return undefined;
  const mine = partiesOf(actor, state, policy);
  if (allowed.some((party) => mine.has(party))) return undefined;
  const atChair =
    state.stage.number === finalStageNumber(policy) ? "At the chair's stage, only" : 'Only';
  return refuse(
    'not-your-part',
    `${atChair} ${either(allowed.map((p) => PARTY_WORDS[p]))} may ${ACTION_WORDS[action]}.`,
  ).error;
}
