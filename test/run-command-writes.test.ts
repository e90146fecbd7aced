/**
 * What is written with a command on a case (src/services/cases/run-command.ts), on a small
 * fictional partnership written straight into the database DATABASE_URL names, with the service
 * called directly: the stage entered with the directory's holders and its rows; its due time on
 * every list that is kept in order by it; who takes part from then on; the agreed plan's rows;
 * the month's count of outcomes. test/run-command.test.ts holds what is refused. Fast enough for
 * `npm run mutate`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiveStagePolicy } from '../src/domain/case/testing.js';
import { Policy } from '../src/domain/policy/schema.js';
import { registerPolicies } from '../src/services/policy-registry.js';
import { createSmallPartnership, type SmallPartnership } from './support/small-partnership.js';

let p: SmallPartnership;
const escalate = { type: 'escalate', reason: 'No answer (fictional).' } as const;
/** a policy with no consultation step */
const noConsultation = Policy.parse({
  ...fiveStagePolicy,
  id: 'no-consultation',
  consultation: undefined,
});

const participants = async (caseId: string) =>
  p.db
    .selectFrom('case_participants')
    .select(['person_id', 'raised_at', 'due_at_utc'])
    .where('case_id', '=', caseId)
    .orderBy('person_id')
    .execute();

beforeAll(async () => {
  p = await createSmallPartnership('2026-11-02T09:30:00.000Z');
  await registerPolicies(p.db, [noConsultation], '2026-11-01T09:00:00.000Z');
});
afterAll(async () => p.close());

describe('what is written with a command', () => {
  it('a stage entered: its holders from the directory, the stage’s rows, and its due time on every list', async () => {
    const raised = await p.raise();
    p.clock.now = new Date('2026-11-03T09:30:00.000Z');
    const escalated = await p.run(raised.id, 's-worker', escalate);
    p.clock.now = new Date('2026-11-02T09:30:00.000Z');
    expect(escalated.stage.holders).toEqual({ raising: ['s-manager'], other: ['c-manager'] });
    const due = new Date(escalated.stage.dueAt as string).toISOString();
    expect(due).not.toBe(new Date(raised.stage.dueAt as string).toISOString());
    // the new holders and everyone before them: all at the new due time, in the case's raising
    expect(await participants(raised.id)).toEqual(
      ['c-manager', 'c-worker', 's-manager', 's-worker'].map((person_id) => ({
        person_id,
        raised_at: '2026-11-02T09:30:00.000Z',
        due_at_utc: due,
      })),
    );
    const agencies = await p.db
      .selectFrom('case_agencies')
      .select('due_at_utc')
      .where('case_id', '=', raised.id)
      .execute();
    expect(agencies.map((r) => r.due_at_utc)).toEqual([due, due]);
    const stages = await p.db
      .selectFrom('case_stages')
      .select('stage_number')
      .where('case_id', '=', raised.id)
      .orderBy('stage_number')
      .execute();
    expect(stages.map((s) => s.stage_number)).toEqual([1, 2]);
  });

  it('the chair’s stage: the chair and team hold it, the sides keep their last holders', async () => {
    const raised = await p.raise();
    for (const by of ['s-worker', 's-manager', 's-senior']) await p.run(raised.id, by, escalate);
    const referred = await p.run(raised.id, 's-director', {
      type: 'refer-to-chair',
      details: 'Please decide (fictional).',
    });
    expect(referred.stage.holders).toEqual({
      raising: ['s-director'],
      other: ['c-director'],
      partnership: ['chair', 'team'],
    });
  });

  it('an action added to the agreed plan is written to the plan’s rows', async () => {
    await p.db
      .updateTable('agencies')
      .set({ policy_id: 'planned' })
      .where('id', '=', 'police')
      .execute();
    const raised = await p.raise('police-manager');
    expect(raised.policy.id).toBe('planned');
    await p.run(raised.id, 'police-manager', {
      type: 'add-plan-action',
      description: 'A joint visit (fictional).',
      ownerAgencyId: 'csc',
      dueOn: '2026-11-10',
    });
    const rows = await p.db
      .selectFrom('plan_actions')
      .select(['action_id', 'owner_agency_id', 'done_on'])
      .where('case_id', '=', raised.id)
      .execute();
    expect(rows).toEqual([{ action_id: 'action-1', owner_agency_id: 'csc', done_on: null }]);
    await p.run(raised.id, 'c-worker', {
      type: 'mark-action-done',
      actionId: 'action-1',
      doneOn: '2026-11-02',
    });
    const done = await p.db
      .selectFrom('plan_actions')
      .select('done_on')
      .where('case_id', '=', raised.id)
      .execute();
    expect(done).toEqual([{ done_on: '2026-11-02' }]);
  });

  it('an outcome is counted in its month once, and no longer once the case reopens', async () => {
    const count = async () =>
      (
        await p.db
          .selectFrom('outcome_months')
          .select(['scope', 'outcome', 'cases'])
          .where('month', '=', '2026-11')
          .where('outcome', '=', 'withdrawn')
          .orderBy('scope')
          .execute()
      ).map((r) => [r.scope, r.cases]);
    const before = await count();
    const raised = await p.raise();
    await p.run(raised.id, 's-worker', { type: 'withdraw', reason: 'Agreed (fictional).' });
    const counted = await count();
    expect(counted.length).toBe(2);
    expect(counted).not.toEqual(before);
    await p.run(raised.id, 's-worker', { type: 'reopen', reason: 'Not agreed after all.' });
    expect(await count()).toEqual(before);
  });
});

describe('under a policy with no consultation step', () => {
  it('a command is run all the same', async () => {
    await p.db
      .updateTable('agencies')
      .set({ policy_id: 'no-consultation' })
      .where('id', '=', 'csc')
      .execute();
    const raised = await p.raise('c-worker', { agencies: ['school'] });
    expect(raised.policy.id).toBe('no-consultation');
    expect((await p.run(raised.id, 'c-worker', escalate)).stage.number).toBe(2);
  });
});
