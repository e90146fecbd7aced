/**
 * The chair's stage and the end of a case (decide-final.ts): the panel's make-up, its decision,
 * resolving and reopening. refusals.test.ts proves each refusal happens; this file holds what
 * each says and what an accepted command records.
 */
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import { Policy, type PolicyInput } from '../policy/schema.js';
import type { Actor } from './context.js';
import type { CaseEvent } from './events.js';
import {
  bothAgreed,
  CaseHarness,
  consultFirstPolicy,
  fiveStagePolicy,
  people,
  raiseInput,
} from './testing.js';

const calendar = calendarFor('england-and-wales');
const { worker, manager, chair } = people;
/** Monday 23 March 2026, 10am */
const t0 = '2026-03-23T10:00:00Z';
const later = '2026-03-23T12:00:00Z';
type Seat = 'executive' | 'board' | 'none';
const sat = (personId: string, agencyId: string, seat?: Seat, represents?: string[]) => ({
  personId,
  agencyId,
  ...(seat ? { seat } : { boardMember: true }),
  ...(represents ? { represents } : {}),
});
const head = sat('p-head', 'a-school');
const cscDirector = sat('p-csc-director', 'a-csc');
const healthDirector = sat('p-health-director', 'a-health');
const asActor = (m: { personId: string; agencyId: string }): Actor => ({
  ...m,
  role: 'director',
});

function variant(policy: Policy, change: Partial<PolicyInput>): Policy {
  return Policy.parse({ ...policy, ...change });
}

function panelRule(change: object): Policy {
  const route = fiveStagePolicy.finalRoute;
  return variant(fiveStagePolicy, {
    finalRoute: { ...route, ...(route.panel ? { panel: { ...route.panel, ...change } } : {}) },
  });
}

/** A case under a five-stage policy at the chair's stage, raised with the given agencies. */
function atChair(policy = fiveStagePolicy, agencies = ['a-csc']): CaseHarness {
  const c = new CaseHarness(policy, calendar);
  c.must(raiseInput({ agencies }), worker, t0);
  for (let n = 2; n < 5; n++) c.must({ type: 'escalate', reason: 'Not resolved' }, manager, t0);
  c.must({ type: 'refer-to-chair', details: 'Over to the chair' }, manager, t0);
  return c;
}

/** 003-like: a child at immediate risk starts at stage 1, then on to the chair's stage 3. */
function consultFirstAtChair(): CaseHarness {
  const c = new CaseHarness(consultFirstPolicy, calendar);
  c.must(raiseInput({ immediateRisk: true }), worker, t0);
  c.must({ type: 'escalate', reason: 'Not resolved' }, manager, t0);
  c.must({ type: 'refer-to-chair', details: 'Over' }, manager, t0);
  return c;
}

const convene = (members: object[]) => ({ type: 'convene-panel', members }) as never;
const last = (c: CaseHarness): CaseEvent | undefined => c.events.at(-1);

