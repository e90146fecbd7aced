/**
 * What a policy demands by name is told whatever else the command tells
 * (src/services/notifications.ts), on a small fictional partnership written straight into the
 * database DATABASE_URL names, with the case services called directly: a person the policy names
 * by role is still told, in the same command, what the kinds that keep the sides informed tell
 * them (only those kinds, and the chair, count as told); and an agency's contact nobody is
 * known for is queued as failed, with why, for each rule that demands it, never silently
 * nobody. Fast enough for `npm run mutate`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Policy } from '../src/domain/policy/schema.js';
import { registerPolicies } from '../src/services/policy-registry.js';
import {
  createSmallPartnership,
  outboxOf,
  type SmallPartnership,
} from './support/small-partnership.js';
import { toldPolicy } from './support/told-policy.js';

const source = 'told-by-name';

/** the told policy whose stage 2 names the managers by role before its holders, and its contact twice */
const byNamePolicy: Policy = Policy.parse({
  ...toldPolicy,
  id: 'told-by-name',
  notifications: [
    {
      key: 'managers-then-holders',
      on: 'stage-entered',
      stages: ['manager'],
      to: [
        { kind: 'role', role: 'manager', side: 'both' },
        { kind: 'holders', side: 'all' },
      ],
      purpose: 'Every manager of the agencies in the case, then the holders of the stage',
      source,
    },
    {
      key: 'contact-told',
      on: 'stage-entered',
      stages: ['manager'],
      to: [{ kind: 'agency-contact', side: 'other' }],
      purpose: 'The other agency’s contact for escalations',
      source,
    },
    {
      key: 'contact-asked',
      on: 'stage-entered',
      stages: ['manager'],
      to: [{ kind: 'agency-contact', side: 'other' }],
      purpose: 'The other agency’s contact is asked to reply',
      source,
    },
  ],
});

let p: SmallPartnership;

beforeAll(async () => {
  p = await createSmallPartnership('2026-11-02T09:30:00.000Z');
  await registerPolicies(p.db, [byNamePolicy], '2026-11-01T09:00:00.000Z');
  await p.db
    .updateTable('agencies')
    .set({ policy_id: 'told-by-name' })
    .where('id', '=', 'school')
    .execute();
});
afterAll(async () => p.close());

const escalated = async () => {
  const raised = await p.raise();
  await p.run(raised.id, 's-worker', { type: 'escalate', reason: 'No answer (fictional).' });
  return raised;
};

describe('what a policy demands by name, and what keeps the sides informed, in one command', () => {
  it('a manager named by role first is still told, in the same command, as a holder of the stage, with their side', async () => {
    const raised = await escalated();
    const rows = (await outboxOf(p.db, raised.id)).filter(
      (r) => r.rule_key === 'managers-then-holders',
    );
    expect(
      rows.map((r) => [r.recipient_email, r.data.recipientKind, r.data.holderSide ?? null]).sort(),
    ).toEqual(
      [
        ['c-manager@p.example', 'role:manager', null],
        ['s-manager@p.example', 'role:manager', null],
        ['c-manager@p.example', 'holders', 'other'],
        ['s-manager@p.example', 'holders', 'raising'],
      ].sort(),
    );
    expect(rows.every((r) => r.status === 'queued')).toBe(true);
  });

  it('an agency’s contact nobody is known for is queued as failed, with why, for each rule that demands it in the command', async () => {
    const raised = await escalated();
    const rows = (await outboxOf(p.db, raised.id)).filter((r) => r.rule_key.startsWith('contact-'));
    expect(
      rows.map((r) => [r.rule_key, r.recipient_email, r.status, r.idempotency_key]).sort(),
    ).toEqual([
      [
        'contact-asked',
        '',
        'failed',
        `${raised.id}:contact-asked:stage-2:agency-contact:unknown-agency-contact-0`,
      ],
      [
        'contact-told',
        '',
        'failed',
        `${raised.id}:contact-told:stage-2:agency-contact:unknown-agency-contact-0`,
      ],
    ]);
    for (const row of rows) {
      expect(row.last_error).toBe(
        'Agency csc (fictional) has no named escalation manager, Designated Safeguarding Lead or duty inbox in the directory.',
      );
    }
  });
});
