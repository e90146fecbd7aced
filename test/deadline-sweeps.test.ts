/**
 * Reminders and overdue prompts (src/jobs/deadlines.ts), rule by rule, on a small fictional
 * partnership written straight into the database DATABASE_URL names, with the sweep called
 * directly at chosen times: a reminder to the stage's holders at the start of the day it falls
 * due; an overdue prompt to both sides and their line managers once it has passed; each exactly
 * once per stage due time, however often or on however many instances the sweep runs; a new due
 * time at the same stage gets its own. test/deadlines.test.ts shows the same across Christmas on
 * the demo directory; these are fast enough for `npm run mutate`.
 *
 * Each test raises its cases in a month of its own and leaves them swept, so the sweeps' totals
 * are the test's own.
 */
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managersOf, sweepDeadlines } from '../src/jobs/deadlines.js';
import type { CaseView } from '../src/services/cases/view.js';
import {
  createSmallPartnership,
  emailOf,
  outboxOf,
  type SmallPartnership,
} from './support/small-partnership.js';

let p: SmallPartnership;
const sweep = (iso: string, limit?: number) => sweepDeadlines(p.db, new Date(iso), limit);
const none = { reminders: 0, overdue: 0 };
const utc = (iso: string | null) => new Date(iso as string).toISOString();

async function raiseAt(iso: string): Promise<CaseView> {
  p.clock.now = new Date(iso);
  return p.raise();
}

const sent = async (caseId: string, rule: string) =>
  (await outboxOf(p.db, caseId)).filter((r) => r.rule_key === rule);

beforeAll(async () => {
  p = await createSmallPartnership('2026-11-02T09:30:00.000Z');
});
afterAll(async () => p.close());

describe('reminders and overdue prompts', () => {
  it('reminds the stage’s holders at the start of the day it falls due, not before, saying what happens next', async () => {
    // Monday 2 November: due Tuesday 3 November at 5pm, reminded from midnight
    const raised = await raiseAt('2026-11-02T09:30:00.000Z');
    expect(raised.stage.dueAt).toBe('2026-11-03T17:00:00+00:00');
    expect(await sweep('2026-11-02T23:59:59.999Z')).toEqual(none);
    expect(await sweep('2026-11-03T00:00:00.000Z')).toEqual({ reminders: 2, overdue: 0 });
    const reminders = await sent(raised.id, 'reminder');
    expect(reminders.map((r) => [r.template, r.recipient_email, r.recipient_person_id])).toEqual([
      ['reminder', emailOf('c-worker'), 'c-worker'],
      ['reminder', emailOf('s-worker'), 's-worker'],
    ]);
    expect(reminders[0]).toMatchObject({
      reason: `Work to resolve the disagreement at this stage before it falls due. ${raised.nextStep.text}`,
      idempotency_key: `${raised.id}:reminder:1:2026-11-03T17:00:00.000Z:${emailOf('c-worker')}`,
      event_seq: null,
      status: 'queued',
    });
    expect(reminders[0]?.data).toEqual({
      reference: raised.reference,
      stage: { number: 1, name: 'Professional to professional' },
      dueAt: raised.stage.dueAt,
      status: 'open',
      policyTitle: 'Five-stage partnership policy',
    });
    expect(await sweep('2026-11-03T09:00:00.000Z')).toEqual(none);
    expect(await sweep('2026-11-03T16:59:59.999Z')).toEqual(none);
  });

  it('once the due time has passed, prompts both sides and their line managers, once', async () => {
    // the case of the test above, or one of its own when run alone
    const raised = await raiseAt('2026-11-02T09:30:00.000Z');
    const prompted = await sweep('2026-11-03T17:00:00.000Z');
    expect(prompted.overdue % 4).toBe(0);
    const prompts = await sent(raised.id, 'overdue');
    expect(prompts.map((r) => r.recipient_person_id).sort()).toEqual(
      ['c-manager', 'c-worker', 's-manager', 's-worker'].sort(),
    );
    expect(prompts.every((r) => r.template === 'overdue')).toBe(true);
    expect(prompts[0]?.reason.startsWith("The stage's time has passed. ")).toBe(true);
    expect(prompts[0]?.reason.length).toBeGreaterThan("The stage's time has passed. ".length);
    expect(prompts[0]?.idempotency_key).toBe(
      `${raised.id}:overdue:1:2026-11-03T17:00:00.000Z:${prompts[0]?.recipient_email}`,
    );
    expect(await sent(raised.id, 'reminder')).toHaveLength(0);
    expect(await sweep('2026-11-04T09:00:00.000Z')).toEqual(none);
  });

  it('a stage already overdue when first swept gets the overdue prompt, not a reminder as well', async () => {
    const raised = await raiseAt('2026-12-01T09:30:00.000Z');
    expect(await sweep(utc(raised.stage.dueAt))).toEqual({ reminders: 0, overdue: 4 });
    expect(await sent(raised.id, 'reminder')).toHaveLength(0);
  });

  it('a closed case is reminded of nothing', async () => {
    const raised = await raiseAt('2027-01-05T09:30:00.000Z');
    await p.run(raised.id, 's-worker', { type: 'withdraw', reason: 'Agreed (fictional).' });
    expect(await sweep('2027-01-10T09:00:00.000Z')).toEqual(none);
  });

  it('a new due time at the same stage (the case reopened) gets its own reminder and overdue prompt, each exactly once (issue 24, item 4)', async () => {
    const raised = await raiseAt('2027-02-01T09:30:00.000Z');
    const firstDue = utc(raised.stage.dueAt);
    expect(await sweep('2027-02-02T00:00:00.000Z')).toEqual({ reminders: 2, overdue: 0 });
    expect(await sweep(firstDue)).toEqual({ reminders: 0, overdue: 4 });
    p.clock.now = new Date('2027-02-04T09:30:00.000Z');
    await p.run(raised.id, 's-worker', { type: 'withdraw', reason: 'Agreed (fictional).' });
    p.clock.now = new Date('2027-02-08T09:30:00.000Z');
    const reopened = await p.run(raised.id, 's-worker', {
      type: 'reopen',
      reason: 'The agreed visit did not happen.',
    });
    expect(reopened.stage.number).toBe(1);
    const secondDue = utc(reopened.stage.dueAt);
    expect(secondDue).toBe('2027-02-09T17:00:00.000Z');

    expect(await sweep('2027-02-09T08:00:00.000Z')).toEqual({ reminders: 2, overdue: 0 });
    expect(await sweep('2027-02-09T09:00:00.000Z')).toEqual(none);
    expect(await sweep(secondDue)).toEqual({ reminders: 0, overdue: 4 });
    expect(await sweep('2027-02-10T09:00:00.000Z')).toEqual(none);
    const keys = (await outboxOf(p.db, raised.id))
      .filter((r) => r.rule_key === 'reminder' || r.rule_key === 'overdue')
      .map((r) => r.idempotency_key);
    expect(keys.filter((k) => k.includes(firstDue))).toHaveLength(6);
    expect(keys.filter((k) => k.includes(secondDue))).toHaveLength(6);
  });
});

