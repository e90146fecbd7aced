/**
 * Every cell of "Who may do what" (docs/security.md): each action, for each kind of person, at a
 * stage the agencies work and at the chair's stage. The table below is written out by hand, as
 * the document has it, so a change to the rules must change this table too.
 */
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import { Policy } from '../policy/schema.js';
import type { Actor } from './context.js';
import { decide } from './decide.js';
import { partiesOf, refusedPart } from './permissions.js';
import { CaseHarness, fiveStagePolicy, people, raiseInput } from './testing.js';

const calendar = calendarFor('england-and-wales');
const t0 = '2026-03-23T10:00:00Z';

/** The people of a case raised by the school's worker with children's social care (CSC). */
const who = {
  'raising worker': people.worker,
  'raising holder': people.manager,
  'raising DSL': people.dsl,
  'other worker': people.socialWorker,
  'other holder': { personId: 'p-csc-manager', role: 'manager', agencyId: 'a-csc' },
  chair: people.chair,
  'panel member': { personId: 'p-health-director', role: 'director', agencyId: 'a-health' },
  'partnership team': { personId: 'p-team', role: 'partnership-team', agencyId: null },
  'uninvolved agency': { personId: 'p-police', role: 'manager', agencyId: 'a-police' },
} satisfies Record<string, Actor>;
type Who = keyof typeof who;
const WHO = Object.keys(who) as Who[];

const Y = true;
const N = false;
/** nobody, by the stage rules: the engine refuses it to everyone, saying why */
const _ = null;
/**
 * The matrix, at a working stage (stage 2, held by the school's and CSC's managers) and at the
 * chair's stage (a panel convened). Columns in the order of `who` above.
 */
// biome-ignore format: the table reads as a table
const MATRIX: Record<string, { working: (boolean | null)[]; final: (boolean | null)[] }> = {
  //                                 rw rh dsl ow oh ch pm pt un
  'record-consultation':           { working: [Y, Y, Y, N, N, N, N, N, N], final: [Y, Y, Y, N, N, N, N, N, N] },
  'record-discussion':             { working: [Y, Y, Y, Y, Y, N, N, N, N], final: [Y, Y, Y, Y, Y, Y, Y, N, N] },
  acknowledge:                     { working: [N, N, N, N, Y, N, N, N, N], final: [_, _, _, _, _, _, _, _, _] },
  // the agreed action plan (issue 18 item 8): who holds the stage adds; either side marks done
  // (the engine then checks the agency owns the action: action-plan.test.ts)
  'add-plan-action':               { working: [N, Y, Y, N, Y, N, N, N, N], final: [N, N, N, N, N, Y, Y, Y, N] },
  'mark-action-done':              { working: [Y, Y, Y, Y, Y, N, N, N, N], final: [Y, Y, Y, Y, Y, N, N, N, N] },
  escalate:                        { working: [N, Y, Y, N, Y, N, N, N, N], final: [_, _, _, _, _, _, _, _, _] },
  'start-at-stage':                { working: [Y, Y, Y, N, N, N, N, N, N], final: [Y, Y, Y, N, N, N, N, N, N] },
  'record-hub-referral':           { working: [Y, Y, Y, Y, Y, N, N, N, N], final: [Y, Y, Y, Y, Y, N, N, N, N] },
  'refer-to-chair':                { working: [N, Y, Y, N, Y, N, N, N, N], final: [_, _, _, _, _, _, _, _, _] },
  'convene-panel':                 { working: [N, N, N, N, N, Y, N, N, N], final: [N, N, N, N, N, Y, N, N, N] },
  'record-representation':         { working: [N, N, N, N, N, Y, N, Y, N], final: [N, N, N, N, N, Y, Y, Y, N] },
  resolve:                         { working: [N, Y, Y, N, Y, N, N, N, N], final: [N, N, N, N, N, Y, Y, N, N] },
  'record-decision':               { working: [N, N, N, N, N, Y, N, N, N], final: [N, N, N, N, N, Y, Y, N, N] },
  withdraw:                        { working: [Y, Y, Y, N, N, N, N, N, N], final: [Y, Y, Y, N, N, N, N, N, N] },
  reopen:                          { working: [Y, Y, Y, Y, Y, Y, N, N, N], final: [Y, Y, Y, Y, Y, Y, N, N, N] },
  'set-child-protective-deadline': { working: [Y, Y, Y, Y, Y, N, N, N, N], final: [Y, Y, Y, Y, Y, Y, N, N, N] },
  'update-child-contacts':         { working: [Y, Y, Y, Y, Y, N, N, Y, N], final: [Y, Y, Y, Y, Y, N, N, Y, N] },
};

