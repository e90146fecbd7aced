/**
 * Issue 18, item 7: "an acknowledgement by the other side, timed and recorded". A stage's
 * `acknowledgement` in the policy asks the holders of the agency the disagreement is with to
 * acknowledge the escalation by a due time counted on the policy's working-day calendar; the
 * case records when and by whom.
 */
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/index.js';
import { checkPolicy } from '../policy/checks.js';
import { Policy } from '../policy/schema.js';
import { availableActions } from './actions.js';
import type { Actor } from './context.js';
import type { Holders } from './events.js';
import { acknowledgedPolicy, CaseHarness, people, raiseInput } from './testing.js';
import { whoseTurn } from './turn.js';

const englandAndWales = calendarFor('england-and-wales');
const scotland = calendarFor('scotland');
const holders: Holders = { raising: ['p-worker'], other: ['p-social-worker'] };
const otherManager: Actor = {
  personId: 'p-csc-manager',
  role: 'manager',
  agencyId: 'a-csc',
  actsFor: ['p-csc-manager', 'p-social-worker'],
};
const otherColleague: Actor = { personId: 'p-csc-2', role: 'frontline', agencyId: 'a-csc' };
const team: Actor = { personId: 'p-team', role: 'partnership-team', agencyId: null };

/** Raised on Thursday 2 April 2026 at 10am, the day before Good Friday. */
function raised(calendar = englandAndWales) {
  const c = new CaseHarness(acknowledgedPolicy, calendar);
  c.must(raiseInput(), people.worker, '2026-04-02T10:00:00+01:00', holders);
  return c;
}

describe('the due time: "within 1 working day" of entering the stage, on the policy calendar', () => {
  it('England and Wales: Good Friday and Easter Monday do not count, so it is due Tuesday 7 April at 5pm', () => {
    expect(raised().current.stage.acknowledgement).toEqual({
      dueAt: '2026-04-07T17:00:00+01:00',
      at: null,
      by: null,
    });
  });

  it('Scotland: Easter Monday is a working day there, so it is due Monday 6 April at 5pm', () => {
    expect(raised(scotland).current.stage.acknowledgement?.dueAt).toBe('2026-04-06T17:00:00+01:00');
  });

  it('"immediately": by the due time that working day, or the next when entered after it', () => {
    const c = raised();
    c.must(
      { type: 'escalate', reason: 'No agreement' },
      people.worker,
      '2026-04-07T09:00:00+01:00',
      holders,
    );
    expect(c.current.stage.acknowledgement?.dueAt).toBe('2026-04-07T17:00:00+01:00');
    const late = raised();
    late.must(
      { type: 'escalate', reason: 'No agreement' },
      people.worker,
      '2026-04-02T18:00:00+01:00',
      holders,
    );
    // after 5pm on the Thursday before Easter: the next working day is Tuesday 7 April
    expect(late.current.stage.acknowledgement?.dueAt).toBe('2026-04-07T17:00:00+01:00');
  });

  it('"within 24 hours": the clock stops over the weekend and the bank holidays', () => {
    const c = raised();
    c.must({ type: 'escalate', reason: 'x' }, people.worker, '2026-04-07T09:00:00+01:00', holders);
    // Friday 10 April at 3pm: 24 working hours is Monday 13 April at 3pm
    c.must({ type: 'escalate', reason: 'x' }, people.worker, '2026-04-10T15:00:00+01:00', holders);
    expect(c.current.stage.number).toBe(3);
    expect(Date.parse(c.current.stage.acknowledgement?.dueAt ?? '')).toBe(
      Date.parse('2026-04-13T15:00:00+01:00'),
    );
  });

  it('a stage that asks for none has no acknowledgement on the case', () => {
    const c = raised();
    for (const at of [
      '2026-04-07T09:00:00+01:00',
      '2026-04-08T09:00:00+01:00',
      '2026-04-09T09:00:00+01:00',
    ])
      c.must({ type: 'escalate', reason: 'x' }, people.worker, at, holders);
    expect(c.current.stage.number).toBe(4);
    expect(c.current.stage.acknowledgement).toBeUndefined();
    expect(
      c.give({ type: 'acknowledge' }, people.socialWorker, '2026-04-09T10:00:00+01:00'),
    ).toMatchObject({ ok: false, error: { code: 'acknowledgement-not-asked' } });
  });
});