describe('002 2.17: the Resolution Panel’s make-up', () => {
  it('from too few agencies, says how many it asks for and how many there are', () => {
    const c = atChair();
    expect(c.refusal(convene([head, cscDirector]), chair, later)).toEqual({
      code: 'panel-too-few-agencies',
      message:
        'The policy asks for a panel from at least 3 agencies; these members come from 2. Add members from other agencies.',
    });
  });

  it('is of agencies’ senior representatives: a member the directory places at no agency is refused, by name', () => {
    const c = atChair();
    const nowhere = { personId: 'p-nowhere', boardMember: true };
    // with two agencies and someone at none, the panel must not pass for three agencies
    expect(c.refusal(convene([head, cscDirector, nowhere]), chair, later)).toEqual({
      code: 'panel-member-at-no-agency',
      message:
        "A Resolution Panel is made of its agencies' senior representatives, but the directory places panel member p-nowhere at no agency. Choose members at the partnership's agencies, or ask the partnership team to record their agency in the directory.",
    });
    expect(
      c.refusal(
        convene([head, nowhere, cscDirector, { personId: 'p-elsewhere' }, healthDirector]),
        chair,
        later,
      ).message,
    ).toMatch(/ places panel members p-nowhere, p-elsewhere at no agency\. /);
    expect(c.current.panel).toBeNull();
  });

  it('exactly the least number of agencies is enough', () => {
    const c = atChair();
    c.must(convene([head, cscDirector, healthDirector]), chair, later);
    expect(last(c)).toStrictEqual({
      type: 'panel-convened',
      at: later,
      by: 'p-chair',
      members: [head, cscDirector, healthDirector].map((m) => ({ ...m, boardMember: true })),
    });
  });

  it('002 2.17: members off the Executive are counted, one or more', () => {
    const c = atChair();
    const exec = (m: { personId: string; agencyId: string }) =>
      sat(m.personId, m.agencyId, 'executive');
    expect(
      c.refusal(
        convene([exec(head), exec(cscDirector), sat('p-h', 'a-health', 'board')]),
        chair,
        later,
      ).message,
    ).toBe(
      "Every panel member must sit on the partnership's executive, as the directory records it. One member does not: choose members the directory shows on the executive, or ask the partnership team to correct the directory.",
    );
    expect(
      c.refusal(
        convene([exec(head), sat('p-c', 'a-csc', 'none'), sat('p-h', 'a-health', 'board')]),
        chair,
        later,
      ).message,
    ).toMatch(/\. 2 members do not: choose members the directory shows on the executive,/);
  });

  it('a panel drawn from the board takes a board or an executive seat, not none', () => {
    const c = atChair(panelRule({ membership: 'board' }));
    expect(
      c.refusal(
        convene([sat('p-s', 'a-school', 'board'), sat('p-c', 'a-csc', 'none'), healthDirector]),
        chair,
        later,
      ).message,
    ).toMatch(/^Every panel member must sit on the partnership's board, .* One member does not/);
    c.must(
      convene([sat('p-s', 'a-school', 'board'), sat('p-c', 'a-csc', 'executive'), healthDirector]),
      chair,
      later,
    );
    expect(c.current.panel?.members.map((m) => [m.seat, m.boardMember])).toEqual([
      ['board', true],
      ['executive', true],
      [undefined, true],
    ]);
  });

  it('a panel drawn from anyone (003) needs no seat', () => {
    const c = atChair(panelRule({ membership: 'any' }));
    c.must(
      convene([
        sat('p-s', 'a-school', 'none'),
        { personId: 'p-c', agencyId: 'a-csc' },
        healthDirector,
      ]),
      chair,
      later,
    );
    expect(c.current.panel?.members.map((m) => m.boardMember)).toEqual([false, false, true]);
  });

  it('names how many agencies in the disagreement are not on it', () => {
    const c = atChair(fiveStagePolicy, ['a-csc', 'a-health']);
    const police = sat('p-police', 'a-police');
    const probation = sat('p-probation', 'a-probation');
    expect(c.refusal(convene([head, police, probation]), chair, later).message).toBe(
      'The panel must include every agency in the disagreement, through its own senior officer or the board member who represents it. 2 agencies are not represented: add its board member or deputy.',
    );
    expect(c.refusal(convene([head, cscDirector, police]), chair, later).message).toMatch(
      /\. One agency is not represented: add its board member or deputy\.$/,
    );
  });

  it('000: a board member at another agency in the disagreement cannot also represent one', () => {
    const c = atChair(fiveStagePolicy, ['a-csc', 'a-health']);
    const forBoth = sat('p-c', 'a-csc', undefined, ['a-health']);
    expect(
      c.refusal(convene([head, forBoth, sat('p-police', 'a-police')]), chair, later).message,
    ).toMatch(
      /\. One agency is not represented: add its board member or deputy\. A board member who works at another agency in the disagreement cannot represent this one: ask the partnership team to name someone else\.$/,
    );
    // from an agency outside the disagreement, the same member represents it
    c.must(
      convene([head, cscDirector, sat('p-police', 'a-police', undefined, ['a-health'])]),
      chair,
      later,
    );
    expect(c.current.panel?.members[2]?.represents).toEqual(['a-health']);
  });

  it('000: says so when one of the agencies missing has only a conflicted representative', () => {
    const c = atChair(fiveStagePolicy, ['a-csc', 'a-health', 'a-probation']);
    const forBoth = sat('p-c', 'a-csc', undefined, ['a-health']);
    expect(
      c.refusal(convene([head, forBoth, sat('p-police', 'a-police')]), chair, later).message,
    ).toMatch(
      /\. 2 agencies are not represented: add its board member or deputy\. A board member who works at another agency in the disagreement cannot represent this one/,
    );
  });

  it('003: an agency in the disagreement is included where possible, not always', () => {
    const c = consultFirstAtChair();
    c.must(convene([head, healthDirector]), chair, later);
    expect(c.current.panel?.members).toHaveLength(2);
  });

  it('says a policy without a panel has none, and a panel is convened once', () => {
    const noPanel = variant(fiveStagePolicy, {
      finalRoute: { ...fiveStagePolicy.finalRoute, panel: undefined },
    });
    expect(atChair(noPanel).refusal(convene([head]), chair, later)).toEqual({
      code: 'no-panel-in-policy',
      message:
        'This policy has no Resolution Panel. The chair resolves the case or records a decision directly.',
    });
    const c = atChair();
    c.must(convene([head, cscDirector, healthDirector]), chair, later);
    expect(c.refusal(convene([head, cscDirector, healthDirector]), chair, later).message).toBe(
      'A Resolution Panel has already been convened for this case.',
    );
  });
});

describe('representations to the panel', () => {
  it('go to a convened panel, which records who made them', () => {
    const c = atChair();
    const representation = {
      type: 'record-representation',
      fromPersonId: 'p-social-worker',
      fromAgencyId: 'a-csc',
      summary: 'The referral was closed on the evidence then',
    } as const;
    expect(c.refusal(representation, chair, later).message).toBe(
      'Representations go to a Resolution Panel. The chair must convene the panel first.',
    );
    c.must(convene([head, cscDirector, healthDirector]), chair, later);
    c.must(representation, chair, later);
    expect(last(c)).toStrictEqual({
      ...representation,
      type: 'representation-received',
      at: later,
      by: 'p-chair',
    });
  });
});

describe('the decision at the chair’s stage', () => {
  it('the chair’s decision without learning records none', () => {
    const c = atChair();
    c.must({ type: 'record-decision', decision: 'Meet' }, chair, later);
    expect(last(c)).not.toHaveProperty('learning');
  });

  it('a panel of one (003-like, where possible): its member’s decision counts at once, without learning', () => {
    const route = consultFirstPolicy.finalRoute;
    const policy = variant(consultFirstPolicy, {
      finalRoute: {
        ...route,
        ...(route.panel ? { panel: { ...route.panel, minAgencies: 1 } } : {}),
      },
    });
    const c = new CaseHarness(policy, calendar);
    c.must(raiseInput({ immediateRisk: true }), worker, t0);
    c.must({ type: 'escalate', reason: 'Not resolved' }, manager, t0);
    c.must({ type: 'refer-to-chair', details: 'Over' }, manager, t0);
    c.must(convene([healthDirector]), chair, later);
    c.must({ type: 'record-decision', decision: 'Meet' }, asActor(healthDirector), later);
    expect(last(c)).toStrictEqual({
      type: 'decision-made',
      at: later,
      by: 'p-health-director',
      decidedBy: 'panel',
      decision: 'Meet',
      binding: false,
    });
  });

  it('the chair’s own decision counts at once, binding as the policy says, with its learning', () => {
    const c = atChair();
    c.must(
      { type: 'record-decision', decision: 'Hold a strategy discussion', learning: 'Ask sooner' },
      chair,
      later,
    );
    expect(last(c)).toStrictEqual({
      type: 'decision-made',
      at: later,
      by: 'p-chair',
      decidedBy: 'chair',
      decision: 'Hold a strategy discussion',
      binding: true,
      learning: 'Ask sooner',
    });
  });

  it('a policy that asks for a panel refuses the chair deciding alone, not putting the panel’s decision', () => {
    const policy = variant(fiveStagePolicy, {
      finalRoute: { ...fiveStagePolicy.finalRoute, chairMayResolveDirectly: false },
    });
    const c = atChair(policy);
    c.must(convene([head, cscDirector, healthDirector]), chair, later);
    c.must({ type: 'record-decision', decidedBy: 'panel', decision: 'Meet' }, chair, later);
    expect(last(c)).toStrictEqual({
      type: 'panel-decision-proposed',
      at: later,
      by: 'p-chair',
      decision: 'Meet',
    });
    expect(
      atChair(policy).refusal({ type: 'record-decision', decision: 'd' }, chair, later).message,
    ).toBe(
      'This policy asks the chair to convene a Resolution Panel to decide. Convene the panel first.',
    );
  });

  it('002 2.18: the chair puts the panel’s decision to its members; it counts when the last agrees', () => {
    const c = atChair();
    c.must(convene([head, cscDirector, healthDirector]), chair, later);
    expect(c.refusal({ type: 'agree-panel-decision' }, asActor(head), later)).toEqual({
      code: 'no-panel-decision-proposed',
      message:
        'No decision has been put to the Resolution Panel yet. Record the panel’s decision first.',
    });
    c.must(
      { type: 'record-decision', decidedBy: 'panel', decision: 'Meet', learning: 'L' },
      chair,
      later,
    );
    // the chair is no member: the proposal alone, agreed by nobody yet
    expect(c.events.slice(-1)).toStrictEqual([
      {
        type: 'panel-decision-proposed',
        at: later,
        by: 'p-chair',
        decision: 'Meet',
        learning: 'L',
      },
    ]);
    expect(c.refusal({ type: 'agree-panel-decision' }, chair, later).message).toBe(
      'Select the panel member whose agreement you are recording.',
    );
    expect(
      c.refusal({ type: 'agree-panel-decision', memberId: 'p-stranger' }, chair, later),
    ).toEqual({
      code: 'not-a-panel-member',
      message:
        'That person is not a member of this Resolution Panel. Select a member of the panel.',
    });
    expect(
      c.refusal({ type: 'agree-panel-decision', memberId: 'p-head' }, asActor(cscDirector), later)
        .message,
    ).toBe(
      'Each panel member records their own agreement. The chair may record a member’s agreement given at the panel’s meeting.',
    );
    c.must({ type: 'agree-panel-decision' }, asActor(head), later);
    expect(c.refusal({ type: 'agree-panel-decision' }, asActor(head), later)).toEqual({
      code: 'panel-member-already-agreed',
      message: 'That member has already agreed the decision.',
    });
    c.must({ type: 'agree-panel-decision', memberId: 'p-csc-director' }, chair, later);
    expect(c.current.status).toBe('open');
    c.must({ type: 'agree-panel-decision' }, asActor(healthDirector), later);
    expect(last(c)).toStrictEqual({
      type: 'decision-made',
      at: later,
      by: 'p-health-director',
      decidedBy: 'panel',
      decision: 'Meet',
      binding: true,
      learning: 'L',
    });
  });
});

describe('resolving: agreed by every agency in the disagreement', () => {
  it('names the person from outside it, and how many agencies have nobody named', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput({ agencies: ['a-csc', 'a-health'] }), worker, t0);
    const resolve = (agreedBy: { agencyId: string; name: string }[]) => ({
      type: 'resolve' as const,
      outcome: 'Agreed',
      agreedBy,
    });
    expect(
      c.refusal(
        resolve([...bothAgreed, { agencyId: 'a-police', name: 'P. Sergeant' }]),
        manager,
        later,
      ).message,
    ).toBe(
      'P. Sergeant is not recorded at an agency in this disagreement. Name who agreed from each agency in it.',
    );
    expect(c.refusal(resolve(bothAgreed), manager, later).message).toBe(
      'A resolution is agreed by both sides: name who agreed from every agency in the disagreement (one agency has nobody named).',
    );
    expect(c.refusal(resolve(bothAgreed.slice(0, 1)), manager, later).message).toMatch(
      /\(2 agencies have nobody named\)\.$/,
    );
  });
});

