/**
 * Starting a case (decide-start.ts): raising, the consultation step and starting at a later stage.
 * refusals.test.ts proves each refusal happens; this file holds what each says, and what an
 * accepted command records.
 */
import { describe, expect, it } from 'vitest';
import { preset } from '../../policies/testing.js';
import { calendarFor } from '../calendar/index.js';
import { Policy, type PolicyInput } from '../policy/schema.js';
import type { CaseCommandInput } from './commands.js';
import type { Actor } from './context.js';
import {
  CaseHarness,
  consultFirstPolicy,
  fiveStagePolicy,
  people,
  preEscalationPolicy,
  raiseInput,
} from './testing.js';

const calendar = calendarFor('england-and-wales');
const { worker, manager } = people;
/** Monday 23 March 2026, 10am */
const t0 = '2026-03-23T10:00:00Z';
const later = '2026-03-23T12:00:00Z';
const answers = { problem: 'Closed too soon', aims: 'A strategy discussion' };

function variant(policy: Policy, change: Partial<PolicyInput>): Policy {
  return Policy.parse({ ...policy, ...change });
}

function raised(policy = fiveStagePolicy, over = {}): CaseHarness {
  const c = new CaseHarness(policy, calendar);
  c.must(raiseInput(over), worker, t0);
  return c;
}

const consult = (
  over: Partial<Extract<CaseCommandInput, { type: 'record-consultation' }>> = {},
): CaseCommandInput => ({
  type: 'record-consultation',
  with: { personId: 'p-manager', role: 'manager' },
  answers,
  summary: 'Talked it through',
  ...over,
});

describe('raising a disagreement', () => {
  it('is refused to someone at no agency, and with no other agency in it', () => {
    const team: Actor = { personId: 'p-team', role: 'partnership-team', agencyId: null };
    expect(new CaseHarness(fiveStagePolicy, calendar).refusal(raiseInput(), team, t0)).toEqual({
      code: 'not-at-an-agency',
      message: 'Only someone working at an agency can raise a disagreement.',
    });
    expect(
      new CaseHarness(fiveStagePolicy, calendar).refusal(
        raiseInput({ agencies: ['a-school', 'a-school'] }),
        worker,
        t0,
      ).message,
    ).toBe(
      'Select at least one other agency: a disagreement is with an agency other than your own.',
    );
  });

  it('names the policy and the categories it covers when the category is not one of them', () => {
    const policy = variant(fiveStagePolicy, { categories: ['levels-of-need', 'communication'] });
    expect(
      new CaseHarness(policy, calendar).refusal(raiseInput({ category: 'other' }), worker, t0)
        .message,
    ).toBe(
      'The policy "Five-stage partnership policy" does not cover disagreements about other. Choose one of: levels-of-need, communication.',
    );
  });

  it('records the other agencies once each, without the raiser’s own', () => {
    const c = raised(fiveStagePolicy, { agencies: ['a-csc', 'a-school', 'a-csc', 'a-health'] });
    expect(c.current.otherAgencyIds).toEqual(['a-csc', 'a-health']);
    expect(c.events[0]).not.toHaveProperty('childProtectiveDeadline');
    expect(c.events[0]).not.toHaveProperty('childProtectiveDeadlineLasts');
  });

  it('002-like: starts at stage 1, held by the raiser unless others are named', () => {
    const c = raised();
    expect(c.events[1]).toMatchObject({
      type: 'stage-entered',
      number: 1,
      reason: 'Raised',
      holders: { raising: ['p-worker'], other: [] },
      skippedStages: [],
    });
  });

  it('003: a required consultation comes first, saying so', () => {
    expect(raised(consultFirstPolicy).events[1]).toMatchObject({
      number: 0,
      key: 'consultation',
      reason: 'Raised: the policy asks for consultation before stage 1',
    });
  });

  it('004: a child at immediate risk starts at stage 1 at once, passing over the consultation', () => {
    const c = raised(preEscalationPolicy, { immediateRisk: true });
    expect(c.events[1]).toMatchObject({
      number: 1,
      reason:
        'Raised with a child at immediate risk: the policy lets the case start at stage 1 at once',
      skippedStages: [{ number: 0, key: 'consultation' }],
    });
  });

  it('an optional consultation (002-like) is not passed over: nothing is skipped', () => {
    const c = raised(fiveStagePolicy, { immediateRisk: true });
    expect(c.events[1]).toMatchObject({ number: 1, reason: 'Raised', skippedStages: [] });
  });

  it('a child-protective deadline set when raising must lie ahead', () => {
    const c = new CaseHarness(fiveStagePolicy, calendar);
    expect(c.refusal(raiseInput({ childProtectiveDeadline: t0 }), worker, t0)).toEqual({
      code: 'deadline-in-past',
      message:
        'The child-protective deadline must be later than now. Enter a date and time in the future.',
    });
    c.must(raiseInput({ childProtectiveDeadline: later }), worker, t0);
    expect(c.current.childProtectiveDeadline).toEqual({
      deadline: later,
      reason: 'set when the case was raised',
    });
  });

  it('a stage whose timescale is fixed refuses a child-protective deadline, saying why', () => {
    const policy = variant(fiveStagePolicy, {
      stages: fiveStagePolicy.stages.map((s) => ({
        ...s,
        timescale: { workingDays: 1, childProtectiveDeadlineAllowed: false, source: 'test' },
      })),
    });
    expect(
      new CaseHarness(policy, calendar).refusal(
        raiseInput({ childProtectiveDeadline: later }),
        worker,
        t0,
      ).message,
    ).toBe(
      "This stage's timescale is fixed by the policy: a child-protective deadline cannot be set here.",
    );
  });
});