describe('who may acknowledge: the holders of the stage at the agency it is with', () => {
  it.each([
    ['the raiser', people.worker],
    ["the raiser's manager", people.manager],
    ["the raiser's DSL", people.dsl],
    ['the chair', people.chair],
    ['the partnership team', team],
    ['a colleague at the other agency who does not hold the stage', otherColleague],
  ])('%s may not', (_who, actor) => {
    const c = raised();
    expect(c.give({ type: 'acknowledge' }, actor, '2026-04-02T11:00:00+01:00')).toMatchObject({
      ok: false,
      error: { code: 'not-your-part' },
    });
    expect(availableActions(c.current, ctxFor(actor))).not.toContain('acknowledge');
  });

  it.each([
    ['the holder at the other agency', people.socialWorker],
    ['their line manager', otherManager],
  ])('%s may, once; it is recorded with when and by whom', (_who, actor) => {
    const c = raised();
    expect(availableActions(c.current, ctxFor(actor))[0]).toBe('acknowledge');
    const [event] = c.must(
      { type: 'acknowledge', note: 'Our duty manager will call you today.' },
      actor,
      '2026-04-02T11:00:00+01:00',
    );
    expect(event).toEqual({
      type: 'acknowledged',
      at: '2026-04-02T11:00:00+01:00',
      by: actor.personId,
      stage: { number: 1, key: 'professional', name: 'Professional to professional' },
      dueAt: '2026-04-07T17:00:00+01:00',
      note: 'Our duty manager will call you today.',
    });
    expect(c.current.stage.acknowledgement).toMatchObject({
      at: '2026-04-02T11:00:00+01:00',
      by: actor.personId,
    });
    expect(c.give({ type: 'acknowledge' }, actor, '2026-04-02T12:00:00+01:00')).toMatchObject({
      ok: false,
      error: { code: 'already-acknowledged' },
    });
    expect(availableActions(c.current, ctxFor(actor))).not.toContain('acknowledge');
  });

  it('each stage that asks for it is acknowledged afresh', () => {
    const c = raised();
    c.must({ type: 'acknowledge' }, people.socialWorker, '2026-04-02T11:00:00+01:00');
    c.must({ type: 'escalate', reason: 'x' }, people.worker, '2026-04-07T09:00:00+01:00', holders);
    expect(c.current.stage.acknowledgement).toMatchObject({ at: null });
    c.must({ type: 'acknowledge' }, people.socialWorker, '2026-04-07T09:30:00+01:00');
    expect(c.current.acknowledgements.map((a) => a.stage.number)).toEqual([1, 2]);
  });

  it('a policy may say who acknowledges instead (`permissions`)', () => {
    const policy = Policy.parse({
      ...acknowledgedPolicy,
      permissions: [{ action: 'acknowledge', by: ['other-side'], source: 'test-policy ack' }],
    });
    const c = new CaseHarness(policy, englandAndWales);
    c.must(raiseInput(), people.worker, '2026-04-02T10:00:00+01:00', holders);
    c.must({ type: 'acknowledge' }, otherColleague, '2026-04-02T11:00:00+01:00');
  });
});

describe('told: the notification rule "on: acknowledged"', () => {
  it('fires once for each acknowledgement, to those the rule names', () => {
    const c = raised();
    c.must({ type: 'acknowledge' }, people.socialWorker, '2026-04-02T11:00:00+01:00');
    const told = c.intents.filter((i) => i.trigger === 'acknowledged');
    expect(told.map((i) => i.key)).toEqual([
      'acknowledgement-told:event-2:raiser',
      'acknowledgement-told:event-2:holders',
    ]);
  });
});

describe('the policy file', () => {
  const withAck = (stageIndex: number, acknowledgement: unknown) => ({
    ...acknowledgedPolicy,
    stages: acknowledgedPolicy.stages.map((st, i) =>
      i === stageIndex ? { ...st, acknowledgement } : st,
    ),
  });

  it('"within: immediately" is read as {immediately: true}', () => {
    const parsed = Policy.parse(
      withAck(3, { by: 'other-side', within: 'immediately', source: 'x 1' }),
    );
    expect(parsed.stages[3]?.acknowledgement).toEqual({
      by: 'other-side',
      within: { immediately: true },
      promptWhenOverdue: false,
      source: 'x 1',
    });
  });

  it('an acknowledgement due in two ways at once, or in none, is an error naming the key', () => {
    const two = Policy.parse(
      withAck(3, { by: 'other-side', within: { workingDays: 1, hours: 24 }, source: 'x 1' }),
    );
    expect(checkPolicy(two)).toEqual([
      expect.objectContaining({
        path: ['stages', 3, 'acknowledgement', 'within'],
        message: expect.stringContaining('"workingDays" and "hours"'),
      }),
    ]);
    const none = Policy.parse(withAck(3, { by: 'other-side', within: {}, source: 'x 1' }));
    expect(checkPolicy(none)[0]?.message).toMatch(/^say when the acknowledgement is due/);
  });

  it("an acknowledgement at the chair's stage is an error saying it is not supported there", () => {
    const chair = Policy.parse(
      withAck(4, { by: 'other-side', within: { workingDays: 1 }, source: 'x 1' }),
    );
    expect(checkPolicy(chair)).toEqual([
      expect.objectContaining({
        path: ['stages', 4, 'acknowledgement'],
        message: expect.stringMatching(/not supported at the chair's stage/),
      }),
    ]);
  });

  it('only the other side acknowledges: any other "by" is refused by the schema', () => {
    expect(
      Policy.safeParse(withAck(0, { by: 'raising-side', within: 'immediately', source: 'x' }))
        .success,
    ).toBe(false);
  });
});

function ctxFor(actor: Actor) {
  return {
    policy: acknowledgedPolicy,
    calendar: englandAndWales,
    now: '2026-04-02T11:00:00+01:00',
    actor,
  };
}

describe('whose turn: the other side is asked to acknowledge first', () => {
  it('asks the other side’s holder, not the raiser, until it is given', () => {
    const c = raised();
    expect(whoseTurn(c.current, acknowledgedPolicy, people.socialWorker).ask).toMatch(
      /^First, acknowledge the escalation by 5pm on Tuesday 7 April 2026\. Talk to your counterpart/,
    );
    expect(whoseTurn(c.current, acknowledgedPolicy, people.worker).ask).not.toContain(
      'acknowledge',
    );
    c.must({ type: 'acknowledge' }, people.socialWorker, '2026-04-02T11:00:00+01:00');
    expect(whoseTurn(c.current, acknowledgedPolicy, people.socialWorker).ask).toMatch(
      /^Talk to your counterpart/,
    );
  });
});
