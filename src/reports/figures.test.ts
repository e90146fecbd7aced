/**
 * The dashboard figures on a small known set of cases, on the database DATABASE_URL names
 * (SQLite by default, PostgreSQL when it points there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestStore,
  destroyTestStore,
  type TestDatabase,
} from '../../test/support/database.js';
import type { Store } from '../store/database.js';
import type { CaseTable } from '../store/schema.js';
import { lastTwelveMonths, partnershipFigures } from './figures.js';

const NOW = new Date('2026-11-02T09:30:00.000Z');
const T0 = '2015-01-01T00:00:00.000Z';
let t: { store: Store; database: TestDatabase };

function kase(
  n: number,
  partnership: 'p1' | 'p2',
  fields: Partial<CaseTable> & Pick<CaseTable, 'status' | 'stage_number' | 'raised_at'>,
): CaseTable {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    reference: `ESC-T${n}`,
    partnership_id: partnership,
    policy_id: 'bromley-partnership',
    policy_version: 1,
    raising_agency_id: `${partnership}-a`,
    raised_by_id: `${partnership}-x`,
    category: 'other',
    immediate_risk: 0,
    stage_key: `stage-${fields.stage_number}`,
    due_at: fields.due_at_utc ?? null,
    due_at_utc: null,
    version: 3,
    closed_at: null,
    updated_at: fields.raised_at,
    remind_at_utc: null,
    reminded_for: null,
    overdue_prompted_for: null,
    ...fields,
  };
}

beforeAll(async () => {
  t = await createTestStore();
  const { db } = t.store;
  for (const p of ['p1', 'p2']) {
    await db
      .insertInto('partnerships')
      .values({
        id: p,
        key: p,
        name: p,
        policy_id: 'bromley-partnership',
        calendar: 'england-and-wales',
        business_unit_email: null,
        created_at: T0,
      })
      .execute();
    await db
      .insertInto('agencies')
      .values({
        id: `${p}-a`,
        partnership_id: p,
        name: 'School',
        sector: 'school',
        policy_id: null,
        escalation_manager_id: null,
        board_member_id: null,
        created_at: T0,
      })
      .execute();
    await db
      .insertInto('people')
      .values({
        id: `${p}-x`,
        partnership_id: p,
        agency_id: `${p}-a`,
        email: `x@${p}.example`,
        name: 'X',
        role: 'frontline',
        line_manager_id: null,
        on_board: 0,
        on_executive: 0,
        password_hash: null,
        created_at: T0,
      })
      .execute();
  }
  await db
    .insertInto('cases')
    .values([
      // p1: open at stage 1 (overdue), open at stage 1 (not yet due), open at stage 2 (no due time)
      kase(1, 'p1', {
        status: 'open',
        stage_number: 1,
        raised_at: '2026-10-20T10:00:00.000Z',
        due_at_utc: '2026-10-30T17:00:00.000Z',
      }),
      kase(2, 'p1', {
        status: 'open',
        stage_number: 1,
        raised_at: '2026-11-01T10:00:00.000Z',
        due_at_utc: '2026-11-05T17:00:00.000Z',
      }),
      kase(3, 'p1', { status: 'open', stage_number: 2, raised_at: '2026-09-15T10:00:00.000Z' }),
      // p1: closed in the period, and one closed long before it
      kase(4, 'p1', {
        status: 'resolved',
        stage_number: 1,
        raised_at: '2026-09-01T10:00:00.000Z',
        closed_at: '2026-09-05T10:00:00.000Z',
      }),
      kase(5, 'p1', {
        status: 'resolved',
        stage_number: 1,
        raised_at: '2026-09-02T10:00:00.000Z',
        closed_at: '2026-09-10T10:00:00.000Z',
      }),
      kase(6, 'p1', {
        status: 'decided',
        stage_number: 5,
        raised_at: '2026-06-30T23:59:59.000Z',
        closed_at: '2026-08-01T10:00:00.000Z',
      }),
      kase(7, 'p1', {
        status: 'resolved',
        stage_number: 2,
        raised_at: '2019-03-01T10:00:00.000Z',
        closed_at: '2019-03-20T10:00:00.000Z',
      }),
      // p2: one overdue at stage 3, one withdrawn in the period
      kase(8, 'p2', {
        status: 'open',
        stage_number: 3,
        raised_at: '2026-10-01T10:00:00.000Z',
        due_at_utc: '2026-10-10T17:00:00.000Z',
      }),
      kase(9, 'p2', {
        status: 'withdrawn',
        stage_number: 1,
        raised_at: '2025-11-01T00:00:00.000Z',
        closed_at: '2025-11-03T10:00:00.000Z',
      }),
    ])
    .execute();
}, 20_000);

afterAll(async () => destroyTestStore(t));

describe('the dashboard figures', () => {
  it('covers the twelve whole months before this one and this month so far', () => {
    expect(lastTwelveMonths(NOW)).toEqual({
      from: '2025-11-01T00:00:00.000Z',
      to: '2026-11-02T09:30:00.000Z',
    });
  });

  it('counts one partnership: open by stage, overdue now, raised per month, outcomes', async () => {
    const figures = await partnershipFigures(t.store.db, { partnershipId: 'p1' }, NOW);
    expect(figures.openByStage).toEqual([
      { stage: 1, key: 'stage-1', count: 2 },
      { stage: 2, key: 'stage-2', count: 1 },
    ]);
    expect(figures.overdue).toEqual({ count: 1, oldestDueAt: '2026-10-30T17:00:00.000Z' });
    expect(figures.raisedPerMonth).toEqual([
      { month: '2026-06', count: 1 },
      { month: '2026-09', count: 3 },
      { month: '2026-10', count: 1 },
      { month: '2026-11', count: 1 },
    ]);
    expect(figures.outcomes).toEqual([
      { status: 'decided', stage: 5, count: 1 },
      { status: 'resolved', stage: 1, count: 2 },
    ]);
  });

  it('counts every partnership when none is named', async () => {
    const figures = await partnershipFigures(t.store.db, {}, NOW);
    expect(figures.openByStage).toEqual([
      { stage: 1, key: 'stage-1', count: 2 },
      { stage: 2, key: 'stage-2', count: 1 },
      { stage: 3, key: 'stage-3', count: 1 },
    ]);
    expect(figures.overdue).toEqual({ count: 2, oldestDueAt: '2026-10-10T17:00:00.000Z' });
    expect(figures.raisedPerMonth.find((m) => m.month === '2025-11')).toEqual({
      month: '2025-11',
      count: 1,
    });
    expect(figures.outcomes).toEqual([
      { status: 'decided', stage: 5, count: 1 },
      { status: 'resolved', stage: 1, count: 2 },
      { status: 'withdrawn', stage: 1, count: 1 },
    ]);
  });

  it('answers nothing for a partnership without cases', async () => {
    const figures = await partnershipFigures(t.store.db, { partnershipId: 'none' }, NOW);
    expect(figures).toMatchObject({
      openByStage: [],
      overdue: { count: 0, oldestDueAt: null },
      raisedPerMonth: [],
      outcomes: [],
    });
  });
});