describe('the consultation step', () => {
  it('003: names whom the policy asks you to consult, and every question left unanswered', () => {
    const c = raised(consultFirstPolicy);
    expect(
      c.refusal(consult({ with: { personId: 'p-x', role: 'frontline' } }), worker, later).message,
    ).toBe(
      'The policy asks you to consult a manager or dsl. Record a consultation with one of them.',
    );
    expect(c.refusal(consult({ answers: {} }), worker, later).message).toBe(
      'Answer every question the policy asks before escalating: What exactly is the disagreement about?; What do you aim to achieve?',
    );
  });

  it('003: is with someone at your own agency', () => {
    const c = raised(consultFirstPolicy);
    const elsewhere = consult({ with: { personId: 'p-x', role: 'manager', agencyId: 'a-csc' } });
    expect(c.refusal(elsewhere, worker, later)).toEqual({
      code: 'consultation-wrong-agency',
      message:
        'Consult your supervisor is with someone at your own agency. Select the person you consulted there.',
    });
    c.must(
      consult({ with: { personId: 'p-m', role: 'manager', agencyId: 'a-school' } }),
      worker,
      later,
    );
    expect(c.events.at(-1)).toMatchObject({ number: 1, reason: 'Consultation recorded' });
  });

  it('004: the pre-escalation discussion is with the other agency’s worker, and stays in the step', () => {
    const c = raised(preset('bscb-partnership'));
    const own = consult({
      with: { personId: 'p-m', role: 'manager', agencyId: 'a-school' },
      answers: {},
    });
    expect(c.refusal(own, worker, later).message).toBe(
      'Pre-escalation: professional discussion is with a worker at the other agency in the disagreement. Select the person you discussed it with there.',
    );
    const withOther = consult({
      with: { personId: 'p-social-worker', role: 'frontline', agencyId: 'a-csc' },
      answers: {},
    });
    c.must(withOther, worker, later);
    expect(c.events.at(-1)).toMatchObject({ type: 'consultation-recorded', by: 'p-worker' });
    expect(c.current.stage.number).toBe(0);
  });

  it('recorded at stage 1 (an optional consultation) enters no stage', () => {
    const c = raised();
    c.must(consult(), worker, later);
    expect(c.events.at(-1)).toStrictEqual({
      type: 'consultation-recorded',
      at: later,
      by: 'p-worker',
      with: { personId: 'p-manager', role: 'manager' },
      answers,
      summary: 'Talked it through',
    });
    expect(c.current.stage.number).toBe(1);
  });

  it('says when there is no consultation step, or it is already recorded', () => {
    const noStep = raised(variant(fiveStagePolicy, { consultation: undefined }));
    expect(noStep.refusal(consult(), worker, later).message).toBe(
      'This policy has no consultation step. Record a discussion at the current stage instead.',
    );
    const c = raised(consultFirstPolicy);
    c.must(consult(), worker, later);
    expect(c.refusal(consult(), worker, later).message).toBe(
      'The consultation has already been recorded. Record a discussion at the current stage instead.',
    );
  });
});

describe('starting at a later stage (a child at immediate risk)', () => {
  const start = (stage: string | number, justification?: string): CaseCommandInput => ({
    type: 'start-at-stage',
    stage,
    ...(justification ? { justification } : {}),
  });

  it('names the stage the policy does not have, and the stages it lets a case start at', () => {
    const c = raised(consultFirstPolicy, { immediateRisk: true });
    expect(c.refusal(start('director', 'x'), worker, later).message).toBe(
      'The policy has no stage "director". Choose one of its stages.',
    );
    const only = variant(fiveStagePolicy, {
      immediateRisk: {
        ...fiveStagePolicy.immediateRisk,
        startAt: { stages: ['manager', 'senior-manager'], source: 'test' },
      },
    });
    expect(
      raised(only, { immediateRisk: true }).refusal(start('director'), worker, later).message,
    ).toBe(
      'The policy lets a case start only at: manager, senior-manager. Choose one of those stages.',
    );
  });

  it('says which stage the case is already at', () => {
    const c = raised(consultFirstPolicy, { immediateRisk: true });
    expect(c.refusal(start(1, 'x'), worker, later).message).toBe(
      'The case is already at stage 1. Choose a later stage.',
    );
  });

  it('003: with its justification, enters the stage as skipped, listing the stages passed over', () => {
    const c = raised(consultFirstPolicy, { immediateRisk: true });
    c.must(start('manager', 'Bruising again today'), worker, later);
    expect(c.events.at(-1)).toMatchObject({
      number: 2,
      reason: 'Bruising again today',
      skipped: true,
      skippedStages: [],
    });
  });

  it('without a justification the policy does not ask for, gives the reason itself', () => {
    const policy = variant(fiveStagePolicy, {
      immediateRisk: {
        ...fiveStagePolicy.immediateRisk,
        startAt: { stages: 'any', justificationRequired: false, source: 'test' },
      },
    });
    const c = raised(policy, { immediateRisk: true });
    c.must(start('director'), manager, later);
    expect(c.events.at(-1)).toMatchObject({
      number: 4,
      reason: 'Started at a later stage: a child is at immediate risk',
      skippedStages: [
        { number: 2, key: 'manager' },
        { number: 3, key: 'senior-manager' },
      ],
    });
  });
});
