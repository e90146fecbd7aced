/**
 * The seeds' rules at the top of the procedure and before it, run through the engine with the
 * real presets: the Resolution Panel drawn from the directory and deciding together, Board members
 * engaged before the chair, referral for quality assurance scrutiny, and the pre-escalation
 * discussion. Each test names the clause it proves. (Who is told is src/notify tests' part, and
 * test/seed-clauses.test.ts runs the same rules through the service and the directory.)
 */
import { describe, expect, it } from 'vitest';
import { preset } from '../../policies/testing.js';
import { calendarFor } from '../calendar/index.js';
import type { Actor } from './context.js';
import { CaseHarness, people, raiseInput } from './testing.js';

const calendar = calendarFor('england-and-wales');
const { worker, chair } = people;
const at = (day: number, hour = 10) =>
  `2026-06-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+01:00`;

/** A case raised by the school with children's social care, taken to the chair's stage. */
function atChairStage(policyId: string, stagesBeforeChair: number): CaseHarness {
  const c = new CaseHarness(preset(policyId), calendar);
  c.must(raiseInput(), worker, at(1));
  for (let n = 2; n <= stagesBeforeChair; n++) {
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, at(n));
  }
  c.must(
    {
      type: 'refer-to-chair',
      details: 'Still not resolved',
      boardMembersEngaged: 'Both agencies’ Board members met the directors on 5 June',
    },
    worker,
    at(9),
  );
  return c;
}

const executive = (personId: string, agencyId: string, represents: string[] = []) => ({
  personId,
  agencyId,
  seat: 'executive' as const,
  represents,
});

describe('002 2.15-2.18: the chair, Board members and the Resolution Panel', () => {
  it('002 2.15: the referral to the chair says how the agency Board members were involved', () => {
    const c = new CaseHarness(preset('bromley-partnership'), calendar);
    c.must(raiseInput(), worker, at(1));
    for (let n = 2; n <= 4; n++) c.must({ type: 'escalate', reason: 'No' }, worker, at(n));
    const refused = c.give({ type: 'refer-to-chair', details: 'Over to you' }, worker, at(8));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('board-members-not-engaged');
    c.must(
      { type: 'refer-to-chair', details: 'Over to you', boardMembersEngaged: 'Met on 5 June' },
      worker,
      at(8),
    );
    expect(c.current.referredToChair).toMatchObject({ boardMembersEngaged: 'Met on 5 June' });
  });

  it('002 2.17: members sit on the Executive, as the directory records it', () => {
    const c = atChairStage('bromley-partnership', 4);
    const boardOnly = c.give(
      {
        type: 'convene-panel',
        members: [
          executive('p-head', 'a-school'),
          executive('p-csc', 'a-csc'),
          { personId: 'p-police', agencyId: 'a-police', seat: 'board', represents: [] },
        ],
      },
      chair,
      at(10),
    );
    expect(boardOnly.ok).toBe(false);
    if (!boardOnly.ok) expect(boardOnly.error.code).toBe('panel-members-not-on-board');
  });

  it('002 2.17: the agencies in dispute are on the panel, in person or through their representative', () => {
    const c = atChairStage('bromley-partnership', 4);
    const without = c.give(
      {
        type: 'convene-panel',
        members: [
          executive('p-head', 'a-school'),
          executive('p-health', 'a-health'),
          executive('p-police', 'a-police'),
        ],
      },
      chair,
      at(10),
    );
    expect(without.ok).toBe(false);
    if (!without.ok) expect(without.error.code).toBe('panel-missing-disputing-agency');
    // social care's board member sits at the health trust here, and represents it
    c.must(
      {
        type: 'convene-panel',
        members: [
          executive('p-head', 'a-school'),
          executive('p-health', 'a-health', ['a-csc']),
          executive('p-police', 'a-police'),
        ],
      },
      chair,
      at(10),
    );
    expect(c.current.panel?.members.map((m) => m.seat)).toEqual([
      'executive',
      'executive',
      'executive',
    ]);
  });

  it('002 2.18: the panel resolves collectively: its decision counts once every member agrees it', () => {
    const c = atChairStage('bromley-partnership', 4);
    const members = [
      executive('p-head', 'a-school'),
      executive('p-csc', 'a-csc'),
      executive('p-police', 'a-police'),
    ];
    c.must({ type: 'convene-panel', members }, chair, at(10));
    const head: Actor = { personId: 'p-head', role: 'director', agencyId: 'a-school' };
    const csc: Actor = { personId: 'p-csc', role: 'director', agencyId: 'a-csc' };
    // one member proposes it (and so agrees it); it does not count yet
    c.must({ type: 'record-decision', decision: 'A strategy meeting by Friday' }, head, at(11));
    expect(c.current.status).toBe('open');
    expect(c.current.decision).toBeNull();
    expect(c.current.panel?.proposal?.agreed).toEqual(['p-head']);
    // a member agrees only for themself
    const forAnother = c.give({ type: 'agree-panel-decision', memberId: 'p-police' }, csc, at(11));
    expect(forAnother.ok).toBe(false);
    if (!forAnother.ok) expect(forAnother.error.code).toBe('panel-agreement-for-another');
    const twice = c.give({ type: 'agree-panel-decision' }, head, at(11));
    expect(twice.ok).toBe(false);
    c.must({ type: 'agree-panel-decision' }, csc, at(12));
    expect(c.current.status).toBe('open');
    // the chair records the agreement the third member gave at the meeting
    c.must({ type: 'agree-panel-decision', memberId: 'p-police' }, chair, at(12, 14));
    expect(c.current.status).toBe('decided');
    expect(c.current.decision).toMatchObject({
      decidedBy: 'panel',
      decision: 'A strategy meeting by Friday',
    });
  });

  it('002 2.18: a new decision put to the panel starts the agreements again', () => {
    const c = atChairStage('bromley-partnership', 4);
    const members = [
      executive('p-head', 'a-school'),
      executive('p-csc', 'a-csc'),
      executive('p-police', 'a-police'),
    ];
    c.must({ type: 'convene-panel', members }, chair, at(10));
    c.must({ type: 'record-decision', decidedBy: 'panel', decision: 'First words' }, chair, at(11));
    c.must({ type: 'agree-panel-decision', memberId: 'p-head' }, chair, at(11));
    c.must(
      { type: 'record-decision', decidedBy: 'panel', decision: 'Better words' },
      chair,
      at(12),
    );
    expect(c.current.panel?.proposal).toMatchObject({ decision: 'Better words', agreed: [] });
  });
});

