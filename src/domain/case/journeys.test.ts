import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import { nextStep } from './next-step.js';
import { fold } from './state.js';
import {
  bothAgreed,
  CaseHarness,
  consultFirstPolicy,
  fiveStagePolicy,
  people,
  preEscalationPolicy,
  raiseInput,
} from './testing.js';

const calendar = calendarFor('england-and-wales');
const { worker, manager, dsl, chair } = people;
const panelOfThree = [
  { personId: 'p-head', agencyId: 'a-school', boardMember: true },
  { personId: 'p-director-csc', agencyId: 'a-csc', boardMember: true },
  { personId: 'p-health', agencyId: 'a-health', boardMember: true },
];

describe('a case through a five-stage policy (1, 2, 2, 2, 3 working days)', () => {
  it('moves stage by stage with working-day due times, tells the right people, and ends decided', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    const child = { name: 'A.B.', childProtectionPlan: true };
    // Monday 23 March 2026, GMT
    const raised = c.must(raiseInput({ children: [child] }), worker, '2026-03-23T10:00:00Z');
    expect(raised.map((e) => e.type)).toEqual(['raised', 'stage-entered']);
    expect(c.current.stage).toMatchObject({
      number: 1,
      key: 'professional',
      dueAt: '2026-03-24T17:00:00+00:00',
      holders: { raising: ['p-worker'], other: [] },
    });

    c.must(
      {
        type: 'record-discussion',
        when: '2026-03-23T15:00:00Z',
        how: 'phone',
        participants: ['p-worker', 'p-social-worker'],
        summary: 'Talked it through',
        outcome: 'Still disagree',
      },
      worker,
      '2026-03-23T16:00:00Z',
    );
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-24T18:00:00Z', {
      raising: ['p-manager'],
      other: ['p-csc-manager'],
    });
    expect(c.current.stage).toMatchObject({
      number: 2,
      key: 'manager',
      dueAt: '2026-03-26T17:00:00+00:00',
      holders: { raising: ['p-manager'], other: ['p-csc-manager'] },
    });
    expect(nextStep(c.current, fiveStagePolicy, '2026-03-25T09:00:00Z')).toEqual({
      text: 'Managers in each agency discuss the disagreement. If it is not resolved by 5pm on Thursday 26 March 2026, escalate to stage 3: Senior manager to senior manager.',
      dueAt: '2026-03-26T17:00:00+00:00',
      overdue: false,
    });
    expect(nextStep(c.current, fiveStagePolicy, '2026-03-26T17:00:01Z').overdue).toBe(true);

    // Thursday 2 April: Good Friday and Easter Monday are not working days; BST has begun
    c.must({ type: 'escalate', reason: 'Managers disagree' }, manager, '2026-04-02T09:00:00+01:00');
    expect(c.current.stage.dueAt).toBe('2026-04-08T17:00:00+01:00');
    c.must({ type: 'escalate', reason: 'Seniors disagree' }, manager, '2026-04-08T16:00:00+01:00');
    expect(c.current.stage).toMatchObject({ number: 4, dueAt: '2026-04-10T17:00:00+01:00' });

    const early = c.give(
      { type: 'escalate', reason: 'Directors disagree' },
      manager,
      '2026-04-10T10:00:00+01:00',
    );
    expect(early).toMatchObject({ ok: false, error: { code: 'escalate-to-chair' } });
    const referred = c.must(
      { type: 'refer-to-chair', details: 'Details e-mailed to the business unit' },
      manager,
      '2026-04-10T12:00:00+01:00',
    );
    expect(referred.map((e) => e.type)).toEqual(['referred-to-chair', 'stage-entered']);
    expect(c.current.stage).toMatchObject({
      number: 5,
      key: 'chair',
      dueAt: '2026-04-15T17:00:00+01:00',
    });

    c.must({ type: 'convene-panel', members: panelOfThree }, chair, '2026-04-13T10:00:00+01:00');
    c.must(
      {
        type: 'record-representation',
        fromPersonId: 'p-worker',
        fromAgencyId: 'a-school',
        summary: 'Our view',
      },
      chair,
      '2026-04-14T10:00:00+01:00',
    );
    c.must(
      { type: 'record-decision', decidedBy: 'panel', decision: 'A strategy discussion is held' },
      chair,
      '2026-04-15T10:00:00+01:00',
    );
    // the panel decides collectively: it counts only when every member has agreed it
    expect(c.current.status).toBe('open');
    expect(c.current.panel?.proposal?.decision).toBe('A strategy discussion is held');
    for (const [i, m] of panelOfThree.entries()) {
      expect(c.current.status).toBe('open');
      c.must(
        { type: 'agree-panel-decision', memberId: m.personId },
        chair,
        `2026-04-15T1${i}:30:00+01:00`,
      );
    }
    expect(c.current.status).toBe('decided');
    expect(c.current.decision).toMatchObject({ decidedBy: 'panel', binding: true });
    expect(c.current.stageHistory.map((s) => [s.number, s.ended])).toEqual([
      [1, 'escalated'],
      [2, 'escalated'],
      [3, 'escalated'],
      [4, 'escalated'],
      [5, 'decided'],
    ]);
    expect(
      c.give({ type: 'reopen', reason: 'Disagree' }, worker, '2026-04-16T10:00:00+01:00'),
    ).toMatchObject({
      ok: false,
      error: { code: 'decision-binding' },
    });
    expect(c.current.version).toBe(c.events.length);
    expect(fold(c.events)).toEqual(c.current);

    const keys = c.intents.map((i) => i.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'raised:case-raised:role-manager-both',
        'cp-chair-or-iro:stage-2:cp-chair',
        'cp-chair-or-iro:stage-2:iro',
        'business-unit:stage-3:business-unit',
        'business-unit:stage-4:business-unit',
        'business-unit:stage-5:business-unit',
        'chair-referral:referred-to-chair:chair',
        'panel:panel-convened:board-member-both',
        'decision:event-14:raiser',
        'raiser-told:event-14:raiser',
      ]),
    );
    expect(keys.filter((k) => k.startsWith('business-unit:'))).toHaveLength(3);
    expect(keys.filter((k) => k.startsWith('record-shared:'))).toHaveLength(c.events.length);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('does not notify the CP Chair or IRO when no child has a plan or is looked after', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(
      raiseInput({ children: [{ name: 'C.D.', childInNeed: true }] }),
      worker,
      '2026-03-23T10:00:00Z',
    );
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-24T10:00:00Z');
    expect(c.intents.filter((i) => i.ruleKey === 'cp-chair-or-iro')).toEqual([]);
  });

  it('resolves at any stage, then reopens at the stage it ended with a fresh due time', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput(), worker, '2026-03-23T10:00:00Z');
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-03-24T10:00:00Z');
    c.must(
      {
        type: 'resolve',
        outcome: 'Assessment agreed',
        actions: ['CSC assess'],
        agreedBy: bothAgreed,
      },
      manager,
      '2026-03-25T10:00:00Z',
    );
    expect(c.current.status).toBe('resolved');
    expect(nextStep(c.current, fiveStagePolicy, '2026-03-25T11:00:00Z')).toMatchObject({
      dueAt: null,
      overdue: false,
    });
    c.must(
      { type: 'reopen', reason: 'Assessment not started' },
      worker,
      '2026-03-30T10:00:00+01:00',
    );
    expect(c.current).toMatchObject({ status: 'open', resolution: null });
    expect(c.current.stage).toMatchObject({ number: 2, dueAt: '2026-04-01T17:00:00+01:00' });
    c.must({ type: 'withdraw', reason: 'Family moved away' }, worker, '2026-03-31T10:00:00+01:00');
    expect(c.current.status).toBe('withdrawn');
    expect(c.current.stageHistory.map((s) => s.ended)).toEqual([
      'escalated',
      'resolved',
      'withdrawn',
    ]);
    expect(c.intents.filter((i) => i.ruleKey === 'raiser-told')).toHaveLength(2);
  });

  it('informs the DSL once when a child is at immediate risk, and records the hub referral', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    c.must(raiseInput({ immediateRisk: true }), worker, '2026-03-23T10:00:00Z');
    c.must(
      {
        type: 'record-hub-referral',
        service: 'Children and Families Hub',
        reference: 'H-1',
        when: '2026-03-23T10:30:00Z',
      },
      dsl,
      '2026-03-23T11:00:00Z',
    );
    expect(c.current.hubReferral).toMatchObject({
      service: 'Children and Families Hub',
      reference: 'H-1',
    });
    expect(c.intents.filter((i) => i.ruleKey === 'dsl-told').map((i) => i.key)).toEqual([
      'dsl-told:immediate-risk:role-dsl-raising',
    ]);
  });
});

