/**
 * Need to know (src/services/access.ts), rule by rule, on a small fictional directory and three
 * cases written straight into the database DATABASE_URL names: a person sees a case only as a
 * participant, a participant's manager (anywhere up the line), their agency's DSL, or the
 * partnership team or chair of the case's partnership. The access matrix
 * (access-matrix.test.ts) checks every route against the same rules on the demo directory;
 * these are fast enough for `npm run mutate`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/policy/schema.js';
import {
  engineActor,
  isPartnershipWide,
  maySeeCase,
  maySeeCaseRow,
  selfAndReports,
  visibleCaseIds,
} from '../../src/services/access.js';
import type { Actor } from '../../src/services/people.js';
import type { Store } from '../../src/store/database.js';
import { insertCaseRow } from '../support/case-row.js';
import { createTestStore, destroyTestStore, type TestDatabase } from '../support/database.js';

let t: { store: Store; database: TestDatabase };
const at = '2026-11-02T09:30:00.000Z';

/** Who is who: [id, role, agency, line manager, partnership]. */
const PEOPLE: [string, Role, string | null, string | null, string][] = [
  ['director', 'director', 'school', null, 'p1'],
  ['manager', 'manager', 'school', 'director', 'p1'],
  ['worker', 'frontline', 'school', 'manager', 'p1'],
  ['colleague', 'frontline', 'school', 'manager-2', 'p1'],
  ['manager-2', 'manager', 'school', 'director', 'p1'],
  ['school-dsl', 'dsl', 'school', null, 'p1'],
  ['csc-worker', 'frontline', 'csc', null, 'p1'],
  ['csc-dsl', 'dsl', 'csc', null, 'p1'],
  ['police-dsl', 'dsl', 'police', 'police-dsl-boss', 'p1'],
  ['police-dsl-boss', 'director', 'police', null, 'p1'],
  ['chair', 'chair', null, null, 'p1'],
  ['team', 'partnership-team', null, null, 'p1'],
  ['admin', 'administrator', null, null, 'p1'],
  ['p2-chair', 'chair', null, null, 'p2'],
  ['p2-worker', 'frontline', 'p2-school', null, 'p2'],
  // a loop in the line-management data: each is the other's manager
  ['loop-x', 'manager', 'police', 'loop-y', 'p1'],
  ['loop-y', 'manager', 'police', 'loop-x', 'p1'],
];

const actor = (id: string): Actor => {
  const [, role, agencyId, , partnershipId] = PEOPLE.find((p) => p[0] === id) as (typeof PEOPLE)[0];
  return { personId: id, role, agencyId, partnershipId, email: `${id}@x.example`, name: id };
};

async function raise(
  id: string,
  partnershipId: string,
  agencies: [string, 'raising' | 'other'][],
  participants: string[],
) {
  const db = t.store.db;
  await insertCaseRow(db, {
    id,
    reference: `ESC-${id.toUpperCase()}`,
    partnership_id: partnershipId,
    raising_agency_id: agencies[0]?.[0] as string,
    raised_by_id: participants[0] as string,
    raised_at: at,
  });
  for (const [agencyId, side] of agencies) {
    await db
      .insertInto('case_agencies')
      .values({
        case_id: id,
        agency_id: agencyId,
        side,
        partnership_id: partnershipId,
        raised_at: at,
        raising_agency_id: agencies[0]?.[0] as string,
        due_at_utc: null,
      })
      .execute();
  }
  for (const personId of participants) {
    await db
      .insertInto('case_participants')
      .values({ case_id: id, person_id: personId, since: at, due_at_utc: null, raised_at: at })
      .execute();
  }
}

beforeAll(async () => {
  t = await createTestStore();
  const db = t.store.db;
  for (const id of ['p1', 'p2']) {
    await db
      .insertInto('partnerships')
      .values({
        id,
        key: id,
        name: `Partnership ${id} (fictional)`,
        policy_id: 'five-stage',
        calendar: 'england-and-wales',
        business_unit_email: null,
        created_at: at,
        retention_years: null,
        hub_phone: null,
      })
      .execute();
  }
  for (const [id, partnershipId] of [
    ['school', 'p1'],
    ['csc', 'p1'],
    ['police', 'p1'],
    ['p2-school', 'p2'],
  ] as const) {
    await db
      .insertInto('agencies')
      .values({
        id,
        partnership_id: partnershipId,
        name: `Agency ${id} (fictional)`,
        sector: 'other',
        policy_id: null,
        escalation_manager_id: null,
        board_member_id: null,
        created_at: at,
        duty_email: null,
        duty_phone: null,
      })
      .execute();
  }
  for (const [id, role, agencyId, , partnershipId] of PEOPLE) {
    await db
      .insertInto('people')
      .values({
        id,
        partnership_id: partnershipId,
        agency_id: agencyId,
        email: `${id}@x.example`,
        name: id,
        role,
        line_manager_id: null,
        on_board: 0,
        on_executive: 0,
        phone: null,
        password_hash: null,
        created_at: at,
      })
      .execute();
  }
  for (const [id, , , lineManager] of PEOPLE) {
    if (lineManager) {
      await db
        .updateTable('people')
        .set({ line_manager_id: lineManager })
        .where('id', '=', id)
        .execute();
    }
  }
  // A: raised by the school's worker with children's social care; B: within csc and police;
  // C: in the other partnership
  await raise(
    'case-a',
    'p1',
    [
      ['school', 'raising'],
      ['csc', 'other'],
    ],
    ['worker', 'csc-worker'],
  );
  await raise(
    'case-b',
    'p1',
    [
      ['csc', 'raising'],
      ['police', 'other'],
    ],
    ['csc-worker'],
  );
  await raise('case-c', 'p2', [['p2-school', 'raising']], ['p2-worker']);
});
afterAll(async () => destroyTestStore(t));

