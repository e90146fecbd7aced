/**
 * The dashboard's roll-ups (migration 014) against the direct queries: for every period and
 * scope the dashboard supports, the unfiltered figures read through `stage_spell_months` and
 * `outcome_months` must equal, exactly, those counted from `case_stages` and `cases`; and the
 * roll-ups the commands keep must equal what the migration's backfill makes from scratch, after
 * any command (escalate, resolve, withdraw, reopen) and after redaction by the retention rule.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoHistory } from '../src/demo/history.js';
import { CaseCommand, RaiseCommand } from '../src/domain/case/index.js';
import { type Filters, partnershipFigures, type Scope } from '../src/reports/figures/index.js';
import {
  customPeriod,
  type Period,
  presetPeriod,
  ukMonthOf,
  ukMonthStart,
  wholeMonthsOf,
} from '../src/reports/period.js';
import { raiseCase, runCommand } from '../src/services/cases/index.js';
import { actorById } from '../src/services/people.js';
import { applyRetention } from '../src/services/retention.js';
import { fillFigureRollups } from '../src/store/migrations/014-figure-rollups.js';
import { createTestApp, type TestApp } from './support/app.js';
import { DAY, generateHistory, NOW } from './support/history.js';
import { agreedByBoth, agreementFor } from './support/sides.js';

let t: TestApp;
let bromley: string;
let other: string;

const DAYS = [
  '2025-12-31',
  '2026-01-01',
  '2026-03-29',
  '2026-03-31',
  '2026-04-01',
  '2026-05-17',
  '2026-06-30',
  '2026-07-01',
  '2026-08-31',
  '2026-09-01',
  '2026-10-14',
  '2026-10-25',
  '2026-10-31',
  '2026-11-01',
  '2026-12-31',
];

function periodsAt(now: Date): Period[] {
  const periods: Period[] = (
    [
      'last-12-months',
      'this-quarter',
      'last-quarter',
      'this-financial-year',
      'last-financial-year',
    ] as const
  ).map((p) => presetPeriod(p, now));
  for (const first of DAYS) {
    for (const last of DAYS) if (first <= last) periods.push(customPeriod(first, last, now));
  }
  return periods;
}

async function compareAll(now: Date) {
  const scopes: Scope[] = [{}, { partnershipId: bromley }, { partnershipId: other }];
  let compared = 0;
  for (const period of periodsAt(now)) {
    for (const scope of scopes) {
      const filters: Filters = { period };
      const [rolledUp, direct] = await Promise.all([
        partnershipFigures(t.store.db, scope, filters, now),
        partnershipFigures(t.store.db, scope, filters, now, { direct: true }),
      ]);
      expect(rolledUp, `${period.label} ${scope.partnershipId ?? 'all'}`).toEqual(direct);
      compared += 1;
    }
  }
  return compared;
}

async function rollupRows() {
  const stages = await t.store.db
    .selectFrom('stage_spell_months')
    .selectAll()
    .orderBy('scope')
    .orderBy('month')
    .orderBy('stage_number')
    .orderBy('stage_key')
    .orderBy('stage_name')
    .orderBy('days_tenths')
    .execute();
  const outcomes = await t.store.db
    .selectFrom('outcome_months')
    .selectAll()
    .orderBy('scope')
    .orderBy('month')
    .orderBy('outcome')
    .orderBy('stage_number')
    .orderBy('stage_key')
    .orderBy('stage_name')
    .execute();
  const plain = (rows: object[]) =>
    rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          typeof v === 'string' && /^\d+$/.test(v) && k !== 'month' ? Number(v) : v,
        ]),
      ),
    );
  return { stages: plain(stages), outcomes: plain(outcomes) };
}

/** The roll-ups as the commands kept them equal what the backfill makes from the projections. */
async function expectRollupsAsBackfilled() {
  const kept = await rollupRows();
  await fillFigureRollups(t.store.db);
  const filled = await rollupRows();
  expect(kept).toEqual(filled);
  expect(filled.stages.length).toBeGreaterThan(0);
  expect(filled.outcomes.length).toBeGreaterThan(0);
}

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  await loadDemoHistory(t.store.db, NOW);
  await generateHistory(t);
  bromley = t.person('chair', undefined).partnership;
  // a few cases in another partnership, so all partnerships differ from one
  const worker = t.people.find((p) => p.role === 'frontline' && p.partnership !== bromley);
  if (!worker?.agency) throw new Error('no frontline worker outside Bromley in the demo');
  other = worker.partnership;
  const against = t.people.find(
    (p) => p.partnership === other && p.agency && p.agency.id !== worker.agency?.id,
  )?.agency?.id as string;
  const actor = await actorById(t.store.db, worker.id);
  if (!actor) throw new Error('no actor');
  let clock = 0;
  const deps = { db: t.store.db, now: () => new Date(clock) };
  for (const [i, at] of ['2026-03-31T22:30:00.000Z', '2026-09-30T23:10:00.000Z'].entries()) {
    clock = Date.parse(at);
    const raised = await raiseCase(
      deps,
      actor,
      RaiseCommand.parse({
        type: 'raise',
        children: [{ name: 'Fictional child', childProtectionPlan: false, lookedAfter: false }],
        agencies: [against],
        category: 'communication',
        disagreement: 'The plan for the child is not being followed.',
        evidence: { nature: 'Observed at the setting', source: 'Staff records' },
        actionsToDate: 'Phoned the allocated worker.',
        outcomeSought: 'A meeting to agree the plan.',
        immediateRisk: i === 0,
      }),
      'cli',
    );
    if (i === 0) {
      clock = Date.parse('2026-04-30T23:20:00.000Z');
      await runCommand(
        deps,
        actor,
        raised.id,
        CaseCommand.parse({
          type: 'resolve',
          outcome: 'Agreed a meeting.',
          actions: ['Meeting booked'],
          agreedBy: agreedByBoth(raised),
          expectedVersion: raised.version,
        }),
        'cli',
      );
    }
  }
  t.clock.now = NOW;
}, 300_000);