describe('000: a pre-school without a Board seat, and Board members engaged first', () => {
  it('000_79cfd3201b063709.txt "The senior officers must include the agencies concerned": a pre-school is represented by its sector’s Board member', () => {
    const c = new CaseHarness(preset('bromley-st-james-preschool'), calendar);
    const preschool: Actor = { personId: 'p-nursery', role: 'frontline', agencyId: 'a-preschool' };
    c.must(raiseInput(), preschool, at(1));
    c.must({ type: 'escalate', reason: 'No' }, preschool, at(2));
    c.must({ type: 'escalate', reason: 'No' }, preschool, at(3));
    const noBoard = c.give({ type: 'refer-to-chair', details: 'Over' }, preschool, at(4));
    expect(noBoard.ok).toBe(false);
    if (!noBoard.ok) expect(noBoard.error.code).toBe('board-members-not-engaged');
    c.must(
      { type: 'refer-to-chair', details: 'Over', boardMembersEngaged: 'Both Board members' },
      preschool,
      at(4),
    );
    const board = (personId: string, agencyId: string, represents: string[] = []) => ({
      personId,
      agencyId,
      seat: 'board' as const,
      represents,
    });
    const notSeated = c.give(
      {
        type: 'convene-panel',
        members: [
          board('p-csc', 'a-csc'),
          board('p-health', 'a-health'),
          { personId: 'p-nursery-head', agencyId: 'a-preschool', seat: 'none', represents: [] },
        ],
      },
      chair,
      at(5),
    );
    expect(notSeated.ok).toBe(false);
    if (!notSeated.ok) expect(notSeated.error.code).toBe('panel-members-not-on-board');
    // the other side's Board member cannot also speak for the pre-school
    const conflicted = c.give(
      {
        type: 'convene-panel',
        members: [
          board('p-csc', 'a-csc', ['a-preschool', 'a-csc']),
          board('p-health', 'a-health'),
          board('p-police', 'a-police'),
        ],
      },
      chair,
      at(5),
    );
    expect(conflicted.ok).toBe(false);
    if (!conflicted.ok) {
      expect(conflicted.error.code).toBe('panel-missing-disputing-agency');
      expect(conflicted.error.message).toMatch(/works at another agency in the disagreement/);
    }
    c.must(
      {
        type: 'convene-panel',
        members: [
          board('p-csc', 'a-csc'),
          board('p-head', 'a-school', ['a-preschool']),
          board('p-police', 'a-police'),
        ],
      },
      chair,
      at(5),
    );
    expect(c.current.panel?.members[1]?.represents).toEqual(['a-preschool']);
  });
});

