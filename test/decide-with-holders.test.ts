/**
 * Asking the engine with the directory's answer to "who holds the stage being entered?"
 * (src/services/cases/decide-with-holders.ts), on a small fictional partnership written straight
 * into the database DATABASE_URL names: a refusal is the engine's, a command entering no stage
 * asks the directory nothing, a stage entered is held by whom the directory says (with seed
 * 004's conflict with the line manager passed on), the consultation step by the raiser alone; and
 * everyone the events bring into a case takes part in it from then on. Fast enough for
 * `npm run mutate`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseCommand } from '../src/domain/case/commands.js';
import type { CaseEvent } from '../src/domain/case/index.js';
import { fiveStagePolicy } from '../src/domain/case/testing.js';
import { caseContext } from '../src/services/cases/context.js';
import {
  decideWithHolders,
  foldCase,
  participantsOf,
} from '../src/services/cases/decide-with-holders.js';
import { CommandRefused, runCommand } from '../src/services/cases/index.js';
import { createSmallPartnership, type SmallPartnership } from './support/small-partnership.js';

let p: SmallPartnership;
const now = '2026-11-02T09:30:00.000Z';
const facts = {
  partnershipId: 'p1',
  raiserId: 's-worker',
  raisingAgencyId: 'school',
  otherAgencyIds: ['csc'],
};
const raise = CaseCommand.parse({
  type: 'raise',
  category: 'other',
  children: [{ name: 'Child G (fictional)' }],
  agencies: ['csc'],
  disagreement: 'Calls are not returned.',
  evidence: { nature: 'No contact', source: 'Call log' },
  actionsToDate: 'Three calls.',
  outcomeSought: 'A call back.',
  immediateRisk: false,
});

const context = async (who: string) =>
  caseContext(p.db, { partnershipId: 'p1', policy: fiveStagePolicy }, await p.actor(who), now);

beforeAll(async () => {
  p = await createSmallPartnership(now);
});
afterAll(async () => p.close());

describe('deciding with the directory’s holders', () => {
  it('a new case’s first stage is held by whom the directory says, on each side', async () => {
    const events = await decideWithHolders(
      p.db,
      undefined,
      raise,
      await context('s-worker'),
      facts,
    );
    const entered = events.find((e) => e.type === 'stage-entered');
    expect(entered).toMatchObject({
      number: 1,
      holders: { raising: ['s-worker'], other: ['c-worker'] },
    });
  });

  it('a command entering a later stage: the directory’s holders of that stage', async () => {
    const ctx = await context('s-worker');
    const state = foldCase(await decideWithHolders(p.db, undefined, raise, ctx, facts));
    const escalate = CaseCommand.parse({ type: 'escalate', reason: 'No answer (fictional).' });
    const events = await decideWithHolders(p.db, state, escalate, ctx, facts);
    expect(events.find((e) => e.type === 'stage-entered')).toMatchObject({
      number: 2,
      holders: { raising: ['s-manager'], other: ['c-manager'] },
    });
  });

  it('seed 004’s conflict with the line manager is passed on: the stage goes past them', async () => {
    const ctx = await context('s-worker');
    const state = foldCase(await decideWithHolders(p.db, undefined, raise, ctx, facts));
    const escalate = CaseCommand.parse({ type: 'escalate', reason: 'No answer (fictional).' });
    const events = await decideWithHolders(p.db, state, escalate, ctx, {
      ...facts,
      conflictWithLineManager: true,
    });
    expect(events.find((e) => e.type === 'stage-entered')).toMatchObject({
      holders: { raising: ['s-senior'], other: ['c-manager'] },
    });
  });

  it('a command entering no stage is the engine’s answer as it is', async () => {
    const ctx = await context('s-worker');
    const state = foldCase(await decideWithHolders(p.db, undefined, raise, ctx, facts));
    const withdraw = CaseCommand.parse({ type: 'withdraw', reason: 'Agreed (fictional).' });
    const events = await decideWithHolders(p.db, state, withdraw, ctx, facts);
    expect(events.map((e) => e.type)).toEqual(['withdrawn']);
  });

  it('a command the engine refuses is refused with the engine’s reason', async () => {
    const ctx = await context('s-worker');
    const state = foldCase(await decideWithHolders(p.db, undefined, raise, ctx, facts));
    const reopen = CaseCommand.parse({ type: 'reopen', reason: 'Not closed (fictional).' });
    const error = await decideWithHolders(p.db, state, reopen, ctx, facts).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CommandRefused);
    expect((error as CommandRefused).error.code).toBeTruthy();
    expect((error as CommandRefused).message).toBe((error as CommandRefused).error.message);
  });

  it('the consultation step, where the policy asks it first, is no stage of the policy: the raiser alone holds it, the directory is not asked', async () => {
    await p.db
      .updateTable('agencies')
      .set({ policy_id: 'consult-first' })
      .where('id', '=', 'police')
      .execute();
    const raised = await p.raise('police-manager');
    expect(raised.policy.id).toBe('consult-first');
    expect(raised.stage.number).toBe(0);
    expect(raised.stage.holders).toEqual({ raising: ['police-manager'], other: [] });
  });

  it('runCommand passes the conflict with the line manager on', async () => {
    const raised = await p.raise();
    const escalated = await runCommand(
      p.deps,
      await p.actor('s-worker'),
      raised.id,
      CaseCommand.parse({ type: 'escalate', reason: 'No answer (fictional).' }),
      'api',
      { conflictWithLineManager: true },
    );
    expect(escalated.stage.holders.raising).toEqual(['s-senior']);
  });
});

describe('who the events bring into a case', () => {
  const base = { at: now };
  it('whoever did each, the holders of a stage entered on every side, the person consulted, the panel’s members and who made a representation, each once', () => {
    const events = [
      { ...base, type: 'withdrawn', by: 'a', reason: 'x' },
      {
        ...base,
        type: 'stage-entered',
        by: 'a',
        holders: { raising: ['r1', 'a'], other: ['o1'], partnership: ['c1'] },
      },
      { ...base, type: 'stage-entered', by: 'b', holders: { raising: ['r2'], other: [] } },
      {
        ...base,
        type: 'consultation-recorded',
        by: 'a',
        with: { personId: 'k1', role: 'manager' },
      },
      {
        ...base,
        type: 'panel-convened',
        by: 'c1',
        members: [{ personId: 'm1' }, { personId: 'm2' }],
      },
      { ...base, type: 'representation-received', by: 'a', fromPersonId: 'f1' },
    ] as unknown as CaseEvent[];
    expect(participantsOf(events)).toEqual([
      'a',
      'r1',
      'o1',
      'c1',
      'b',
      'r2',
      'k1',
      'm1',
      'm2',
      'f1',
    ]);
  });

  it('a case has at least its raised event', () => {
    expect(() => foldCase([])).toThrow('a case has at least its raised event');
  });
});