afterAll(async () => {
  await t?.app.close();
  await t?.store.close();
  await t?.database.destroy();
});

describe('UK months in SQL and in code', () => {
  it('places instants either side of each month start, in GMT and in summer time, alike', async () => {
    const instants: string[] = [];
    for (const month of ['2026-01', '2026-03', '2026-04', '2026-10', '2026-11', '2027-04']) {
      const start = Date.parse(ukMonthStart(month));
      for (const offset of [-3_600_001, -1, 0, 1, 3_600_000]) {
        instants.push(new Date(start + offset).toISOString());
      }
    }
    for (const at of instants) {
      const row = await sql<{ month: string }>`select case when ${at} >= m.next_starts_at
          then m.next_month else m.utc_month end as month
        from uk_months m where m.utc_month = substr(${at}, 1, 7)`.execute(t.store.db);
      expect(row.rows[0]?.month, at).toBe(ukMonthOf(at));
    }
  });

  it('splits a period into whole months and the parts at either end', () => {
    const split = wholeMonthsOf(customPeriod('2026-03-15', '2026-06-30', NOW));
    expect(split.first).toBe('2026-04');
    expect(split.last).toBe('2026-06');
    expect(split.parts).toEqual([
      [customPeriod('2026-03-15', '2026-03-15', NOW).from, ukMonthStart('2026-04')],
    ]);
    const inside = wholeMonthsOf(customPeriod('2026-05-02', '2026-05-20', NOW));
    expect(inside.first).toBeNull();
    expect(inside.parts).toHaveLength(1);
  });
});

describe('the roll-ups give the same figures as the direct queries', () => {
  it('for every period and scope, and equal the backfill, on the generated history', async () => {
    expect(await compareAll(NOW)).toBeGreaterThan(300);
    await expectRollupsAsBackfilled();
  }, 300_000);

  it('after commands move cases on: escalate, resolve, withdraw, reopen', async () => {
    const db = t.store.db;
    const open = await db
      .selectFrom('cases')
      .select(['id', 'raised_by_id', 'stage_number'])
      .where('status', '=', 'open')
      .orderBy('raised_at')
      .execute();
    let clock = NOW.getTime() + DAY;
    const deps = { db, now: () => new Date(clock) };
    let moved = 0;
    const tryCommand = async (caseId: string, personId: string, command: object) => {
      const actor = await actorById(db, personId);
      if (!actor) return;
      clock += 3 * 3_600_000;
      try {
        await runCommand(deps, actor, caseId, CaseCommand.parse(command), 'cli');
        moved += 1;
      } catch {
        // a command the policy refuses at this stage: another is tried
      }
    };
    for (const [i, c] of open.entries()) {
      if (i % 3 === 0)
        await tryCommand(c.id, c.raised_by_id, { type: 'escalate', reason: 'Not agreed.' });
      else if (i % 3 === 1)
        await tryCommand(c.id, c.raised_by_id, {
          type: 'resolve',
          outcome: 'Agreed.',
          actions: ['Done'],
          agreedBy: await agreementFor(db, c.id),
        });
      else
        await tryCommand(c.id, c.raised_by_id, { type: 'withdraw', reason: 'No longer needed.' });
    }
    const closed = await db
      .selectFrom('cases')
      .select(['id', 'raised_by_id'])
      .where('status', '!=', 'open')
      .orderBy('raised_at')
      .limit(6)
      .execute();
    for (const c of closed)
      await tryCommand(c.id, c.raised_by_id, { type: 'reopen', reason: 'It came back.' });
    for (const c of closed.slice(0, 3)) {
      await tryCommand(c.id, c.raised_by_id, { type: 'escalate', reason: 'Not agreed.' });
      await tryCommand(c.id, c.raised_by_id, {
        type: 'resolve',
        outcome: 'Agreed.',
        actions: ['Done'],
        agreedBy: await agreementFor(db, c.id),
      });
    }
    expect(moved).toBeGreaterThan(10);
    const later = new Date(clock + DAY);
    await compareAll(later);
    await expectRollupsAsBackfilled();
  }, 300_000);

  it('redaction by the retention rule changes no figure', async () => {
    const db = t.store.db;
    const later = new Date(NOW.getTime() + 40 * DAY);
    const before = await partnershipFigures(
      db,
      {},
      { period: presetPeriod('last-12-months', later) },
      later,
    );
    const rows = await rollupRows();
    await db.updateTable('partnerships').set({ retention_years: 0 }).execute();
    const run = await applyRetention(db, later);
    expect(run.items.length).toBeGreaterThan(0);
    expect(await rollupRows()).toEqual(rows);
    expect(
      await partnershipFigures(db, {}, { period: presetPeriod('last-12-months', later) }, later),
    ).toEqual(before);
    await compareAll(later);
  }, 300_000);
});
