/**
 * decide.ts: the checks every command passes before its own rules (a case raised once, the
 * version the person saw, the policy pinned to the case, a closed case taking nothing but a
 * reopening or the plan's actions marked done). refusals.test.ts proves each refusal happens;
 * this file holds what each says and where each stops.
 */
import { describe, expect, it } from 'vitest';
import type { Policy } from '../policy/schema.js';
import { CaseCommand, type CaseCommandInput } from './commands.js';
import type { Actor } from './context.js';
import { decide } from './decide.js';
import {
  bothAgreed,
  CaseHarness,
  calendar,
  fiveStagePolicy,
  later,
  people,
  plannedPolicy,
  raiseInput,
  t0,
  variant,
} from './testing.js';

const { worker, manager, socialWorker, chair } = people;

function raised(policy = fiveStagePolicy): CaseHarness {
  const c = new CaseHarness(policy, calendar);
  c.must(raiseInput(), worker, t0);
  return c;
}

/** The case at the chair's stage, decided by the chair. */
function decided(policy = fiveStagePolicy): CaseHarness {
  const c = raised(policy);
  for (let n = 2; n < 5; n++) c.must({ type: 'escalate', reason: 'Not resolved' }, manager, t0);
  c.must({ type: 'refer-to-chair', details: 'Over to the chair' }, manager, t0);
  c.must({ type: 'record-decision', decision: 'The strategy discussion goes ahead' }, chair, t0);
  return c;
}

const nonBinding = variant(fiveStagePolicy, {
  finalRoute: { ...fiveStagePolicy.finalRoute, decisionBinding: false },
});

function refusal(c: CaseHarness, command: CaseCommandInput, actor: Actor = worker) {
  return c.refusal(command, actor, later);
}

describe('a case is raised once, and only raised cases take commands', () => {
  it('a second raise is refused: the disagreement has already been raised', () => {
    expect(refusal(raised(), raiseInput())).toEqual({
      code: 'case-already-raised',
      message: 'This disagreement has already been raised.',
    });
  });

  it('a command on no case is refused: raise it first', () => {
    const none = new CaseHarness(fiveStagePolicy, calendar);
    expect(refusal(none, { type: 'withdraw', reason: 'x' })).toEqual({
      code: 'case-not-raised',
      message: 'There is no such disagreement. Raise it first.',
    });
    expect(none.state).toBeUndefined();
  });
});

describe('the version the person saw (optimistic concurrency)', () => {
  it('a command naming an older version is refused: reload it and try again', () => {
    const c = raised();
    expect(c.current.version).toBe(2);
    expect(refusal(c, { type: 'withdraw', reason: 'x', expectedVersion: 1 })).toEqual({
      code: 'stale-version',
      message:
        'Someone else has changed this case since you opened it. Reload it, check the record and try again.',
    });
  });

  it('a command naming the case’s own version, or none, is taken', () => {
    const c = raised();
    c.must({ type: 'escalate', reason: 'Not resolved', expectedVersion: 2 }, worker, later);
    expect(c.current.stage.number).toBe(2);
    c.must({ type: 'escalate', reason: 'Not resolved' }, manager, later);
    expect(c.current.stage.number).toBe(3);
  });
});

describe('the policy pinned to the case', () => {
  const withdraw = CaseCommand.parse({ type: 'withdraw', reason: 'x' });
  const under = (c: CaseHarness, policy: Policy) =>
    decide(c.state, withdraw, { policy, calendar, now: later, actor: worker });

  it('another version of the same policy is refused, naming the case’s own', () => {
    expect(under(raised(), { ...fiveStagePolicy, version: 2 })).toEqual({
      ok: false,
      error: {
        code: 'wrong-policy',
        message: 'This case is governed by policy five-stage version 1; use that version.',
      },
    });
  });

  it('another policy of the same version is refused too', () => {
    expect(under(raised(), { ...fiveStagePolicy, id: 'other' })).toMatchObject({
      ok: false,
      error: { code: 'wrong-policy' },
    });
    expect(under(raised(), fiveStagePolicy)).toMatchObject({ ok: true });
  });
});

describe('a closed case takes nothing but a reopening', () => {
  it('resolved: says so, and asks for it to be reopened first', () => {
    const c = raised();
    c.must({ type: 'resolve', outcome: 'Agreed', agreedBy: bothAgreed }, worker, t0);
    expect(refusal(c, { type: 'escalate', reason: 'x' })).toEqual({
      code: 'case-closed',
      message: 'The case has been resolved. Reopen it before recording anything else.',
    });
    c.must({ type: 'reopen', reason: 'Not carried out' }, worker, later);
    expect(c.current.status).toBe('open');
  });

  it('withdrawn: says so', () => {
    const c = raised();
    c.must({ type: 'withdraw', reason: 'No longer needed' }, worker, t0);
    expect(refusal(c, { type: 'escalate', reason: 'x' }).message).toBe(
      'The case has been withdrawn. Reopen it before recording anything else.',
    );
  });

  it('decided, not binding: says so', () => {
    const c = decided(nonBinding);
    expect(c.current.status).toBe('decided');
    expect(refusal(c, { type: 'withdraw', reason: 'x' })).toEqual({
      code: 'case-closed',
      message: 'The case has been decided. Reopen it before recording anything else.',
    });
  });

  it('002 2.18: decided, final and binding: nothing more can be recorded', () => {
    const c = decided();
    expect(refusal(c, { type: 'withdraw', reason: 'x' })).toEqual({
      code: 'case-closed',
      message:
        "The chair's decision is final and binding: nothing more can be recorded on this case.",
    });
  });

  it('a raise on a closed case is still refused as raised already, not as closed', () => {
    const c = raised();
    c.must({ type: 'withdraw', reason: 'No longer needed' }, worker, t0);
    expect(refusal(c, raiseInput()).code).toBe('case-already-raised');
  });
});

describe('resolving or deciding does not close the agreed action plan; withdrawing does', () => {
  const action = {
    type: 'add-plan-action' as const,
    description: 'Hold a strategy discussion',
    ownerAgencyId: 'a-csc',
    dueOn: '2026-03-25',
  };
  const done = { type: 'mark-action-done' as const, actionId: 'action-1', doneOn: '2026-03-24' };
  const after = '2026-03-24T12:00:00Z';

  it('a decided case: the owning agency still marks its action done', () => {
    const c = raised(
      variant(plannedPolicy, {
        finalRoute: { ...plannedPolicy.finalRoute, decisionBinding: false },
      }),
    );
    c.must(action, worker, t0);
    for (let n = 2; n < 5; n++) c.must({ type: 'escalate', reason: 'Not resolved' }, manager, t0);
    c.must({ type: 'refer-to-chair', details: 'Over to the chair' }, manager, t0);
    c.must({ type: 'record-decision', decision: 'As planned' }, chair, t0);
    c.must(done, socialWorker, after);
    expect(c.current.planActions[0]?.done?.on).toBe('2026-03-24');
    expect(c.current.status).toBe('decided');
  });

  it('a withdrawn case: marking it done is refused as closed', () => {
    const c = raised(plannedPolicy);
    c.must(action, worker, t0);
    c.must({ type: 'withdraw', reason: 'No longer needed' }, worker, t0);
    expect(c.refusal(done, socialWorker, after).code).toBe('case-closed');
  });
});
