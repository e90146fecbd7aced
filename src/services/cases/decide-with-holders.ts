/**
 * Asking the engine, with the directory's answer to "who holds the stage being entered?".
 * Shared by raising and running a command.
 */
import {
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type DecideContext,
  decide,
  fold,
} from '../../domain/case/index.js';
import { finalStageNumber, stageAt } from '../../domain/case/stages.js';
import type { Db } from '../../store/database.js';
import { findHolders } from '../holders.js';
import { CommandRefused } from './errors.js';

/** The directory facts about a case that finding its holders needs. */
export interface CaseFacts {
  partnershipId: string;
  raiserId: string;
  raisingAgencyId: string;
  otherAgencyIds: string[];
  conflictWithLineManager?: boolean;
}

/** Decides twice when the command enters a stage: once to learn which, then with its holders. */
export async function decideWithHolders(
  db: Db,
  state: CaseState | undefined,
  command: CaseCommand,
  ctx: Omit<DecideContext, 'holders'>,
  facts: CaseFacts,
): Promise<CaseEvent[]> {
  const first = decide(state, command, ctx);
  if (!first.ok) throw new CommandRefused(first.error);
  const entered = first.events.find((e) => e.type === 'stage-entered');
  if (entered?.type !== 'stage-entered') return first.events;
  const stage = stageAt(ctx.policy, entered.number);
  if (!stage) return first.events;
  const holders = await findHolders(db, {
    stage,
    final: entered.number === finalStageNumber(ctx.policy),
    partnershipId: facts.partnershipId,
    ...(state ? { sidesBefore: state.stage.holders } : {}),
    stageNumber: entered.number,
    raiserId: facts.raiserId,
    raisingAgencyId: facts.raisingAgencyId,
    otherAgencyIds: facts.otherAgencyIds,
    conflictWithLineManager: facts.conflictWithLineManager,
  });
  const second = decide(state, command, { ...ctx, holders });
  // Stryker disable next-line ConditionalExpression: unreachable, because no refusal of the engine reads the holders (they only fill in the stage-entered event), so given them it accepts what it accepted above
  if (!second.ok) throw new CommandRefused(second.error);
  return second.events;
}

/** Everyone the events bring into the case: they may see it from now on. */
export function participantsOf(events: readonly CaseEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    ids.add(event.by);
    if (event.type === 'stage-entered') {
      const { raising, other, partnership = [] } = event.holders;
      for (const id of [...raising, ...other, ...partnership]) ids.add(id);
    }
    if (event.type === 'consultation-recorded') ids.add(event.with.personId);
    if (event.type === 'panel-convened') for (const m of event.members) ids.add(m.personId);
    if (event.type === 'representation-received') ids.add(event.fromPersonId);
  }
  return [...ids];
}

/** The state the events fold to (a case has at least its raised event). */
export function foldCase(events: readonly CaseEvent[], from?: CaseState): CaseState {
  const state = fold(events, from);
  if (!state) throw new Error('a case has at least its raised event');
  return state;
}