const holdersAtStage2 = { raising: ['p-manager'], other: ['p-csc-manager'] };

function atStage2(policy: Policy = fiveStagePolicy): CaseHarness {
  const c = new CaseHarness(policy, calendar);
  c.must(raiseInput({ agencies: ['a-csc'] }), people.worker, t0);
  c.must({ type: 'escalate', reason: 'Not resolved' }, people.worker, t0, holdersAtStage2);
  return c;
}

/** At the chair's stage, the chair and team holding it, a panel with the health director. */
function atChair(): CaseHarness {
  const c = atStage2();
  const chairHolders = { raising: [], other: [], partnership: ['p-chair', 'p-team'] };
  c.must({ type: 'escalate', reason: 'r' }, people.manager, t0, {
    raising: ['p-manager'],
    other: [],
  });
  c.must({ type: 'escalate', reason: 'r' }, people.manager, t0, {
    raising: ['p-manager'],
    other: [],
  });
  c.must({ type: 'refer-to-chair', details: 'd' }, people.manager, t0, chairHolders);
  c.must(
    {
      type: 'convene-panel',
      members: [
        { personId: 'p-head', agencyId: 'a-school', boardMember: true },
        { personId: 'p-csc-director', agencyId: 'a-csc', boardMember: true },
        { personId: 'p-health-director', agencyId: 'a-health', boardMember: true },
      ],
    },
    people.chair,
    t0,
  );
  return c;
}

describe('who may do what (docs/security.md), cell by cell', () => {
  for (const [action, row] of Object.entries(MATRIX)) {
    for (const [column, person] of WHO.entries()) {
      it(`${action}, ${person}, at a working stage: ${row.working[column] ? 'may' : 'may not'}`, () => {
        const c = atStage2();
        const refused = refusedPart(action as never, c.current, c.policy, who[person]);
        expect(refused === undefined).toBe(row.working[column]);
      });
      const final = row.final[column];
      it(`${action}, ${person}, at the chair's stage: ${final ? 'may' : final === null ? 'nobody may (the stage rules)' : 'may not'}`, () => {
        const c = atChair();
        const refused = refusedPart(action as never, c.current, c.policy, who[person]);
        expect(refused === undefined).toBe(final !== false);
        if (final === null) {
          const command =
            action === 'escalate'
              ? ({ type: 'escalate', reason: 'r' } as const)
              : action === 'acknowledge'
                ? ({ type: 'acknowledge' } as const)
                : ({ type: 'refer-to-chair', details: 'd' } as const);
          expect(c.give(command, who[person], t0).ok).toBe(false);
        }
      });
    }
  }
});