describe('004: pre-escalation and quality assurance scrutiny', () => {
  const bscb = () => new CaseHarness(preset('bscb-partnership'), calendar);
  const consult = (agencyId: string) => ({
    type: 'record-consultation' as const,
    with: { personId: 'p-social-worker', role: 'frontline' as const, agencyId },
    summary: 'We talked it through on the phone',
  });

  it('004_f3cf3532c32e5aa0.txt PRE-ESCALATION: PROFESSIONAL DISCUSSION: the case waits for the discussion with the other agency before stage 1', () => {
    const c = bscb();
    c.must(raiseInput(), worker, at(1));
    expect(c.current.stage.number).toBe(0);
    const early = c.give({ type: 'escalate', reason: 'Skip it' }, worker, at(1, 11));
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.error.code).toBe('consultation-required');
    // a "discussion" with someone at your own agency is not the pre-escalation discussion
    const own = c.give(consult('a-school'), worker, at(1, 12));
    expect(own.ok).toBe(false);
    if (!own.ok) expect(own.error.code).toBe('consultation-wrong-agency');
    c.must(consult('a-csc'), worker, at(1, 12));
    // recorded, and still before stage 1: it may have settled the disagreement
    expect(c.current.stage.number).toBe(0);
    expect(c.current.consultations[0]?.with.agencyId).toBe('a-csc');
    c.must({ type: 'escalate', reason: 'We could not agree' }, worker, at(2));
    expect(c.current.stage).toMatchObject({ number: 1, key: 'senior-staff' });
  });

  it('004_f3cf3532c32e5aa0.txt PRE-ESCALATION: PROFESSIONAL DISCUSSION: a discussion that settles it resolves the case before stage 1', () => {
    const c = bscb();
    c.must(raiseInput(), worker, at(1));
    c.must(consult('a-csc'), worker, at(1, 12));
    c.must(
      {
        type: 'resolve',
        outcome: 'Agreed a joint visit',
        agreedBy: [
          { agencyId: 'a-school', name: 'A. Teacher' },
          { agencyId: 'a-csc', name: 'S. Worker' },
        ],
      },
      worker,
      at(1, 13),
    );
    expect(c.current.status).toBe('resolved');
    expect(c.current.stageHistory.map((s) => s.number)).toEqual([0]);
  });

  it('004_f3cf3532c32e5aa0.txt "stage 1 of the Escalation Procedure should be initiated immediately": imminent risk starts at stage 1', () => {
    const c = bscb();
    c.must(raiseInput({ immediateRisk: true }), worker, at(1));
    expect(c.current.stage.number).toBe(1);
  });

  it('004_f3cf3532c32e5aa0.txt "and/or the discussions raise issues where quality assurance scrutiny may be needed": referred for scrutiny from stage 1', () => {
    const c = bscb();
    c.must(raiseInput({ immediateRisk: true }), worker, at(1));
    const tooEarly = c.give({ type: 'refer-to-chair', details: 'Look at this' }, worker, at(2));
    expect(tooEarly.ok).toBe(false);
    if (!tooEarly.ok) {
      expect(tooEarly.error.code).toBe('refer-to-chair-too-early');
      expect(tooEarly.error.message).toMatch(/quality assurance scrutiny/);
    }
    c.must({ type: 'refer-to-chair', details: 'Look at this', scrutiny: true }, worker, at(2));
    expect(c.current.stage).toMatchObject({ number: 4, key: 'chair' });
    expect(c.current.referredToChair).toMatchObject({ scrutiny: true });
    const entered = c.events.at(-1);
    expect(entered?.type === 'stage-entered' && entered.skippedStages.map((s) => s.number)).toEqual(
      [2, 3],
    );
  });

  it('a policy without the scrutiny referral refuses one (002 has none)', () => {
    const c = new CaseHarness(preset('bromley-partnership'), calendar);
    c.must(raiseInput(), worker, at(1));
    const result = c.give(
      { type: 'refer-to-chair', details: 'Look', scrutiny: true, boardMembersEngaged: 'x' },
      worker,
      at(2),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('scrutiny-referral-not-in-policy');
  });
});

describe('000, 001, 002 2.16: the raising agency refers the case to the chair', () => {
  it.each([
    ['bromley-partnership', 4, '002_bc950ad84b2976ce.txt 2.16'],
    ['bromley-ready-steady-grow-preschool', 3, '001 "We will e-mail details through"'],
    [
      'bromley-st-james-preschool',
      3,
      '000 "The preschool raising the dispute must e-mail the details"',
    ],
  ] as const)(
    '%s: the other agency’s holder may not refer it; the raising side’s may (%s, %s)',
    (id, before, _clause) => {
      const c = new CaseHarness(preset(id), calendar);
      c.must(raiseInput(), worker, at(1));
      for (let n = 2; n <= before; n++) c.must({ type: 'escalate', reason: 'No' }, worker, at(n));
      const referral = {
        type: 'refer-to-chair' as const,
        details: 'Over',
        boardMembersEngaged: 'Met',
      };
      const other = c.give(referral, people.socialWorker, at(8));
      expect(other.ok).toBe(false);
      if (!other.ok) {
        expect(other.error.code).toBe('not-your-part');
        expect(other.error.message).toMatch(/for the agency that raised it/);
      }
      c.must(referral, worker, at(8));
      expect(c.current.referredToChair).not.toBeNull();
    },
  );
});