describe('a case through a consult-first policy with no timescales (three stages)', () => {
  const answers = { problem: 'The referral was closed', aims: 'An assessment' };

  it('starts before stage 1 and enters stage 1 only when the consultation is recorded', () => {
    const c = new CaseHarness(consultFirstPolicy, calendar);
    const events = c.must(
      raiseInput({ children: [{ name: 'E.F.', childProtectionPlan: true }] }),
      worker,
      '2026-05-05T09:00:00+01:00',
    );
    expect(events[1]).toMatchObject({
      type: 'stage-entered',
      number: 0,
      key: 'consultation',
      dueAt: null,
    });
    expect(nextStep(c.current, consultFirstPolicy, '2026-05-05T10:00:00+01:00').text).toBe(
      'Consult a supervisor or manager to identify the problem. When the consultation is recorded, the case moves to stage 1: Professional to professional.',
    );
    expect(
      c.give({ type: 'escalate', reason: 'x' }, worker, '2026-05-05T10:00:00+01:00'),
    ).toMatchObject({
      ok: false,
      error: { code: 'consultation-required' },
    });
    c.must(
      {
        type: 'record-consultation',
        with: { personId: 'p-manager', role: 'manager' },
        answers,
        summary: 'Clarified',
      },
      worker,
      '2026-05-05T11:00:00+01:00',
    );
    expect(c.current).toMatchObject({ consultationDone: true, stage: { number: 1, dueAt: null } });
    expect(nextStep(c.current, consultFirstPolicy, '2030-01-01T00:00:00Z')).toEqual({
      text: 'Professional to professional: discuss the disagreement. If it is not resolved, escalate to stage 2: Manager to manager.',
      dueAt: null,
      overdue: false,
    });
    c.must({ type: 'escalate', reason: 'Not resolved' }, worker, '2026-05-06T11:00:00+01:00');
    expect(nextStep(c.current, consultFirstPolicy, '2026-05-06T12:00:00+01:00').text).toContain(
      'refer it to the chair (stage 3: Referral to the chair via the partnership)',
    );
    c.must(
      { type: 'refer-to-chair', details: 'Sent via the partnership' },
      manager,
      '2026-05-07T11:00:00+01:00',
    );
    c.must(
      {
        type: 'convene-panel',
        members: [
          { personId: 'p-x', agencyId: 'a-school', boardMember: false },
          { personId: 'p-y', agencyId: 'a-police', boardMember: false },
        ],
      },
      chair,
      '2026-05-08T11:00:00+01:00',
    );
    c.must(
      { type: 'record-decision', decision: 'Next course of action: joint visit' },
      { personId: 'p-y', role: 'panel-member', agencyId: 'a-police' },
      '2026-05-09T11:00:00+01:00',
    );
    // the member who put it to the panel has agreed it; the other member has not yet
    expect(c.current.decision).toBeNull();
    expect(c.current.panel?.proposal?.agreed).toEqual(['p-y']);
    c.must(
      { type: 'agree-panel-decision' },
      { personId: 'p-x', role: 'panel-member', agencyId: 'a-school' },
      '2026-05-09T12:00:00+01:00',
    );
    expect(c.current.decision).toMatchObject({ decidedBy: 'panel', binding: false });
    // a decision that is not binding may be reopened
    c.must(
      { type: 'reopen', reason: 'The visit did not happen' },
      worker,
      '2026-05-20T11:00:00+01:00',
    );
    expect(c.current).toMatchObject({ status: 'open', stage: { number: 3, dueAt: null } });
    c.must(
      { type: 'resolve', outcome: 'Visit done', agreedBy: bothAgreed },
      chair,
      '2026-05-21T11:00:00+01:00',
    );
    expect(c.current.stageHistory.map((s) => [s.number, s.ended])).toEqual([
      [0, 'consulted'],
      [1, 'escalated'],
      [2, 'escalated'],
      [3, 'decided'],
      [3, 'resolved'],
    ]);
    expect(c.intents.map((i) => i.key)).toEqual(['cp-chair:stage-2:cp-chair']);
  });

  it('lets a child at immediate risk start at a later stage, with a justification', () => {
    const c = new CaseHarness(consultFirstPolicy, calendar);
    const events = c.must(raiseInput({ immediateRisk: true }), worker, '2026-05-05T09:00:00+01:00');
    expect(events[1]).toMatchObject({ number: 1, skipped: true, skippedStages: [{ number: 0 }] });
    c.must(
      { type: 'start-at-stage', stage: 'manager', justification: 'Child seen with injuries' },
      worker,
      '2026-05-05T09:30:00+01:00',
    );
    expect(c.current.stage).toMatchObject({ number: 2, key: 'manager' });
    expect(c.current.stageHistory.map((s) => [s.number, s.ended])).toEqual([
      [0, 'skipped'],
      [1, 'escalated'],
    ]);
  });

  it('a hub referral flags immediate risk, which lets the case skip consultation and stage 1', () => {
    const c = new CaseHarness(consultFirstPolicy, calendar);
    c.must(
      raiseInput({ children: [{ name: 'G.H.', childProtectionPlan: true }] }),
      worker,
      '2026-05-05T09:00:00+01:00',
    );
    c.must(
      {
        type: 'record-hub-referral',
        service: 'MASH',
        when: '2026-05-05T09:10:00+01:00',
        immediateRisk: true,
      },
      dsl,
      '2026-05-05T09:20:00+01:00',
    );
    const [entered] = c.must(
      { type: 'start-at-stage', stage: 2, justification: 'Police attending' },
      dsl,
      '2026-05-05T09:30:00+01:00',
    );
    expect(entered).toMatchObject({ number: 2, skipped: true });
    expect(c.current.stageHistory.map((s) => [s.number, s.ended])).toEqual([
      [0, 'skipped'],
      [1, 'skipped'],
    ]);
    // the CP Chair rule for stage 2 fires once
    expect(c.intents.map((i) => i.key)).toEqual(['cp-chair:stage-2:cp-chair']);
  });
});

