import { Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import { preset } from '../../policies/testing.js';
import { calendarFor } from '../calendar/index.js';
import { Policy } from '../policy/schema.js';
import { formatDue, nextStep } from './next-step.js';
import {
  bothAgreed,
  CaseHarness,
  consultFirstPolicy,
  fiveStagePolicy,
  people,
  raiseInput,
} from './testing.js';

const calendar = calendarFor('england-and-wales');

describe('formatDue', () => {
  it('says the time and day in Europe/London', () => {
    expect(formatDue('2026-03-30T17:00:00+01:00')).toBe('5pm on Monday 30 March 2026');
    expect(formatDue('2026-01-05T17:30:00Z')).toBe('5:30pm on Monday 5 January 2026');
    expect(formatDue('2026-06-01T08:15:00Z')).toBe('9:15am on Monday 1 June 2026');
  });

  it('says it in English whatever the server’s own locale', () => {
    const serverLocale = Settings.defaultLocale;
    Settings.defaultLocale = 'fr-FR';
    try {
      expect(formatDue('2026-07-14T13:45:00Z')).toBe('2:45pm on Tuesday 14 July 2026');
    } finally {
      Settings.defaultLocale = serverLocale;
    }
  });
});

describe('nextStep', () => {
  const c = new CaseHarness(fiveStagePolicy, calendar);
  c.must(raiseInput(), people.worker, '2026-03-23T10:00:00Z');

  it('says what stage 1 asks and where the case goes next', () => {
    expect(nextStep(c.current, fiveStagePolicy, '2026-03-23T11:00:00Z')).toEqual({
      text: 'The people who disagree discuss the problem. If it is not resolved by 5pm on Tuesday 24 March 2026, escalate to stage 2: Manager to manager.',
      dueAt: '2026-03-24T17:00:00+00:00',
      overdue: false,
    });
  });

  it('says when the stage is overdue', () => {
    const step = nextStep(c.current, fiveStagePolicy, '2026-03-25T09:00:00Z');
    expect(step.overdue).toBe(true);
    expect(step.text).toMatch(/^Overdue\. The people who disagree/);
  });

  it("at the chair's stage, says what the chair does and that the decision binds", () => {
    const d = new CaseHarness(fiveStagePolicy, calendar);
    d.must(raiseInput(), people.worker, '2026-03-23T10:00:00Z');
    for (const _ of [1, 2, 3])
      d.must({ type: 'escalate', reason: 'r' }, people.manager, '2026-03-23T11:00:00Z');
    d.must({ type: 'refer-to-chair', details: 'd' }, people.manager, '2026-03-23T12:00:00Z');
    expect(nextStep(d.current, fiveStagePolicy, '2026-03-23T13:00:00Z').text).toBe(
      'The chair resolves it directly or convenes a Resolution Panel, then records the decision. The decision is final and binding. Due by 5pm on Thursday 26 March 2026.',
    );
  });

  it('says nothing more is due once withdrawn', () => {
    const d = new CaseHarness(fiveStagePolicy, calendar);
    d.must(raiseInput(), people.worker, '2026-03-23T10:00:00Z');
    d.must({ type: 'withdraw', reason: 'r' }, people.worker, '2026-03-23T11:00:00Z');
    expect(nextStep(d.current, fiveStagePolicy, '2030-01-01T00:00:00Z')).toEqual({
      text: 'Withdrawn at stage 1: Professional to professional. Nothing more is due unless the case is reopened.',
      dueAt: null,
      overdue: false,
    });
  });
});

describe('nextStep at each point of the procedure', () => {
  const t0 = '2026-03-23T10:00:00Z';
  const holders = { raising: ['p-worker'], other: ['p-social-worker'] };
  const head = { personId: 'p-head', agencyId: 'a-school', boardMember: true };
  const members = [
    head,
    { personId: 'p-csc-director', agencyId: 'a-csc', boardMember: true },
    { personId: 'p-health-director', agencyId: 'a-health', boardMember: true },
  ];
  const text = (d: CaseHarness) => nextStep(d.current, d.policy, t0).text;
  function raised(policy: Policy = fiveStagePolicy, over = {}) {
    const d = new CaseHarness(policy, calendar);
    d.must(raiseInput(over), people.worker, t0, holders);
    return d;
  }
  function atChair(policy: Policy = fiveStagePolicy) {
    const d = raised(policy);
    for (const _ of [1, 2, 3]) d.must({ type: 'escalate', reason: 'r' }, people.manager, t0);
    d.must({ type: 'refer-to-chair', details: 'd' }, people.manager, t0);
    return d;
  }
  const withRoute = (route: Partial<Policy['finalRoute']>) =>
    Policy.parse({ ...fiveStagePolicy, finalRoute: { ...fiveStagePolicy.finalRoute, ...route } });

  it('is due exactly at its due time, not overdue until after it', () => {
    const d = raised();
    expect(nextStep(d.current, d.policy, '2026-03-24T17:00:00Z').overdue).toBe(false);
    expect(nextStep(d.current, d.policy, '2026-03-24T17:00:01Z').overdue).toBe(true);
  });

  it('at the stage before the chair’s, says to refer it to the chair, naming the stage', () => {
    const d = raised();
    for (const _ of [1, 2, 3]) d.must({ type: 'escalate', reason: 'r' }, people.manager, t0);
    expect(text(d)).toBe(
      'Director to director: discuss the disagreement. If it is not resolved by 5pm on Wednesday 25 March 2026, refer it to the chair (stage 5: Resolution by the partnership chair).',
    );
  });

  it('003: before stage 1, the consultation, with no due time', () => {
    expect(text(raised(consultFirstPolicy))).toBe(
      'Consult a supervisor or manager to identify the problem. When the consultation is recorded, the case moves to stage 1: Professional to professional.',
    );
    const d = raised(consultFirstPolicy);
    d.must(
      {
        type: 'set-child-protective-deadline',
        deadline: '2026-03-25T12:00:00Z',
        reason: 'Strategy meeting',
      },
      people.worker,
      t0,
    );
    expect(text(d)).toMatch(
      /stage 1: Professional to professional\. Record it by 12pm on Wednesday 25 March 2026\.$/,
    );
  });

  it('004: the pre-escalation discussion with the other agency, before and after it is recorded', () => {
    const d = raised(preset('bscb-partnership'));
    expect(text(d)).toMatch(
      /Record the discussion with the other agency, then resolve the disagreement if it settled it, or escalate to stage 1: Senior staff\.$/,
    );
    d.must(
      {
        type: 'record-consultation',
        with: { personId: 'p-social-worker', role: 'frontline', agencyId: 'a-csc' },
        answers: {},
        summary: 'Talked',
      },
      people.worker,
      t0,
    );
    expect(text(d)).toMatch(
      / The discussion has been recorded: resolve the disagreement if it settled it, or escalate to stage 1: Senior staff\.$/,
    );
  });

  it('at the chair’s stage, follows the panel: convened, a decision put to it', () => {
    const d = atChair();
    d.must({ type: 'convene-panel', members }, people.chair, t0);
    expect(text(d)).toBe(
      'The Resolution Panel receives representations and decides; the chair records the decision. The decision is final and binding. Due by 5pm on Thursday 26 March 2026.',
    );
    d.must({ type: 'record-decision', decision: 'Meet' }, { ...head, role: 'director' }, t0);
    expect(text(d)).toMatch(
      /^A decision has been put to the Resolution Panel: 1 of 3 members have agreed it\. It counts once every member has\. The decision/,
    );
  });

  it('a panel that receives no representations decides; the chair records it', () => {
    const route = fiveStagePolicy.finalRoute;
    const d = atChair(
      withRoute({ panel: route.panel && { ...route.panel, receivesRepresentations: false } }),
    );
    d.must({ type: 'convene-panel', members }, people.chair, t0);
    expect(text(d)).toMatch(/^The Resolution Panel decides; the chair records the decision\./);
  });

  it('the chair’s route as the policy sets it: a panel only, or no panel; binding or not', () => {
    expect(text(atChair(withRoute({ chairMayResolveDirectly: false })))).toMatch(
      /^The chair convenes a Resolution Panel, which decides\. The decision is final/,
    );
    expect(text(atChair(withRoute({ panel: undefined, decisionBinding: false })))).toBe(
      'The chair resolves it and records the decision. Due by 5pm on Thursday 26 March 2026.',
    );
  });

  it('003: at a chair’s stage with no timescale, says no due time', () => {
    const untimed = Policy.parse({
      ...withRoute({ panel: undefined, decisionBinding: false }),
      stages: fiveStagePolicy.stages.map((st) =>
        st.key === 'chair' ? { ...st, timescale: undefined } : st,
      ),
    });
    expect(text(atChair(untimed))).toBe('The chair resolves it and records the decision.');
  });

  it('once closed: resolved, or decided (binding or not)', () => {
    const r = raised();
    r.must({ type: 'resolve', outcome: 'Agreed', agreedBy: bothAgreed }, people.manager, t0);
    expect(text(r)).toBe(
      "Resolved at stage 1: Professional to professional. Record the agreed actions on the child's file. Nothing more is due unless the case is reopened.",
    );
    const binding = atChair();
    binding.must({ type: 'record-decision', decision: 'd' }, people.chair, t0);
    expect(text(binding)).toBe(
      "Decided. The chair's decision is final and binding: record it on the child's file.",
    );
    const open = atChair(withRoute({ decisionBinding: false }));
    open.must({ type: 'record-decision', decision: 'd' }, people.chair, t0);
    expect(text(open)).toBe(
      "Decided. Record the decision on the child's file; the case may be reopened if it is not carried out.",
    );
  });
});
