/**
 * Issue 18, item 6, in the engine: a side whose stage is held from outside its agency (the
 * policy's `sectorHolders`) is acted for by that holder, and not by the side's own line (its
 * workers, managers or DSL), at that stage; at the next stage the side's own line holds it again.
 */
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import type { Actor } from './context.js';
import type { Holders } from './events.js';
import { partiesOf, refusedPart } from './permissions.js';
import { CaseHarness, fiveStagePolicy, people, raiseInput } from './testing.js';
import { whoseTurn } from './turn.js';

const calendar = calendarFor('england-and-wales');
const t0 = '2026-03-23T10:00:00Z';

/** The health commissioner's senior liaison officer: at another agency, on neither side. */
const liaison: Actor = { personId: 'p-icb-liaison', role: 'named-professional', agencyId: 'a-icb' };
/** their line manager at the commissioner */
const liaisonManager: Actor = {
  personId: 'p-icb-director',
  role: 'director',
  agencyId: 'a-icb',
  actsFor: ['p-icb-director', 'p-icb-liaison'],
};
const cscManager: Actor = { personId: 'p-csc-manager', role: 'manager', agencyId: 'a-csc' };

/** Stage 2 with the raising side (here the GP surgery, a-school in the harness) held from outside. */
const raisingHeldOutside: Holders = {
  raising: ['p-icb-liaison'],
  other: ['p-csc-manager'],
  outside: [{ side: 'raising', agencyId: 'a-school', personId: 'p-icb-liaison' }],
};

function atStage2(holders: Holders): CaseHarness {
  const c = new CaseHarness(fiveStagePolicy, calendar);
  c.must(raiseInput({ agencies: ['a-csc'] }), people.worker, t0);
  c.must({ type: 'escalate', reason: 'Not resolved' }, people.worker, t0, holders);
  return c;
}

describe('a side held from outside its agency (sectorHolders)', () => {
  it('the outside holder holds the stage for that side and acts for it', () => {
    const c = atStage2(raisingHeldOutside);
    const parties = partiesOf(liaison, c.current, c.policy);
    expect([...parties].sort()).toEqual(['holder', 'raising-holder', 'raising-side']);
    for (const action of ['escalate', 'resolve', 'record-discussion', 'refer-to-chair'] as const)
      expect(refusedPart(action, c.current, c.policy, liaison)).toBeUndefined();
    expect(partiesOf(liaisonManager, c.current, c.policy).has('holder')).toBe(true);
    expect(whoseTurn(c.current, c.policy, liaison)).toMatchObject({ yours: true, side: 'raising' });
  });

  it("the raiser's own line does not hold it: not their manager, nor their agency's DSL", () => {
    const c = atStage2(raisingHeldOutside);
    for (const actor of [people.manager, people.dsl, people.worker]) {
      expect(partiesOf(actor, c.current, c.policy).has('holder')).toBe(false);
      expect(refusedPart('escalate', c.current, c.policy, actor)?.code).toBe('not-your-part');
    }
    // still on the raising side: they see the case and are kept informed
    expect(partiesOf(people.dsl, c.current, c.policy).has('raising-side')).toBe(true);
    // the other side is held by its own line as ever
    expect(partiesOf(cscManager, c.current, c.policy).has('holder')).toBe(true);
  });

  it('the escalation is taken by the outside holder, through the engine', () => {
    const c = atStage2(raisingHeldOutside);
    const refused = c.give({ type: 'escalate', reason: 'Not resolved' }, people.manager, t0, {
      raising: ['p-senior'],
      other: [],
    });
    expect(refused.ok ? 'accepted' : refused.error.code).toBe('not-your-part');
    c.must({ type: 'escalate', reason: 'Not resolved' }, liaison, t0, {
      raising: ['p-manager'],
      other: ['p-csc-manager'],
    });
    expect(c.current.stage.number).toBe(3);
  });

  it('holds only at the stage it is named for: at the next stage the side’s own line holds it again', () => {
    const c = atStage2(raisingHeldOutside);
    c.must({ type: 'escalate', reason: 'Not resolved' }, liaison, t0, {
      raising: ['p-manager'],
      other: ['p-csc-manager'],
    });
    expect(partiesOf(liaison, c.current, c.policy).size).toBe(0);
    expect(partiesOf(people.manager, c.current, c.policy).has('holder')).toBe(true);
  });

  it('whichever side the agency is on: the other side held from outside', () => {
    const c = atStage2({
      raising: ['p-manager'],
      other: ['p-icb-liaison'],
      outside: [{ side: 'other', agencyId: 'a-csc', personId: 'p-icb-liaison' }],
    });
    // holding the other side's part of the stage, they also acknowledge it where it asks
    expect([...partiesOf(liaison, c.current, c.policy)].sort()).toEqual([
      'holder',
      'other-holder',
      'other-side',
    ]);
    expect(refusedPart('escalate', c.current, c.policy, cscManager)?.code).toBe('not-your-part');
    expect(refusedPart('escalate', c.current, c.policy, people.manager)).toBeUndefined();
    expect(whoseTurn(c.current, c.policy, liaison)).toMatchObject({ yours: true, side: 'other' });
  });

  it('held from outside for one agency on a side, another agency on that side still holds its own part', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput({ agencies: ['a-csc', 'a-health'] }), people.worker, t0);
    c.must({ type: 'escalate', reason: 'Not resolved' }, people.worker, t0, {
      raising: ['p-manager'],
      other: ['p-csc-manager', 'p-icb-liaison'],
      outside: [{ side: 'other', agencyId: 'a-health', personId: 'p-icb-liaison' }],
    });
    expect(refusedPart('escalate', c.current, c.policy, cscManager)).toBeUndefined();
    const healthManager: Actor = {
      personId: 'p-health-manager',
      role: 'dsl',
      agencyId: 'a-health',
    };
    expect(refusedPart('escalate', c.current, c.policy, healthManager)?.code).toBe('not-your-part');
  });
});
