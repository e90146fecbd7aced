/**
 * The people a command brings into a case (src/services/cases/run-command.ts), on a small
 * fictional partnership written straight into the database DATABASE_URL names, with the service
 * called directly: someone brought in is listed by the case's raising and due time (the lists'
 * order); the policy's consultation step with the other agency is passed to the directory check.
 * Written after the first mutation run of run-command.ts; fast enough for `npm run mutate`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fiveStagePolicy } from '../src/domain/case/testing.js';
import { Policy } from '../src/domain/policy/schema.js';
import { registerPolicies } from '../src/services/policy-registry.js';
import { createSmallPartnership, type SmallPartnership } from './support/small-partnership.js';

let p: SmallPartnership;
const withOther = Policy.parse({
  ...fiveStagePolicy,
  id: 'discuss-other',
  consultation: { ...fiveStagePolicy.consultation, discussWith: 'other-agency' },
});

beforeAll(async () => {
  p = await createSmallPartnership('2026-11-02T09:30:00.000Z');
  await registerPolicies(p.db, [withOther], '2026-11-01T09:00:00.000Z');
});
afterAll(async () => p.close());

it('someone a command brings in is listed by the case’s raising and due time', async () => {
  const raised = await p.raise();
  await p.run(raised.id, 's-worker', {
    type: 'record-consultation',
    with: { personId: 's-dsl', role: 'dsl' },
    summary: 'Talked it through (fictional).',
  });
  const row = await p.db
    .selectFrom('case_participants')
    .select(['raised_at', 'due_at_utc'])
    .where('case_id', '=', raised.id)
    .where('person_id', '=', 's-dsl')
    .executeTakeFirstOrThrow();
  expect(row).toEqual({
    raised_at: '2026-11-02T09:30:00.000Z',
    due_at_utc: new Date(raised.stage.dueAt as string).toISOString(),
  });
});

it('where the policy’s step is a discussion with the other agency, the person is looked for there', async () => {
  await p.db
    .updateTable('agencies')
    .set({ policy_id: 'discuss-other' })
    .where('id', '=', 'police')
    .execute();
  const raised = await p.raise('police-manager');
  expect(raised.policy.id).toBe('discuss-other');
  const consulted = await p.run(raised.id, 'police-manager', {
    type: 'record-consultation',
    with: { personId: 'c-manager', role: 'manager' },
    summary: 'Discussed with social care (fictional).',
  });
  expect(consulted.record.at(-1)).toMatchObject({
    type: 'consultation-recorded',
    with: { personId: 'c-manager', agencyId: 'csc' },
  });
});
