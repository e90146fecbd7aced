/**
 * Deadlines that never slip, driven by a fake clock on the database DATABASE_URL names:
 * reminders at the start of the day a stage falls due and overdue prompts once it passes, across
 * Christmas, a weekend and bank holidays; each queued once however often the sweep runs; and
 * local closure days moving due times. On a small fictional partnership written straight into
 * the database (test/support/small-partnership.ts), with the services called directly, so
 * `npm run mutate` can run it; test/deadline-sweeps.test.ts holds the sweep's rules one by one
 * (a new due time at the same stage, issue 24 item 4, among them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../src/jobs/deadlines.js';
import { addClosureDay } from '../src/services/calendars.js';
import { createSmallPartnership, type SmallPartnership } from './support/small-partnership.js';

let p: SmallPartnership;

const outboxFor = (caseId: string, rule: string) =>
  p.db
    .selectFrom('outbox')
    .select(['recipient_email', 'recipient_person_id'])
    .where('case_id', '=', caseId)
    .where('rule_key', '=', rule)
    .execute();

describe('deadline sweeps with a fake clock', () => {
  beforeAll(async () => {
    p = await createSmallPartnership('2026-12-24T10:00:00Z');
  });
  afterAll(async () => p.close());

  it('002 1.4 / 3: reminds at the start of the due day, and once overdue prompts both sides and their line managers (the more senior staff), across Christmas and a weekend', async () => {
    const raised = await p.raise();
    // Thursday 24 December; Friday 25 and Monday 28 are bank holidays: due Tuesday 29 at 5pm.
    expect(raised.stage.dueAt).toBe('2026-12-29T17:00:00+00:00');
    const holders = [...raised.stage.holders.raising, ...raised.stage.holders.other];

    expect(await sweepDeadlines(p.db, new Date('2026-12-28T12:00:00Z'))).toEqual({
      reminders: 0,
      overdue: 0,
    });
    expect(await outboxFor(raised.id, 'reminder')).toHaveLength(0);

    const morning = await sweepDeadlines(p.db, new Date('2026-12-29T08:00:00Z'));
    expect(morning.reminders).toBe(holders.length);
    const reminders = await outboxFor(raised.id, 'reminder');
    expect(reminders.map((r) => r.recipient_person_id).sort()).toEqual([...holders].sort());
    // Running again, or on another instance, queues nothing more.
    expect(await sweepDeadlines(p.db, new Date('2026-12-29T09:00:00Z'))).toEqual({
      reminders: 0,
      overdue: 0,
    });

    expect((await sweepDeadlines(p.db, new Date('2026-12-29T16:59:00Z'))).overdue).toBe(0);
    const late = await sweepDeadlines(p.db, new Date('2026-12-29T17:01:00Z'));
    const prompts = await outboxFor(raised.id, 'overdue');
    // both sides and their line managers (the school's and social care's managers)
    expect(late.overdue).toBe(prompts.length);
    expect(prompts.map((r) => r.recipient_person_id).sort()).toEqual(
      [...holders, 's-manager', 'c-manager'].sort(),
    );
    const [again1, again2] = await Promise.all([
      sweepDeadlines(p.db, new Date('2026-12-30T10:00:00Z')),
      sweepDeadlines(p.db, new Date('2026-12-30T10:00:00Z')),
    ]);
    expect(again1.overdue + again2.overdue).toBe(0);
  });

  it('counts an administrator’s local closure day as not a working day', async () => {
    p.clock.now = new Date('2026-11-02T09:30:00Z');
    await addClosureDay(
      p.db,
      'p1',
      '2026-11-03',
      'Council offices closed (test)',
      p.clock.now.toISOString(),
    );
    const raised = await p.raise();
    expect(raised.stage.dueAt).toBe('2026-11-04T17:00:00+00:00');
  });
});
