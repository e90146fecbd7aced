/**
 * A generated history of cases whose answers are known from its plan: every case raised and
 * moved through the real API (Bromley partnership policy, seed 002: stage timescales of 1, 2,
 * 2, 2 and 3 working days) with the clock set for each step. A "quick" step is taken two
 * hours after the stage began (always in time), a "slow" one fourteen days after (always late).
 */
import { expect } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import type { TestApp } from './app.js';
import { agreedByBoth, raisingHolder } from './sides.js';

export const NOW = new Date('2026-10-15T12:00:00.000Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const STEP = { quick: 2 * HOUR, slow: 14 * DAY };

export type Agency = 'school' | 'gp' | 'health' | 'csc' | 'police';
export const AGENCY: Record<Agency, string> = {
  school: 'Hillcrest Primary School',
  gp: 'Elm Road Surgery',
  health: 'South Downs Health NHS Trust (demo)',
  csc: "Bromley Children's Social Care (demo)",
  police: 'Metropolitan Police, Bromley (demo)',
};

export interface Plan {
  /** a weekday; raised at 09:00 UTC */
  raised: string;
  from: Agency;
  against: Agency[];
  category: string;
  immediateRisk?: boolean;
  /** how long each stage took before the case left it (the last one: before it closed) */
  steps: ('quick' | 'slow')[];
  /** how it ends after the last step; `open`: still in the stage after the last step */
  end: 'resolve' | 'withdraw' | 'chair' | 'open';
  /** learning for the partnership, recorded with the resolution or decision */
  learning?: string;
}

export const PLANS: Plan[] = [
  // before the quarter (June): closed in June, and one closed in July
  {
    raised: '2026-06-01',
    from: 'school',
    against: ['csc'],
    category: 'levels-of-need',
    steps: ['quick'],
    end: 'resolve',
  },
  {
    raised: '2026-06-22',
    from: 'gp',
    against: ['police'],
    category: 'communication',
    steps: ['slow', 'quick'],
    end: 'resolve',
  },
  // in the quarter (1 July to 30 September 2026)
  {
    raised: '2026-07-01',
    from: 'school',
    against: ['csc'],
    category: 'levels-of-need',
    steps: ['quick'],
    end: 'resolve',
  },
  {
    raised: '2026-07-02',
    from: 'school',
    against: ['csc'],
    category: 'levels-of-need',
    steps: ['slow'],
    end: 'resolve',
  },
  {
    raised: '2026-07-06',
    from: 'school',
    against: ['csc', 'police'],
    category: 'need-for-action',
    immediateRisk: true,
    steps: ['quick', 'quick', 'slow'],
    end: 'resolve',
    learning: 'Strategy discussions need the police there from the start.',
  },
  {
    raised: '2026-07-08',
    from: 'gp',
    against: ['csc'],
    category: 'roles-and-responsibilities',
    steps: ['slow', 'slow', 'quick'],
    end: 'resolve',
  },
  {
    raised: '2026-07-13',
    from: 'gp',
    against: ['police'],
    category: 'communication',
    steps: ['quick', 'quick', 'quick', 'quick', 'slow'],
    end: 'chair',
  },
  {
    raised: '2026-07-20',
    from: 'health',
    against: ['csc'],
    category: 'progressing-plans',
    steps: ['quick'],
    end: 'withdraw',
  },
  {
    raised: '2026-08-03',
    from: 'health',
    against: ['police'],
    category: 'levels-of-need',
    steps: ['slow', 'quick', 'slow'],
    end: 'open',
  },
  {
    raised: '2026-08-05',
    from: 'school',
    against: ['health'],
    category: 'communication',
    steps: ['quick', 'slow'],
    end: 'resolve',
  },
  {
    raised: '2026-08-12',
    from: 'school',
    against: ['csc'],
    category: 'levels-of-need',
    immediateRisk: true,
    steps: ['slow'],
    end: 'open',
  },
  {
    raised: '2026-08-19',
    from: 'gp',
    against: ['csc', 'health'],
    category: 'need-for-action',
    steps: ['quick', 'quick'],
    end: 'withdraw',
  },
  {
    raised: '2026-09-01',
    from: 'school',
    against: ['csc'],
    category: 'roles-and-responsibilities',
    steps: ['quick', 'quick', 'quick'],
    end: 'resolve',
  },
  {
    raised: '2026-09-09',
    from: 'health',
    against: ['csc'],
    category: 'levels-of-need',
    steps: ['quick', 'quick', 'quick', 'quick', 'quick'],
    end: 'chair',
    learning: 'Threshold guidance for health visitors is to be refreshed.',
  },
  {
    raised: '2026-09-16',
    from: 'gp',
    against: ['police'],
    category: 'progressing-plans',
    steps: ['slow', 'quick'],
    end: 'open',
  },
  {
    raised: '2026-09-29',
    from: 'school',
    against: ['police'],
    category: 'other',
    steps: ['quick'],
    end: 'resolve',
  },
  // after the quarter: one closed, one open and not yet due
  {
    raised: '2026-10-05',
    from: 'health',
    against: ['police'],
    category: 'communication',
    steps: ['quick'],
    end: 'resolve',
  },
  {
    raised: '2026-10-15',
    from: 'school',
    against: ['csc'],
    category: 'levels-of-need',
    steps: [],
    end: 'open',
  },
];

const HOURS_BEFORE_NOW_FOR_NEW_CASE = 1;

/** When each stage of a plan began and ended (null: still in it), worked out from the plan. */
export function timeline(plan: Plan) {
  const raisedAt =
    plan.steps.length === 0
      ? NOW.getTime() - HOURS_BEFORE_NOW_FOR_NEW_CASE * HOUR
      : Date.parse(`${plan.raised}T09:00:00.000Z`);
  const stages: { stage: number; entered: number; ended: number | null; late: boolean }[] = [];
  let at = raisedAt;
  plan.steps.forEach((step, i) => {
    if (plan.end === 'open' && i === plan.steps.length - 1) {
      // still in this stage now, long past its due time
      stages.push({ stage: i + 1, entered: at, ended: null, late: true });
      return;
    }
    stages.push({ stage: i + 1, entered: at, ended: at + STEP[step], late: step === 'slow' });
    at += STEP[step];
  });
  if (plan.steps.length === 0) stages.push({ stage: 1, entered: at, ended: null, late: false });
  const closedAt = plan.end === 'open' ? null : at;
  return { raisedAt, stages, closedAt };
}

async function api(
  t: TestApp,
  person: PersonSummary,
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
) {
  const response = await t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${await t.token(person)}` },
    payload,
  });
  return { status: response.statusCode, body: response.json() };
}

export function agencyId(t: TestApp, agency: Agency): string {
  return t.people.find((p) => p.agency?.name === AGENCY[agency])?.agency?.id as string;
}

async function generate(t: TestApp, plan: Plan) {
  const worker = t.person('frontline', AGENCY[plan.from]);
  const chair = t.people.find(
    (p) => p.role === 'chair' && p.partnership === worker.partnership,
  ) as PersonSummary;
  const { raisedAt, stages, closedAt } = timeline(plan);
  t.clock.now = new Date(raisedAt);
  const raised = await api(t, worker, 'POST', '/api/v1/cases', {
    children: [{ name: 'Fictional child', childProtectionPlan: false, lookedAfter: false }],
    agencies: plan.against.map((a) => agencyId(t, a)),
    category: plan.category,
    disagreement: 'The plan for the child is not being followed.',
    evidence: { nature: 'Observed at the setting', source: 'Staff records' },
    actionsToDate: 'Phoned the allocated worker.',
    outcomeSought: 'A meeting to agree the plan.',
    immediateRisk: plan.immediateRisk ?? false,
  });
  expect(raised.status, JSON.stringify(raised.body)).toBe(201);
  let view = raised.body;
  const act = async (person: PersonSummary, at: number, body: object) => {
    t.clock.now = new Date(at);
    const answer = await api(t, person, 'POST', `/api/v1/cases/${view.id}/commands`, {
      expectedVersion: view.version,
      ...body,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    view = answer.body;
  };
  for (const [i, stage] of stages.entries()) {
    if (stage.ended === null) break;
    const last = i === stages.length - 1;
    if (!last) {
      const type = stage.stage === 4 ? 'refer-to-chair' : 'escalate';
      // whoever holds the stage for the raising side moves it on
      const holder = t.people.find((p) => p.id === raisingHolder(view, worker.id)) ?? worker;
      await act(holder, stage.ended, {
        type,
        ...(type === 'escalate'
          ? { reason: 'Not agreed at this stage.' }
          : {
              details: 'For the attention of the independent chair.',
              // 002 2.15: after the agencies' Board members have been involved
              boardMembersEngaged: 'Both agencies’ Board members met the directors first.',
            }),
      });
    } else if (plan.end === 'resolve') {
      const holder = t.people.find((p) => p.id === raisingHolder(view, worker.id)) ?? worker;
      await act(holder, stage.ended, {
        type: 'resolve',
        outcome: 'Agreed a meeting.',
        actions: ['Meeting booked'],
        agreedBy: agreedByBoth(view),
        ...(plan.learning ? { learning: plan.learning } : {}),
      });
    } else if (plan.end === 'withdraw') {
      await act(worker, stage.ended, { type: 'withdraw', reason: 'Resolved by a new assessment.' });
    } else if (plan.end === 'chair') {
      await act(chair, stage.ended, {
        type: 'record-decision',
        decidedBy: 'chair',
        decision: 'The plan stands; a review meeting within ten days.',
        ...(plan.learning ? { learning: plan.learning } : {}),
      });
    }
  }
  expect(closedAt === null ? 'open' : 'closed').toBe(view.status === 'open' ? 'open' : 'closed');
}

/** The answers, worked out from the plans alone. */
/** Raises and moves every planned case, then sets the clock to NOW. */
export async function generateHistory(t: TestApp, plans: Plan[] = PLANS): Promise<void> {
  for (const plan of plans) await generate(t, plan);
  t.clock.now = NOW;
}