/** Who sees which of the three cases, by the rule that says so. */
const SEES: [string, string, string[]][] = [
  ['worker', 'a participant sees the case', ['case-a']],
  ['manager', "a participant's manager sees it", ['case-a']],
  ['director', 'anywhere up the line-management chain', ['case-a']],
  ['colleague', 'working at the same agency is not need to know', []],
  ['manager-2', 'a manager of someone not on the case', []],
  ['school-dsl', "an agency's DSL sees the cases their agency is in", ['case-a']],
  ['csc-dsl', "an agency's DSL sees every case their agency is in", ['case-a', 'case-b']],
  ['csc-worker', 'a participant of two cases sees both', ['case-a', 'case-b']],
  ['police-dsl', "an agency's DSL, on the other side", ['case-b']],
  ['police-dsl-boss', 'the DSL’s manager is no DSL and no participant’s manager', []],
  ['chair', 'the chair sees every case of their partnership', ['case-a', 'case-b']],
  ['team', 'the partnership team sees every case of their partnership', ['case-a', 'case-b']],
  ['admin', 'an administrator has no need to know any case', []],
  ['p2-chair', 'partnership-wide roles see only their own partnership', ['case-c']],
];

describe('need to know', () => {
  it.each(SEES)('%s: %s', async (who, _rule, cases) => {
    for (const caseId of ['case-a', 'case-b', 'case-c']) {
      expect(await maySeeCase(t.store.db, actor(who), caseId), caseId).toBe(cases.includes(caseId));
    }
    const listed = await (await visibleCaseIds(t.store.db, actor(who))).execute();
    expect(listed.map((r) => r.id).sort(), 'the case list').toEqual(cases);
  });

  it('a case that does not exist is seen by nobody, as one they may not see', async () => {
    expect(await maySeeCase(t.store.db, actor('chair'), 'no-such-case')).toBe(false);
    const row = { id: 'case-a', partnership_id: 'p2' };
    expect(await maySeeCaseRow(t.store.db, actor('chair'), row)).toBe(false);
  });

  it('a DSL with no agency on record sees only what a participant’s manager would', async () => {
    const noAgency = { ...actor('police-dsl'), agencyId: null };
    expect(await maySeeCase(t.store.db, noAgency, 'case-b')).toBe(false);
    expect((await (await visibleCaseIds(t.store.db, noAgency)).execute()).length).toBe(0);
  });

  it('the team of a manager is themself and everyone below, however far down', async () => {
    expect((await selfAndReports(t.store.db, 'director')).sort()).toEqual([
      'colleague',
      'director',
      'manager',
      'manager-2',
      'worker',
    ]);
    expect(await selfAndReports(t.store.db, 'worker')).toEqual(['worker']);
    expect((await selfAndReports(t.store.db, 'loop-x')).sort()).toEqual(['loop-x', 'loop-y']);
  });

  it('a manager may act for their team; the partnership team and chair for themselves alone', async () => {
    const manager = await engineActor(t.store.db, actor('manager'));
    expect([...(manager.actsFor ?? [])].sort()).toEqual(['manager', 'worker']);
    expect(manager).toMatchObject({ personId: 'manager', role: 'manager', agencyId: 'school' });
    expect((await engineActor(t.store.db, actor('chair'))).actsFor).toEqual(['chair']);
    expect(isPartnershipWide({ role: 'partnership-team' })).toBe(true);
    expect(isPartnershipWide({ role: 'chair' })).toBe(true);
    expect(isPartnershipWide({ role: 'administrator' })).toBe(false);
    expect(isPartnershipWide({ role: 'panel-member' })).toBe(false);
  });
});