describe('who may do what, through the engine', () => {
  it('refuses the other agency withdrawing the raiser’s disagreement, saying who may', () => {
    const c = atStage2();
    const result = c.give({ type: 'withdraw', reason: 'Not needed' }, who['other holder'], t0);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'not-your-part',
        message: 'Only the agency that raised the disagreement may withdraw the disagreement.',
      },
    });
    expect(c.current.status).toBe('open');
  });

  it("refuses the other side's manager the raising side's consultation", () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput(), people.worker, t0);
    const result = c.give(
      {
        type: 'record-consultation',
        with: { personId: 'p-manager', role: 'manager' },
        summary: 's',
      },
      who['other holder'],
      t0,
    );
    expect(result.ok ? 'accepted' : result.error.code).toBe('not-your-part');
  });

  it("refuses a frontline worker resolving at the chair's stage, around the chair", () => {
    const c = atChair();
    const result = c.give(
      {
        type: 'resolve',
        outcome: 'o',
        agreedBy: [
          { agencyId: 'a-school', name: 'A' },
          { agencyId: 'a-csc', name: 'B' },
        ],
      },
      people.worker,
      t0,
    );
    expect(result.ok ? 'accepted' : result.error.message).toBe(
      "At the chair's stage, only the partnership's chair or the members of the Resolution Panel may record that the disagreement is resolved.",
    );
  });

  it('refuses the partnership team escalating at stage 2', () => {
    const c = atStage2();
    const result = c.give({ type: 'escalate', reason: 'r' }, who['partnership team'], t0);
    expect(result.ok ? 'accepted' : result.error.code).toBe('not-your-part');
  });

  it('lets a manager take the turn of the person they manage, and not of anyone else', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput(), people.worker, t0, { raising: ['p-worker'], other: ['p-social-worker'] });
    const escalate = { type: 'escalate', reason: 'r' } as const;
    const stranger = { ...people.manager, actsFor: ['p-manager'] };
    expect(c.give(escalate, stranger, t0).ok).toBe(false);
    expect(c.give(escalate, people.manager, t0).ok).toBe(true);
  });

  it('one of several people holding a side holds it, with those they manage', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput(), people.worker, t0, { raising: ['p-worker', 'p-head'], other: [] });
    expect(refusedPart('escalate', c.current, c.policy, people.manager)).toBeUndefined();
  });

  it('lets anyone on a side take the turn when nobody could be named to hold it', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput(), people.worker, t0, {
      raising: ['p-worker'],
      other: [],
      missing: [{ side: 'other', agencyId: 'a-csc' }],
    });
    expect(partiesOf(people.socialWorker, c.current, c.policy).has('holder')).toBe(true);
    const stranger = { ...people.manager, actsFor: ['p-manager'] };
    expect(partiesOf(stranger, c.current, c.policy).has('holder')).toBe(false);
  });

  it('needs the agreement of both sides to resolve, naming who agreed from each agency', () => {
    const c = atStage2();
    const resolve = (agreedBy: { agencyId: string; name: string }[]) =>
      c.give({ type: 'resolve', outcome: 'o', agreedBy }, people.manager, t0);
    const oneSide = resolve([{ agencyId: 'a-school', name: 'A. Manager' }]);
    expect(oneSide.ok ? 'accepted' : oneSide.error.code).toBe('agreement-from-each-side');
    const stranger = resolve([
      { agencyId: 'a-school', name: 'A. Manager' },
      { agencyId: 'a-police', name: 'P. Sergeant' },
    ]);
    expect(stranger.ok ? 'accepted' : stranger.error.code).toBe('agreed-by-not-in-case');
    const both = resolve([
      { agencyId: 'a-school', name: 'A. Manager' },
      { agencyId: 'a-csc', name: 'C. Manager' },
    ]);
    expect(both.ok).toBe(true);
  });

  it("lets a policy replace a default: only the raising side escalates, at the manager's stage", () => {
    const policy = Policy.parse({
      ...fiveStagePolicy,
      permissions: [
        { action: 'escalate', stages: ['manager'], by: ['raising-side'], source: 'test 9.1' },
      ],
    });
    const c = atStage2(policy);
    const escalate = { type: 'escalate', reason: 'r' } as const;
    const other = c.give(escalate, who['other holder'], t0);
    expect(other.ok ? 'accepted' : other.error.message).toBe(
      'Only the agency that raised the disagreement may escalate the disagreement.',
    );
    // the raising side's worker, not a holder, now may
    expect(c.give(escalate, people.worker, t0).ok).toBe(true);
  });

  it('a policy rule for every stage replaces the default; a rule for the stage comes before it', () => {
    const policy = Policy.parse({
      ...fiveStagePolicy,
      permissions: [
        // a rule for another action at the same stage does not apply to escalating
        {
          action: 'record-discussion',
          stages: ['manager'],
          by: ['raising-side'],
          source: 'test 9.1',
        },
        { action: 'escalate', by: ['raising-holder'], source: 'test 9.2' },
        { action: 'escalate', stages: ['manager'], by: ['other-holder'], source: 'test 9.3' },
      ],
    });
    const c = atStage2(policy);
    const escalate = { type: 'escalate', reason: 'r' } as const;
    expect(refusedPart('escalate', c.current, policy, who['raising holder'])?.message).toBe(
      'Only the people holding this stage for the agency the disagreement is with (or their managers, or its Designated Safeguarding Lead) may escalate the disagreement.',
    );
    c.must(escalate, who['other holder'], t0, holdersAtStage2);
    // at stage 3 the rule for every stage holds
    expect(refusedPart('escalate', c.current, policy, who['other holder'])?.message).toBe(
      'Only the people holding this stage for the agency that raised it (or their managers, or its Designated Safeguarding Lead) may escalate the disagreement.',
    );
    expect(refusedPart('escalate', c.current, policy, who['raising holder'])).toBeUndefined();
  });

  it('names every party that may, the last after “or”', () => {
    expect(
      refusedPart('record-representation', atStage2().current, fiveStagePolicy, people.worker)
        ?.message,
    ).toBe(
      "Only the partnership's chair, the members of the Resolution Panel or the partnership team may record a representation to the panel.",
    );
  });

  it('asks permissions before anything else, so a page never offers what is not yours', () => {
    const c = atStage2();
    const result = decide(
      c.current,
      { type: 'withdraw', reason: 'x' },
      {
        policy: c.policy,
        calendar,
        now: t0,
        actor: who['uninvolved agency'],
      },
    );
    expect(result.ok ? 'accepted' : result.error.code).toBe('not-your-part');
  });
});