describe('a resolution records the learning only when given', () => {
  it('with and without it', () => {
    const resolve = { type: 'resolve', outcome: 'Agreed', agreedBy: bothAgreed } as const;
    const c = atChair();
    c.must({ ...resolve, learning: 'Talk sooner' }, chair, later);
    expect(last(c)).toStrictEqual({
      type: 'resolved',
      at: later,
      by: 'p-chair',
      outcome: 'Agreed',
      actions: [],
      agreedBy: bothAgreed,
      learning: 'Talk sooner',
    });
    const d = atChair();
    d.must(resolve, chair, later);
    expect(last(d)).not.toHaveProperty('learning');
  });
});

describe('reopening', () => {
  it('an open case is not reopened; a binding decision cannot be', () => {
    expect(atChair().refusal({ type: 'reopen', reason: 'x' }, worker, later).message).toBe(
      'The case is already open.',
    );
    const c = atChair();
    c.must({ type: 'record-decision', decision: 'd' }, chair, later);
    expect(c.refusal({ type: 'reopen', reason: 'x' }, worker, later).message).toBe(
      "The chair's decision is final and binding: the case cannot be reopened. Raise a new disagreement if something has changed.",
    );
  });

  it('003: a decision that is not binding can be reopened', () => {
    const c = consultFirstAtChair();
    c.must({ type: 'record-decision', decision: 'd' }, chair, later);
    c.must({ type: 'reopen', reason: 'New evidence' }, worker, later);
    expect(c.current.status).toBe('open');
  });
});
