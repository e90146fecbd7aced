/**
 * The fold (state.ts): what each recorded event does to a case's state, including events the
 * engine itself would not record in that order: the record is what it is, and the fold reads
 * it without failing, except a record that does not start with the case being raised, once.
 * Each test names the rule it holds.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent, PanelMember } from './events.js';
import { apply, type CaseState, fold } from './state.js';
import {
  acknowledgedPolicy,
  type CaseHarness,
  consultFirstPolicy,
  fiveStagePolicy,
  workersHold as holders,
  later,
  people,
  raised as raisedBy,
  t0,
  variant,
} from './testing.js';

const { worker, manager } = people;

/** A case raised under `policy`, its first stage held by the two workers. */
const raised = (policy = fiveStagePolicy, over = {}): CaseHarness =>
  raisedBy(policy, over, holders);

/** The state after `events` folded on top of `c`'s, which must be unchanged but for its version. */
function unchangedBy(c: CaseHarness, ...events: CaseEvent[]): void {
  const after = fold(events, c.current);
  expect(after).toStrictEqual({ ...c.current, version: c.current.version + events.length });
}

const member = (personId: string, agencyId: string): PanelMember => ({
  personId,
  agencyId,
  boardMember: true,
});
const convened = (members: PanelMember[]): CaseEvent => ({
  type: 'panel-convened',
  at: later,
  by: 'p-chair',
  members,
});
const proposed: CaseEvent = {
  type: 'panel-decision-proposed',
  at: later,
  by: 'p-chair',
  decision: 'Meet',
};
const agreed = (memberId: string): CaseEvent => ({
  type: 'panel-member-agreed',
  at: later,
  by: memberId,
  memberId,
});

describe('a case starts with being raised, once', () => {
  it('until its first stage is entered, it is before stage 1, held by its raiser alone', () => {
    const [first] = raised(fiveStagePolicy, {
      childProtectiveDeadline: '2026-03-25T12:00:00Z',
    }).events;
    if (!first) throw new Error('no event');
    const state = fold([first]);
    expect(state?.version).toBe(1);
    expect(state?.stage).toStrictEqual({
      number: 0,
      key: 'raised',
      name: 'Raised',
      enteredAt: t0,
      ownDueAt: null,
      dueAt: null,
      holders: { raising: ['p-worker'], other: [] },
    });
    expect(state?.childProtectiveDeadline).toStrictEqual({
      deadline: '2026-03-25T12:00:00Z',
      reason: 'set when the case was raised',
    });
    expect(state).not.toHaveProperty('childProtectiveDeadlineLasts');
    expect(state?.stageHistory).toEqual([]);
    expect(state?.stagesReached).toEqual([]);
    expect(state?.raiser).toStrictEqual({ personId: 'p-worker', agencyId: 'a-school' });
    expect(state?.discussions).toEqual([]);
    expect(state?.representations).toEqual([]);
  });

  it('a deadline that lasts for its stage (000-like) says so from the start; otherwise nothing is said', () => {
    const perStage = variant(fiveStagePolicy, {
      childProtectiveDeadline: { lasts: 'stage', source: 'test 1' },
    });
    const [first] = raised(perStage).events;
    if (!first) throw new Error('no event');
    expect(fold([first])?.childProtectiveDeadlineLasts).toBe('stage');
    expect(fold(raised().events.slice(0, 1))?.childProtectiveDeadline).toBeNull();
  });

  it('the first stage entered is stage 1; the time before it is no stage of the history', () => {
    const c = raised();
    expect(c.current.stage).toMatchObject({ number: 1, key: 'professional', holders });
    expect(c.current.stageHistory).toEqual([]);
    expect(c.current.stagesReached).toEqual([1]);
  });

  it('a stage entered again is reached once, so the stage’s notifications fire once', () => {
    const c = raised();
    const entered = c.events[1];
    if (entered?.type !== 'stage-entered') throw new Error('no stage entered');
    const again = fold([{ ...entered, at: later }], c.current);
    expect(again?.stagesReached).toEqual([1]);
    expect(again?.stageHistory.map((s) => [s.number, s.ended])).toEqual([[1, 'escalated']]);
  });

  it('the stages passed over on the way are reached too', () => {
    const c = raised();
    const entered = c.events[1];
    if (entered?.type !== 'stage-entered') throw new Error('no stage entered');
    const skippedStages = [
      { number: 2, key: 'manager', name: 'Manager to manager' },
      { number: 3, key: 'senior-manager', name: 'Senior manager to senior manager' },
    ];
    const state = fold([{ ...entered, number: 4, skippedStages, at: later }], c.current);
    expect(state?.stagesReached).toEqual([1, 2, 3, 4]);
  });

  it('a deadline that lasts for its stage outlasts the consultation step (003-like)', () => {
    const policy = variant(consultFirstPolicy, {
      childProtectiveDeadline: { lasts: 'stage', source: 'test 1' },
    });
    const deadline = '2026-03-25T12:00:00Z';
    const c = raised(policy, { childProtectiveDeadline: deadline });
    expect(c.current.stage.number).toBe(0);
    c.must(
      {
        type: 'record-consultation',
        with: { personId: 'p-manager', role: 'manager' },
        answers: { problem: 'p', aims: 'a' },
        summary: 'Talked it through',
      },
      worker,
      t0,
    );
    expect(c.current.stage.number).toBe(1);
    expect(c.current.childProtectiveDeadline?.deadline).toBe(deadline);
  });

  it('a record that does not start with "raised" is refused by name; nor is a case raised twice', () => {
    const c = raised();
    const [first, entered] = c.events;
    if (!first || !entered) throw new Error('no events');
    expect(() => fold([entered])).toThrow("A case starts with 'raised', not 'stage-entered'");
    expect(() => apply(undefined, entered)).toThrow(/^A case starts with 'raised'/);
    expect(() => fold([first, entered, first])).toThrow('A case is raised only once');
  });
});

