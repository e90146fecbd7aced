/**
 * Which event each e-mail records, and which agencies a "nobody holds this stage" e-mail names
 * (src/services/notifications.ts), on a small fictional partnership written straight into the
 * database DATABASE_URL names, with the case services called directly: when one command makes
 * two events (a referral to the chair, then the chair's stage), each e-mail records the event
 * that demanded it; a stage with nobody at two agencies names both. Fast enough for
 * `npm run mutate`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createSmallPartnership,
  outboxOf,
  type SmallPartnership,
} from './support/small-partnership.js';

let p: SmallPartnership;

beforeAll(async () => {
  p = await createSmallPartnership('2026-11-02T09:30:00.000Z');
  await p.db
    .insertInto('agencies')
    .values({
      id: 'empty',
      partnership_id: 'p1',
      name: 'Agency empty (fictional)',
      sector: 'other',
      policy_id: null,
      escalation_manager_id: null,
      board_member_id: null,
      created_at: '2026-11-01T09:00:00.000Z',
      duty_email: null,
      duty_phone: null,
    })
    .execute();
});
afterAll(async () => p.close());

it('when one command makes two events, each e-mail records the event that demanded it', async () => {
  const raised = await p.raise('p2-worker', { agencies: ['p2-csc'] });
  for (let i = 0; i < 3; i++) {
    await p.run(raised.id, 'p2-worker', { type: 'escalate', reason: 'No answer (fictional).' });
  }
  const referred = await p.run(raised.id, 'p2-worker', {
    type: 'refer-to-chair',
    details: 'Please decide (fictional).',
  });
  const seqOf = (type: string) => referred.record.filter((e) => e.type === type).at(-1)?.seq;
  const atChair = seqOf('stage-entered') as number;
  expect(seqOf('referred-to-chair')).toBe(atChair - 1);
  const rows = (await outboxOf(p.db, raised.id)).filter((r) => (r.event_seq ?? 0) >= atChair - 1);
  expect(rows.map((r) => [r.rule_key, r.event_seq]).sort()).toEqual(
    [
      ['business-unit', atChair],
      ['chair-referral', atChair - 1],
      ['chair-referral', atChair - 1],
      ['holder-missing', atChair],
    ].sort(),
  );
});

it('a stage with nobody at two agencies names each of them', async () => {
  const raised = await p.raise('s-worker', { agencies: ['police', 'empty'] });
  const rows = (await outboxOf(p.db, raised.id)).filter((r) => r.template === 'holder-missing');
  expect(rows.map((r) => r.data.unheldFor)).toEqual([
    ['Agency police (fictional)', 'Agency empty (fictional)'],
  ]);
});
