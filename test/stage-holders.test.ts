/**
 * Who holds a stage on each side, found from the directory (src/services/holders.ts), on a small
 * fictional directory written straight into the database DATABASE_URL names. The seed journeys
 * show the same rules on the demo directory, end to end; these hold each rule alone, fast
 * enough for `npm run mutate`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiveStagePolicy } from '../src/domain/case/testing.js';
import type { Policy, Role, Sector, Stage } from '../src/domain/policy/schema.js';
import type { SectorHolderPerson } from '../src/domain/policy/sector-holders.js';
import { findHolders, type HolderQuery } from '../src/services/holders.js';
import { sectorHolderWarnings } from '../src/services/sector-holders.js';
import type { Store } from '../src/store/database.js';
import { createTestStore, destroyTestStore, type TestDatabase } from './support/database.js';

let t: { store: Store; database: TestDatabase };
const at = '2026-11-02T09:30:00.000Z';

const [professional, manager, senior, director, chair] = fiveStagePolicy.stages as [
  Stage,
  Stage,
  Stage,
  Stage,
  Stage,
];

async function partnership(id: string) {
  await t.store.db
    .insertInto('partnerships')
    .values({
      id,
      key: id,
      name: `Partnership ${id} (fictional)`,
      policy_id: fiveStagePolicy.id,
      calendar: 'england-and-wales',
      business_unit_email: null,
      created_at: at,
      retention_years: null,
      hub_phone: null,
    })
    .execute();
}

async function agency(id: string, partnershipId: string, sector: Sector) {
  await t.store.db
    .insertInto('agencies')
    .values({
      id,
      partnership_id: partnershipId,
      name: `Agency ${id} (fictional)`,
      sector,
      policy_id: null,
      escalation_manager_id: null,
      board_member_id: null,
      created_at: at,
      duty_email: null,
      duty_phone: null,
    })
    .execute();
}

async function person(
  id: string,
  role: Role,
  agencyId: string | null,
  options: {
    name?: string;
    lineManager?: string;
    partnershipId?: string;
    designated?: boolean;
  } = {},
) {
  await t.store.db
    .insertInto('people')
    .values({
      id,
      partnership_id: options.partnershipId ?? 'p1',
      agency_id: agencyId,
      email: `${id}@agency.example`,
      name: options.name ?? id,
      role,
      line_manager_id: options.lineManager ?? null,
      on_board: 0,
      on_executive: 0,
      phone: null,
      designated_health: options.designated ? 1 : 0,
      password_hash: null,
      created_at: at,
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestStore();
  await partnership('p1');
  await partnership('p2');
  // the raising agency: a line from the practitioner up to the director, and a DSL
  await agency('school', 'p1', 'school');
  await person('r-director', 'director', 'school');
  await person('r-senior', 'senior-manager', 'school', { lineManager: 'r-director' });
  await person('r-manager', 'manager', 'school', { lineManager: 'r-senior' });
  await person('r-worker', 'frontline', 'school', { lineManager: 'r-manager' });
  await person('r-dsl', 'dsl', 'school', { lineManager: 'r-senior' });
  await person('r-manager-0', 'manager', 'school', { name: 'Aaron School' });
  // the other agency: two managers, the second by name its named escalation manager
  await agency('csc', 'p1', 'childrens-social-care');
  await person('o-worker-z', 'frontline', 'csc', { name: 'Zoe Other' });
  await person('o-worker-a', 'frontline', 'csc', { name: 'Amy Other' });
  await person('o-manager-a', 'manager', 'csc', { name: 'Abe Other' });
  await person('o-manager-b', 'manager', 'csc', { name: 'Bea Other' });
  await person('o-senior', 'senior-manager', 'csc', { name: 'Sam Other' });
  await t.store.db
    .updateTable('agencies')
    .set({ escalation_manager_id: 'o-manager-b' })
    .where('id', '=', 'csc')
    .execute();
  // an agency with a manager and a senior manager, and no named escalation manager
  await agency('health', 'p1', 'health');
  await person('h-manager', 'manager', 'health', { name: 'Al Health' });
  await person('h-senior', 'senior-manager', 'health', { name: 'Zed Health' });
  await person('h-liaison', 'named-professional', 'health', { designated: true });
  // an agency with nobody in any stage's role, and one whose line loops
  await agency('police', 'p1', 'police');
  await agency('looped', 'p1', 'other');
  await person('loop-a', 'frontline', 'looped');
  await person('loop-b', 'frontline', 'looped', { lineManager: 'loop-a' });
  await agency('looped-2', 'p1', 'other');
  await person('loop-m1', 'manager', 'looped-2', { name: 'Amy Loop' });
  await person('loop-m2', 'manager', 'looped-2', { name: 'Bob Loop', lineManager: 'loop-m1' });
  for (const [id, lineManager] of [
    ['loop-a', 'loop-b'],
    ['loop-m1', 'loop-m2'],
  ]) {
    await t.store.db
      .updateTable('people')
      .set({ line_manager_id: lineManager })
      .where('id', '=', id as string)
      .execute();
  }
  await agency('csc-2', 'p1', 'childrens-social-care');
  // the partnership's chair and team; the second partnership has a team and no chair
  await person('team-b', 'partnership-team', null, { name: 'Bo Team' });
  await person('team-a', 'partnership-team', null, { name: 'Ann Team' });
  await person('the-chair', 'chair', null, { name: 'Zara Chair' });
  await person('p2-team', 'partnership-team', null, { partnershipId: 'p2' });
});
afterAll(async () => destroyTestStore(t));

const query = (over: Partial<HolderQuery>): HolderQuery => ({
  stage: manager,
  stageNumber: 2,
  partnershipId: 'p1',
  raiserId: 'r-worker',
  raisingAgencyId: 'school',
  otherAgencyIds: ['csc'],
  ...over,
});
const holders = (over: Partial<HolderQuery>) => findHolders(t.store.db, query(over));

describe('who holds a stage: the raising side', () => {
  it('002 stage 1: the raiser holds professional to professional, whatever their role', async () => {
    const first = { stage: professional, stageNumber: 1 };
    expect((await holders(first)).raising).toEqual(['r-worker']);
    expect((await holders({ ...first, raiserId: 'r-dsl' })).raising).toEqual(['r-dsl']);
  });

  it('002 stage 2: the next person up the raiser’s line whose role the stage involves', async () => {
    expect((await holders({})).raising).toEqual(['r-manager']);
    expect((await holders({ stage: director, stageNumber: 4 })).raising).toEqual(['r-director']);
  });

  it('a raiser whose own role the stage involves holds it themself', async () => {
    expect((await holders({ raiserId: 'r-manager' })).raising).toEqual(['r-manager']);
  });

  it('nobody up the raiser’s line in the role: the agency’s first person in it, by name', async () => {
    // the DSL reports to the senior manager, above the agency's managers
    expect((await holders({ raiserId: 'r-dsl' })).raising).toEqual(['r-manager-0']);
    // a raiser no longer in the directory has no line
    expect((await holders({ raiserId: 'gone' })).raising).toEqual(['r-manager-0']);
  });

  it('a later stage practitioners take part in is not held by a raiser in another role', async () => {
    const withPractitioners = {
      ...manager,
      participants: { ...manager.participants, roles: ['frontline', 'manager'] as Role[] },
    };
    // the DSL's line (senior manager, director) has neither role: the agency's first practitioner
    const found = await holders({ stage: withPractitioners, raiserId: 'r-dsl' });
    expect(found.raising).toEqual(['r-worker']);
  });

  it('a first stage held by managers is held by the raiser’s manager, not the raiser', async () => {
    const byManagers = {
      ...professional,
      participants: { ...professional.participants, roles: ['manager'] as Role[] },
    };
    expect((await holders({ stage: byManagers, stageNumber: 1 })).raising).toEqual(['r-manager']);
  });

  it('seed 004 stage 1: when the conflict is with the line manager, the manager above them holds it', async () => {
    const conflict = { conflictWithLineManager: true };
    expect((await holders(conflict)).raising).toEqual(['r-senior']);
    const stage1 = { ...conflict, stage: professional, stageNumber: 1 };
    expect((await holders(stage1)).raising).toEqual(['r-senior']);
    const either = {
      ...conflict,
      stage: {
        ...manager,
        participants: { ...manager.participants, roles: ['manager', 'senior-manager'] as Role[] },
      },
    };
    expect((await holders(either)).raising).toEqual(['r-senior']);
    // the first in the stage's role above the line manager, not simply the next up the line
    const atDirector = { ...conflict, stage: director, stageNumber: 4 };
    expect((await holders(atDirector)).raising).toEqual(['r-director']);
  });

  it('a loop in the line never brings the raiser back as the holder against their line manager', async () => {
    const found = await holders({
      raiserId: 'loop-m2',
      raisingAgencyId: 'looped-2',
      conflictWithLineManager: true,
    });
    expect(found.raising).not.toContain('loop-m2');
  });

  it('a loop in the line-management data ends, and a side with nobody to hold it is flagged', async () => {
    const looped = await holders({ raiserId: 'loop-a', raisingAgencyId: 'looped' });
    expect(looped.raising).toEqual([]);
    expect(looped.missing).toEqual([{ side: 'raising', agencyId: 'looped' }]);
  });
});

describe('who holds a stage: each other agency', () => {
  it('seed 004 Appendix A: its named escalation manager, when the stage involves their role', async () => {
    const found = await holders({});
    expect(found).toEqual({ raising: ['r-manager'], other: ['o-manager-b'] });
  });

  it('else the first by name in the stage’s first role', async () => {
    expect((await holders({ stage: professional, stageNumber: 1 })).other).toEqual(['o-worker-a']);
    expect((await holders({ stage: senior, stageNumber: 3 })).other).toEqual(['o-senior']);
    const seniorFirst = {
      ...manager,
      participants: { ...manager.participants, roles: ['senior-manager', 'manager'] as Role[] },
    };
    expect((await holders({ stage: seniorFirst, otherAgencyIds: ['health'] })).other).toEqual([
      'h-senior',
    ]);
  });

  it('an agency with nobody in the role is flagged, and the others still hold it', async () => {
    const found = await holders({ otherAgencyIds: ['police', 'health', 'no-such-agency'] });
    expect(found.other).toEqual(['h-manager']);
    expect(found.missing).toEqual([
      { side: 'other', agencyId: 'police' },
      { side: 'other', agencyId: 'no-such-agency' },
    ]);
  });

  it('at stage 1, the professionals the raiser named, once each; at later stages they are not asked', async () => {
    const named = { namedOthers: ['o-worker-z', 'o-worker-z', 'o-manager-a'] };
    expect((await holders({ ...named, stage: professional, stageNumber: 1 })).other).toEqual([
      'o-worker-z',
      'o-manager-a',
    ]);
    expect((await holders(named)).other).toEqual(['o-manager-b']);
    expect((await holders({ namedOthers: [], stage: professional, stageNumber: 1 })).other).toEqual(
      ['o-worker-a'],
    );
  });
});

describe("who holds the chair's stage", () => {
  it("the partnership's chair, then its team by name; the sides' last holders stay its contacts", async () => {
    const sidesBefore = {
      raising: ['r-director'],
      other: ['o-senior'],
      outside: [{ side: 'other' as const, agencyId: 'csc', personId: 'o-senior' }],
    };
    const found = await holders({ stage: chair, stageNumber: 5, final: true, sidesBefore });
    expect(found).toEqual({
      raising: ['r-director'],
      other: ['o-senior'],
      outside: sidesBefore.outside,
      partnership: ['the-chair', 'team-a', 'team-b'],
    });
    const plain = await holders({ stage: chair, stageNumber: 5, final: true });
    expect(plain).toEqual({
      raising: [],
      other: [],
      partnership: ['the-chair', 'team-a', 'team-b'],
    });
  });

  it('with no chair in the directory, the partnership side is flagged', async () => {
    const found = await holders({
      stage: chair,
      stageNumber: 5,
      final: true,
      partnershipId: 'p2',
      sidesBefore: { raising: ['r-director'], other: [], outside: [] },
    });
    expect(found).toEqual({
      raising: ['r-director'],
      other: [],
      partnership: ['p2-team'],
      missing: [{ side: 'partnership' }],
    });
  });
});

describe('a side held from outside its line, by sector (sectorHolders, issue 18)', () => {
  const byLiaison = (forSector: Sector, designatedHealth = true): Stage => ({
    ...manager,
    sectorHolders: [
      {
        forSector,
        heldBy: { role: 'named-professional', sector: 'health', designatedHealth },
        source: 'test-policy 2.4',
      },
    ],
  });

  it('the other side’s agency of that sector is held by the person the rule names, once', async () => {
    const found = await holders({ stage: byLiaison('childrens-social-care') });
    expect(found).toEqual({
      raising: ['r-manager'],
      other: ['h-liaison'],
      outside: [{ side: 'other', agencyId: 'csc', personId: 'h-liaison' }],
    });
  });

  it('one person holding it for two agencies on a side is named once, for each', async () => {
    const found = await holders({
      stage: byLiaison('childrens-social-care'),
      otherAgencyIds: ['csc', 'csc-2'],
    });
    expect(found.other).toEqual(['h-liaison']);
    expect(found.outside).toEqual([
      { side: 'other', agencyId: 'csc', personId: 'h-liaison' },
      { side: 'other', agencyId: 'csc-2', personId: 'h-liaison' },
    ]);
  });

  it('the raising side’s agency too, whichever side it is on', async () => {
    const found = await holders({ stage: byLiaison('school') });
    expect(found).toEqual({
      raising: ['h-liaison'],
      other: ['o-manager-b'],
      outside: [{ side: 'raising', agencyId: 'school', personId: 'h-liaison' }],
    });
  });

  it('with nobody the rule describes, the side is flagged and its own line does not hold it', async () => {
    const nobody: Stage = {
      ...manager,
      sectorHolders: [
        {
          forSector: 'childrens-social-care',
          heldBy: { role: 'director', sector: 'police' },
          source: 'test-policy 2.4',
        },
      ],
    };
    const found = await holders({ stage: nobody });
    expect(found).toEqual({
      raising: ['r-manager'],
      other: [],
      missing: [{ side: 'other', agencyId: 'csc' }],
    });
  });

  it('at stage 1, a named professional at an agency held from outside is left out', async () => {
    const stage1 = { ...byLiaison('childrens-social-care'), key: 'professional' };
    const found = await holders({
      stage: stage1,
      stageNumber: 1,
      otherAgencyIds: ['csc', 'health'],
      namedOthers: ['o-worker-z', 'h-manager'],
    });
    expect(found.other).toEqual(['h-liaison', 'h-manager']);
    expect(found.outside).toEqual([{ side: 'other', agencyId: 'csc', personId: 'h-liaison' }]);
  });
});

describe('policy add: a sectorHolders rule nobody in the directory fits is warned of', () => {
  const withRule = (partnership: string, heldBy: SectorHolderPerson): Policy => ({
    ...fiveStagePolicy,
    partnership,
    stages: fiveStagePolicy.stages.map((stage, i) =>
      i === 1
        ? { ...stage, sectorHolders: [{ forSector: 'gp', heldBy, source: 'test-policy 2.4' }] }
        : stage,
    ),
  });

  it('names the stage, the rule and what is missing; nothing when someone fits', async () => {
    const nobody = withRule('p1', { role: 'director', sector: 'police', designatedHealth: true });
    expect(await sectorHolderWarnings(t.store.db, nobody)).toEqual([
      {
        path: ['stages', 1, 'sectorHolders', 0, 'heldBy'],
        message:
          'nobody in partnership "p1"\'s directory is a "director" at an agency of sector "police" marked designatedHealth, so at stage "manager" an agency of sector "gp" would have nobody holding it (recorded as missing on the case): add that person to the directory',
      },
    ]);
    const anyDirector = withRule('p2', { role: 'director' });
    expect((await sectorHolderWarnings(t.store.db, anyDirector))[0]?.message).toMatch(
      /^nobody in partnership "p2"'s directory is a "director", so at stage "manager"/,
    );
    const liaison = withRule('p1', {
      role: 'named-professional',
      sector: 'health',
      designatedHealth: true,
    });
    expect(await sectorHolderWarnings(t.store.db, liaison)).toEqual([]);
  });

  it('says nothing for a policy without the rule, or a partnership with no directory yet', async () => {
    expect(await sectorHolderWarnings(t.store.db, fiveStagePolicy)).toEqual([]);
    const unknown = withRule('no-such-partnership', { role: 'director' });
    expect(await sectorHolderWarnings(t.store.db, unknown)).toEqual([]);
  });
});