describe('the other side’s acknowledgement is of the stage it names (issue 18 item 7)', () => {
  it('an acknowledgement where the stage asks for none is on the record only', () => {
    const c = raised();
    const state = fold(
      [
        {
          type: 'acknowledged',
          at: later,
          by: 'p-social-worker',
          stage: c.current.stage,
          dueAt: null,
        },
      ],
      c.current,
    ) as CaseState;
    expect(state.acknowledgements).toHaveLength(1);
    expect(state.stage).not.toHaveProperty('acknowledgement');
  });

  it('an earlier stage’s acknowledgement, recorded late, does not acknowledge the stage the case is in', () => {
    const c = raised(acknowledgedPolicy);
    const stageOne = { number: 1, key: 'professional', name: 'Professional to professional' };
    c.must({ type: 'escalate', reason: 'Not resolved' }, manager, t0);
    const owed = c.current.stage.acknowledgement;
    expect(owed).toMatchObject({ at: null, by: null });
    const state = fold(
      [{ type: 'acknowledged', at: later, by: 'p-social-worker', stage: stageOne, dueAt: null }],
      c.current,
    ) as CaseState;
    expect(state.acknowledgements.map((a) => a.stage.number)).toEqual([1]);
    expect(state.stage.acknowledgement).toStrictEqual(owed);
  });

  it('the stage’s own acknowledgement is recorded on it, when and by whom', () => {
    const c = raised(acknowledgedPolicy);
    c.must({ type: 'acknowledge' }, people.socialWorker, later);
    expect(c.current.stage.acknowledgement).toMatchObject({ at: later, by: 'p-social-worker' });
  });
});

describe('002 2.17: the convened panel’s members hold the chair’s stage with the chair', () => {
  it('each member joins the chair’s stage’s holders once, after those holding it', () => {
    const c = raised();
    const atChair = {
      ...c.current,
      stage: {
        ...c.current.stage,
        holders: { raising: [], other: [], partnership: ['p-chair', 'p-team'] },
      },
    };
    // the partnership team's member also sits on the panel, for an agency
    const state = apply(atChair, convened([member('p-head', 'a-school'), member('p-team', 'a-x')]));
    expect(state.stage.holders.partnership).toEqual(['p-chair', 'p-team', 'p-head']);
    expect(state.panel).toStrictEqual({
      convenedAt: later,
      convenedBy: 'p-chair',
      members: [member('p-head', 'a-school'), member('p-team', 'a-x')],
      proposal: null,
    });
  });

  it('where nobody from the partnership held the stage, the members alone hold it for it', () => {
    const c = raised();
    const state = apply(c.current, convened([member('p-head', 'a-school')]));
    expect(state.stage.holders).toStrictEqual({ ...holders, partnership: ['p-head'] });
  });
});

