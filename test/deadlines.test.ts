/**
 * Deadlines that never slip, driven by a fake clock on the database DATABASE_URL names:
 * reminders at the start of the day a stage falls due and overdue prompts once it passes, across
 * Christmas, a weekend and bank holidays; each queued once however often the sweep runs; and
 * local closure days moving due times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../src/jobs/deadlines.js';
import { addClosureDay } from '../src/services/calendars.js';
import type { PersonSummary } from '../src/services/people.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;

async function raise(person: PersonSummary, otherAgencyId: string) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { authorization: `Bearer ${await t.token(person)}` },
    payload: {
      children: [{ name: 'Child B (fictional)', childProtectionPlan: false, lookedAfter: false }],
      agencies: [otherAgencyId],
      category: 'communication',
      disagreement: 'Information about a planned move was not shared.',
      evidence: { nature: 'Missed handover', source: 'Attendance records' },
      actionsToDate: 'Emailed the allocated worker.',
      outcomeSought: 'A joint visit this week.',
      immediateRisk: false,
    },
  });
  expect(response.statusCode).toBe(201);
  return response.json() as {
    id: string;
    version: number;
    stage: { dueAt: string; holders: { raising: string[]; other: string[] } };
  };
}

/** Gives a case command through the API as the raiser (the teacher), at the app's clock. */
async function command(caseId: string, expectedVersion: number, payload: Record<string, unknown>) {
  const teacher = t.person('frontline', 'Hillcrest');
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/commands`,
    headers: { authorization: `Bearer ${await t.token(teacher)}` },
    payload: { ...payload, expectedVersion },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { version: number; stage: { number: number; dueAt: string } };
}

const outboxFor = (caseId: string, rule: string) =>
  t.store.db
    .selectFrom('outbox')
    .select(['recipient_email', 'recipient_person_id'])
    .where('case_id', '=', caseId)
    .where('rule_key', '=', rule)
    .execute();

describe('deadline sweeps with a fake clock', () => {
  let teacher: PersonSummary;
  let cscAgency: string;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-12-24T10:00:00Z') });
    teacher = t.person('frontline', 'Hillcrest');
    cscAgency = t.people.find(
      (p) => p.agency?.sector === 'childrens-social-care' && p.partnership === 'bscp',
    )?.agency?.id as string;
  });
  afterAll(async () => t.close());

  it('002 1.4 / 3: reminds at the start of the due day, and once overdue prompts both sides and their line managers (the more senior staff), across Christmas and a weekend', async () => {
    const raised = await raise(teacher, cscAgency);
    // Thursday 24 December; Friday 25 and Monday 28 are bank holidays: due Tuesday 29 at 5pm.
    expect(raised.stage.dueAt).toBe('2026-12-29T17:00:00+00:00');
    const holders = [...raised.stage.holders.raising, ...raised.stage.holders.other];

    expect(await sweepDeadlines(t.store.db, new Date('2026-12-28T12:00:00Z'))).toEqual({
      reminders: 0,
      overdue: 0,
    });
    expect(await outboxFor(raised.id, 'reminder')).toHaveLength(0);

    const morning = await sweepDeadlines(t.store.db, new Date('2026-12-29T08:00:00Z'));
    expect(morning.reminders).toBe(holders.length);
    const reminders = await outboxFor(raised.id, 'reminder');
    expect(reminders.map((r) => r.recipient_person_id).sort()).toEqual([...holders].sort());
    // Running again, or on another instance, queues nothing more.
    expect(await sweepDeadlines(t.store.db, new Date('2026-12-29T09:00:00Z'))).toEqual({
      reminders: 0,
      overdue: 0,
    });

    expect((await sweepDeadlines(t.store.db, new Date('2026-12-29T16:59:00Z'))).overdue).toBe(0);
    const late = await sweepDeadlines(t.store.db, new Date('2026-12-29T17:01:00Z'));
    const prompts = await outboxFor(raised.id, 'overdue');
    // both sides and their line managers
    expect(late.overdue).toBe(prompts.length);
    expect(prompts.length).toBeGreaterThan(holders.length);
    for (const holder of holders)
      expect(prompts.map((p) => p.recipient_person_id)).toContain(holder);
    const [again1, again2] = await Promise.all([
      sweepDeadlines(t.store.db, new Date('2026-12-30T10:00:00Z')),
      sweepDeadlines(t.store.db, new Date('2026-12-30T10:00:00Z')),
    ]);
    expect(again1.overdue + again2.overdue).toBe(0);
  });

  it('a new due time at the same stage (the case reopened) gets its own reminder and overdue prompt, each exactly once (issue 24, item 4)', async () => {
    t.clock.now = new Date('2027-01-11T09:30:00Z');
    const raised = await raise(teacher, cscAgency);
    const holders = [...raised.stage.holders.raising, ...raised.stage.holders.other];
    const at = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000);
    const firstDue = raised.stage.dueAt;
    expect((await sweepDeadlines(t.store.db, at(firstDue, -60))).reminders).toBe(holders.length);
    const firstOverdue = (await sweepDeadlines(t.store.db, at(firstDue, 1))).overdue;
    expect(firstOverdue).toBeGreaterThan(holders.length);

    // withdrawn, then reopened some days later: the same stage with a new due time
    t.clock.now = at(firstDue, 60 * 24 * 2);
    const withdrawn = await command(raised.id, raised.version, {
      type: 'withdraw',
      reason: 'Agreed at a meeting (fictional).',
    });
    t.clock.now = at(firstDue, 60 * 24 * 3);
    const reopened = await command(raised.id, withdrawn.version, {
      type: 'reopen',
      reason: 'The agreed visit did not happen.',
    });
    expect(reopened.stage.number).toBe(1);
    const secondDue = reopened.stage.dueAt;
    expect(Date.parse(secondDue)).toBeGreaterThan(Date.parse(firstDue));

    const reminded = await sweepDeadlines(t.store.db, at(secondDue, -60));
    expect(reminded).toEqual({ reminders: holders.length, overdue: 0 });
    expect(await outboxFor(raised.id, 'reminder')).toHaveLength(2 * holders.length);
    expect(await sweepDeadlines(t.store.db, at(secondDue, -30))).toEqual({
      reminders: 0,
      overdue: 0,
    });
    const prompted = await sweepDeadlines(t.store.db, at(secondDue, 1));
    expect(prompted).toEqual({ reminders: 0, overdue: firstOverdue });
    expect(await outboxFor(raised.id, 'overdue')).toHaveLength(2 * firstOverdue);
    expect(await sweepDeadlines(t.store.db, at(secondDue, 60))).toEqual({
      reminders: 0,
      overdue: 0,
    });
  });

  it('counts an administrator’s local closure day as not a working day', async () => {
    t.clock.now = new Date('2026-11-02T09:30:00Z');
    await addClosureDay(
      t.store.db,
      'bscp',
      '2026-11-03',
      'Council offices closed (test)',
      t.clock.now.toISOString(),
    );
    const raised = await raise(teacher, cscAgency);
    expect(raised.stage.dueAt).toBe('2026-11-04T17:00:00+00:00');
  });
});