describe('a case through a four-stage policy with pre-escalation and imminent risk', () => {
  it('without risk, starts in the pre-escalation discussion', () => {
    const c = new CaseHarness(preEscalationPolicy, calendar);
    c.must(raiseInput(), worker, '2026-06-01T09:00:00+01:00');
    expect(c.current.stage).toMatchObject({
      number: 0,
      name: 'Pre-escalation: professional discussion',
    });
    c.must(
      {
        type: 'record-consultation',
        with: { personId: 'p-social-worker', role: 'frontline' },
        summary: 'Could not agree',
      },
      worker,
      '2026-06-01T12:00:00+01:00',
    );
    expect(c.current.stage).toMatchObject({ number: 1, key: 'senior-staff', dueAt: null });
  });

  it('with imminent risk, goes to stage 1 at once; a child-protective deadline sets the due time', () => {
    const c = new CaseHarness(preEscalationPolicy, calendar);
    c.must(
      raiseInput({ immediateRisk: true, childProtectiveDeadline: '2026-06-02T12:00:00+01:00' }),
      worker,
      '2026-06-01T09:00:00+01:00',
    );
    expect(c.current.stage).toMatchObject({
      number: 1,
      ownDueAt: null,
      dueAt: '2026-06-02T12:00:00+01:00',
    });
    expect(
      c.give(
        { type: 'start-at-stage', stage: 3, justification: 'x' },
        worker,
        '2026-06-01T10:00:00+01:00',
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'start-at-stage-not-in-policy' },
    });
    c.must({ type: 'escalate', reason: 'Managers disagree' }, manager, '2026-06-01T15:00:00+01:00');
    c.must(
      {
        type: 'set-child-protective-deadline',
        deadline: '2026-06-01T18:00:00+01:00',
        reason: 'Child discharged tonight',
      },
      manager,
      '2026-06-01T16:00:00+01:00',
    );
    expect(c.current.stage).toMatchObject({ number: 2, dueAt: '2026-06-01T18:00:00+01:00' });
    c.must(
      { type: 'escalate', reason: 'Heads of service disagree' },
      manager,
      '2026-06-01T17:00:00+01:00',
    );
    c.must(
      { type: 'refer-to-chair', details: 'Via the board office' },
      manager,
      '2026-06-01T17:30:00+01:00',
    );
    expect(
      c.give(
        { type: 'convene-panel', members: [{ personId: 'p', agencyId: 'a', boardMember: true }] },
        chair,
        '2026-06-01T17:40:00+01:00',
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'no-panel-in-policy' },
    });
    c.must(
      { type: 'record-decision', decision: 'CSC to convene a strategy meeting' },
      chair,
      '2026-06-01T17:45:00+01:00',
    );
    expect(c.current).toMatchObject({
      status: 'decided',
      decision: { decidedBy: 'chair', binding: true },
    });
    expect(nextStep(c.current, preEscalationPolicy, '2026-06-02T00:00:00+01:00').text).toContain(
      'final and binding',
    );
    expect(c.intents.map((i) => i.key)).toEqual([
      'outcome:event-7:raiser',
      'outcome:event-7:role-manager-both',
    ]);
  });
});