describe('exactly once, with several instances', () => {
  it('a case read by two sweeps at once is claimed, and its prompts queued, by one', async () => {
    const raised = await raiseAt('2027-03-01T09:30:00.000Z');
    const [a, b] = await Promise.all([
      sweep('2027-03-02T08:00:00.000Z'),
      sweep('2027-03-02T08:00:00.000Z'),
    ]);
    expect(a.reminders + b.reminders).toBe(2);
    // the same case read twice by one sweep, as two instances read it: the second claim fails
    const twice: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        const rows = args.result.rows as { id?: string; due_at_utc?: string }[];
        const read = rows.length === 1 && rows[0]?.id === raised.id && 'due_at_utc' in rows[0];
        return read ? { ...args.result, rows: [...rows, ...rows] } : args.result;
      },
    };
    const once = await sweepDeadlines(p.db.withPlugin(twice), new Date(utc(raised.stage.dueAt)));
    expect(once).toEqual({ reminders: 0, overdue: 4 });
    expect(await sent(raised.id, 'overdue')).toHaveLength(4);
  });

  it('a case whose due time changed after the sweep read it is left to the next sweep', async () => {
    const raised = await raiseAt('2027-04-05T09:30:00.000Z');
    const stale: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        const rows = args.result.rows as { id?: string; due_at_utc?: string }[];
        return {
          ...args.result,
          rows: rows.map((r) =>
            r.id === raised.id && 'due_at_utc' in r && Object.keys(r).length === 2
              ? { ...r, due_at_utc: '2027-04-01T17:00:00.000Z' }
              : r,
          ),
        };
      },
    };
    expect(
      await sweepDeadlines(p.db.withPlugin(stale), new Date('2027-04-06T08:00:00.000Z')),
    ).toEqual(none);
    expect(await sent(raised.id, 'reminder')).toHaveLength(0);
    expect(await sweep('2027-04-06T08:00:00.000Z')).toEqual({ reminders: 2, overdue: 0 });
    expect(await sweep(utc(raised.stage.dueAt))).toEqual({ reminders: 0, overdue: 4 });
  });

  it('takes at most `limit` cases a sweep; the rest wait for the next', async () => {
    await raiseAt('2027-05-03T09:30:00.000Z');
    await raiseAt('2027-05-03T10:30:00.000Z');
    expect(await sweep('2027-05-04T08:00:00.000Z', 1)).toEqual({ reminders: 2, overdue: 0 });
    expect(await sweep('2027-05-04T08:00:00.000Z', 1)).toEqual({ reminders: 2, overdue: 0 });
    expect(await sweep('2027-05-04T08:00:00.000Z', 1)).toEqual(none);
    expect(await sweep('2027-05-04T17:00:00.000Z')).toEqual({ reminders: 0, overdue: 8 });
  });
});

describe('line managers', () => {
  it('are the line managers of those who have one, and nobody for nobody', async () => {
    expect(await managersOf(p.db, [])).toEqual([]);
    expect((await managersOf(p.db, ['c-director', 's-worker', 'c-worker'])).sort()).toEqual([
      'c-manager',
      's-manager',
    ]);
  });
});
