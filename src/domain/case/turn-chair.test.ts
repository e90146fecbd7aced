/**
 * "Whose turn, what next, by when" (turn.ts) at the chair's stage: what the case page asks of the
 * chair, the Resolution Panel's members, the partnership team and the sides, under policies
 * shaped like the seeds. Each test names the rule it holds.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from './context.js';
import {
  type CaseHarness,
  fiveStagePolicy,
  workersHold as holders,
  people,
  preEscalationPolicy,
  raised,
  t0,
  variant,
} from './testing.js';
import {
  asActor,
  atChair as atChairStage,
  chairHolders,
  cscDirector,
  head,
  healthDirector,
} from './testing-chair.js';
import { whoseTurn } from './turn.js';

const { worker, socialWorker, chair } = people;
const team: Actor = { personId: 'p-team', role: 'partnership-team', agencyId: null };

/** At the chair's stage of a five-stage policy, held by the chair and the partnership team. */
const atChair = (policy = fiveStagePolicy): CaseHarness =>
  atChairStage(policy, { holders, chair: chairHolders });

function withPanel(): CaseHarness {
  const c = atChair();
  c.must({ type: 'convene-panel', members: [head, cscDirector, healthDirector] }, chair, t0);
  return c;
}

const turn = (c: CaseHarness, actor: Actor) => whoseTurn(c.current, c.policy, actor);

describe('whose turn at the chair’s stage', () => {
  const chairDue = 'by 5pm on Thursday 26 March 2026';

  it('002: the chair may resolve directly or convene a Resolution Panel; the partnership holds the stage, not a side', () => {
    expect(turn(atChair(), chair)).toEqual({
      yours: true,
      side: 'partnership',
      withSides: ['partnership'],
      ask: `Resolve it directly with the senior managers and directors, or convene a Resolution Panel, and record your decision ${chairDue}.`,
    });
  });

  it('a chair who may resolve directly (004) is asked to resolve it and record the decision', () => {
    const c = raised(preEscalationPolicy, { immediateRisk: true }, holders);
    for (let n = 2; n < 4; n++) c.must({ type: 'escalate', reason: 'No' }, worker, t0);
    c.must({ type: 'refer-to-chair', details: 'Over' }, worker, t0, chairHolders);
    expect(turn(c, chair).ask).toBe(
      'Resolve it and record your decision within a timescale that protects the child.',
    );
  });

  it('a chair who must convene a panel to decide is asked to convene one', () => {
    const policy = variant(fiveStagePolicy, {
      finalRoute: { ...fiveStagePolicy.finalRoute, chairMayResolveDirectly: false },
    });
    expect(turn(atChair(policy), chair).ask).toBe(
      `Convene a Resolution Panel and record its decision ${chairDue}.`,
    );
  });

  it('002 2.17: once the panel is convened, the chair records the decision it reaches', () => {
    expect(turn(withPanel(), chair).ask).toBe(
      `The Resolution Panel you convened decides: record the decision it reaches, which each member then agrees ${chairDue}.`,
    );
  });

  it('002 2.17: each member of the panel considers the representations and decides with the others', () => {
    expect(turn(withPanel(), asActor(healthDirector))).toEqual({
      yours: true,
      side: 'partnership',
      withSides: ['partnership'],
      ask: `As a member of the Resolution Panel, consider the representations and decide together; the decision is put to every member to agree ${chairDue}.`,
    });
  });

  it('002 2.18: a proposed decision asks each member who has not agreed it, and tells the chair how many have', () => {
    const c = withPanel();
    c.must(
      { type: 'record-decision', decision: 'A strategy discussion' },
      asActor(healthDirector),
      t0,
    );
    expect(turn(c, chair).ask).toBe(
      `A decision has been put to the Resolution Panel and 1 of 3 members have agreed it: record the agreements members gave at the panel's meeting, or put a different decision to them ${chairDue}.`,
    );
    expect(turn(c, asActor(healthDirector))).toMatchObject({
      yours: false,
      ask: `You have agreed the decision put to the panel. It counts once every member has agreed it ${chairDue}.`,
    });
    expect(turn(c, asActor(cscDirector))).toMatchObject({
      yours: true,
      ask: `A decision has been put to the Resolution Panel: read it and record that you agree it, or tell the chair you do not ${chairDue}.`,
    });
  });

  it('the partnership team puts the case before the chair and records representations', () => {
    expect(turn(atChair(), team)).toEqual({
      yours: true,
      side: 'partnership',
      withSides: ['partnership'],
      ask: `Put the case before the chair, arrange a Resolution Panel if the chair asks for one, and record the representations it receives ${chairDue}.`,
    });
  });

  it('the sides wait for the chair’s decision', () => {
    expect(turn(atChair(), socialWorker)).toEqual({
      yours: false,
      side: 'other',
      withSides: ['partnership'],
      ask: `The chair now decides ${chairDue}. You may be asked for a representation; you will be told the decision.`,
    });
  });
});