describe('002 2.18: agreeing the decision put to the panel', () => {
  const panel = [member('p-head', 'a-school'), member('p-csc-director', 'a-csc')];

  it('a decision put where no panel is convened changes nothing', () => {
    unchangedBy(raised(), proposed);
  });

  it('an agreement with no panel, or no decision put to it yet, changes nothing', () => {
    const c = raised();
    unchangedBy(c, agreed('p-head'));
    c.state = apply(c.current, convened(panel));
    unchangedBy(c, agreed('p-head'));
  });

  it('each member’s agreement counts once, in the order given', () => {
    const c = raised();
    const state = fold(
      [
        convened(panel),
        proposed,
        agreed('p-csc-director'),
        agreed('p-csc-director'),
        agreed('p-head'),
      ],
      c.current,
    );
    expect(state?.panel?.proposal).toStrictEqual({
      at: later,
      by: 'p-chair',
      decision: 'Meet',
      agreed: ['p-csc-director', 'p-head'],
    });
  });

  it('a new decision put to the panel starts the agreements afresh', () => {
    const c = raised();
    const state = fold(
      [convened(panel), proposed, agreed('p-head'), { ...proposed, decision: 'Meet sooner' }],
      c.current,
    );
    expect(state?.panel?.proposal).toMatchObject({ decision: 'Meet sooner', agreed: [] });
  });
});

describe('removing personal details (retention, or on request)', () => {
  it('the record of the removal leaves the state’s shape as it was', () => {
    const c = raised();
    c.must({ type: 'withdraw', reason: 'Agreed after all' }, worker, later);
    unchangedBy(c, {
      type: 'redacted',
      at: '2033-11-03T09:30:00.000Z',
      by: 'retention-rule',
      rule: { yearsAfterClosure: 7 },
      closedAt: later,
      events: 3,
    });
  });
});

describe('what the record keeps as it was given', () => {
  it('an action done without a note, a withdrawal, representations and one child contact', () => {
    const c = raised();
    const state = fold(
      [
        {
          type: 'plan-action-added',
          at: t0,
          by: 'p-worker',
          actionId: 'action-1',
          description: 'Strategy discussion',
          ownerAgencyId: 'a-csc',
          dueOn: '2026-03-25',
          dueAt: '2026-03-25T17:00:00Z',
          remindAt: null,
        },
        {
          type: 'plan-action-done',
          at: later,
          by: 'p-social-worker',
          actionId: 'action-1',
          doneOn: '2026-03-23',
        },
        {
          type: 'representation-received',
          at: later,
          by: 'p-chair',
          fromPersonId: 'p-a',
          fromAgencyId: 'a-school',
          summary: 'One',
        },
        {
          type: 'representation-received',
          at: later,
          by: 'p-chair',
          fromPersonId: 'p-b',
          fromAgencyId: 'a-csc',
          summary: 'Two',
        },
        {
          type: 'child-contacts-updated',
          at: later,
          by: 'p-worker',
          child: 0,
          cpChairEmail: 'cp@example.org',
        },
        { type: 'withdrawn', at: later, by: 'p-worker', reason: 'Agreed after all' },
      ],
      c.current,
    ) as CaseState;
    expect(state.planActions[0]?.done).toStrictEqual({
      on: '2026-03-23',
      at: later,
      by: 'p-social-worker',
    });
    expect(state.representations.map((r) => r.summary)).toEqual(['One', 'Two']);
    expect(state.children[0]).toStrictEqual({
      ...c.current.children[0],
      cpChairEmail: 'cp@example.org',
    });
    expect(state.withdrawal).toStrictEqual({
      at: later,
      by: 'p-worker',
      reason: 'Agreed after all',
    });
    const iro = apply(c.current, {
      type: 'child-contacts-updated',
      at: later,
      by: 'p-worker',
      child: 0,
      iroEmail: 'iro@example.org',
    });
    expect(iro.children[0]).toStrictEqual({
      ...c.current.children[0],
      iroEmail: 'iro@example.org',
    });
  });
});
