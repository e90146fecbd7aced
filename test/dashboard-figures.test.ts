/**
 * The dashboard's figures against a generated set of cases whose answers are worked out here,
 * from the plan that generated them, not by the code under test. Every case is raised and
 * moved through the real API (Bromley partnership policy, seed 002: stage timescales of 1, 2,
 * 2, 2 and 3 working days) with the clock set for each step: a "quick" step is taken two hours
 * after the stage began (always in time), a "slow" one fourteen days after (always late).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnershipFigures } from '../src/reports/figures.js';
import { customPeriod, presetPeriod } from '../src/reports/period.js';
import type { PersonSummary } from '../src/services/people.js';
import { createTestApp, type TestApp } from './support/app.js';

const NOW = new Date('2026-10-15T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STEP = { quick: 2 * HOUR, slow: 14 * DAY };

type Agency = 'school' | 'gp' | 'health' | 'csc' | 'police';
const AGENCY: Record<Agency, string> = {
  school: 'Hillcrest Primary School',
  gp: 'Elm Road Surgery',
  health: 'South Downs Health NHS Trust (demo)',
  csc: "Bromley Children's Social Care (demo)",
  police: 'Metropolitan Police, Bromley (demo)',
};

interface Plan {
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
}

// prettier-ignore
const PLANS: Plan[] = [
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

let t: TestApp;
const HOURS_BEFORE_NOW_FOR_NEW_CASE = 1;

/** When each stage of a plan began and ended (null: still in it), worked out from the plan. */
function timeline(plan: Plan) {
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

async function api(person: PersonSummary, method: 'GET' | 'POST', url: string, payload?: object) {
  const response = await t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${await t.token(person)}` },
    payload,
  });
  return { status: response.statusCode, body: response.json() };
}

function agencyId(agency: Agency): string {
  return t.people.find((p) => p.agency?.name === AGENCY[agency])?.agency?.id as string;
}

async function generate(plan: Plan) {
  const worker = t.person('frontline', AGENCY[plan.from]);
  const chair = t.people.find(
    (p) => p.role === 'chair' && p.partnership === worker.partnership,
  ) as PersonSummary;
  const { raisedAt, stages, closedAt } = timeline(plan);
  t.clock.now = new Date(raisedAt);
  const raised = await api(worker, 'POST', '/api/v1/cases', {
    children: [{ name: 'Fictional child', childProtectionPlan: false, lookedAfter: false }],
    agencies: plan.against.map(agencyId),
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
    const answer = await api(person, 'POST', `/api/v1/cases/${view.id}/commands`, {
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
      await act(worker, stage.ended, {
        type,
        ...(type === 'escalate'
          ? { reason: 'Not agreed at this stage.' }
          : { details: 'For the attention of the independent chair.' }),
      });
    } else if (plan.end === 'resolve') {
      await act(worker, stage.ended, {
        type: 'resolve',
        outcome: 'Agreed a meeting.',
        actions: ['Meeting booked'],
        agreedBy: [worker.id],
      });
    } else if (plan.end === 'withdraw') {
      await act(worker, stage.ended, { type: 'withdraw', reason: 'Resolved by a new assessment.' });
    } else if (plan.end === 'chair') {
      await act(chair, stage.ended, {
        type: 'record-decision',
        decidedBy: 'chair',
        decision: 'The plan stands; a review meeting within ten days.',
      });
    }
  }
  expect(closedAt === null ? 'open' : 'closed').toBe(view.status === 'open' ? 'open' : 'closed');
}

/** The answers, worked out from the plans alone. */
function expected(plans: Plan[], from: number, to: number) {
  const inPeriod = (ms: number | null) => ms !== null && ms >= from && ms < to;
  const raised = plans.filter((p) => inPeriod(timeline(p).raisedAt));
  const perStage = new Map<
    number,
    { entered: number; late: number; closed: number; inTime: number; days: number[] }
  >();
  for (const plan of plans) {
    for (const s of timeline(plan).stages) {
      if (!inPeriod(s.entered)) continue;
      const entry = perStage.get(s.stage) ?? {
        entered: 0,
        late: 0,
        closed: 0,
        inTime: 0,
        days: [],
      };
      entry.entered += 1;
      if (s.late) entry.late += 1;
      if (s.ended !== null) {
        entry.closed += 1;
        if (!s.late) entry.inTime += 1;
        entry.days.push(Math.round(((s.ended - s.entered) / DAY) * 10) / 10);
      }
      perStage.set(s.stage, entry);
    }
  }
  const nearestRank = (values: number[], p: number) => {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.ceil((p / 100) * sorted.length) - 1];
  };
  const pairs = new Map<string, number>();
  for (const plan of raised) {
    for (const other of plan.against) {
      const key = `${AGENCY[plan.from]} -> ${AGENCY[other]}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
  }
  const categories = new Map<string, number>();
  for (const plan of raised)
    categories.set(plan.category, (categories.get(plan.category) ?? 0) + 1);
  const closedIn = plans.filter((p) => inPeriod(timeline(p).closedAt));
  const outcomes = new Map<string, number>();
  for (const plan of closedIn) {
    const stage = plan.steps.length;
    const key =
      plan.end === 'chair'
        ? 'chair-decision'
        : `${plan.end === 'resolve' ? 'resolved' : 'withdrawn'} ${stage}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }
  return {
    raised: raised.length,
    immediateRisk: raised.filter((p) => p.immediateRisk).length,
    closed: closedIn.length,
    stages: [...perStage.entries()]
      .sort(([a], [b]) => a - b)
      .map(([stage, e]) => ({
        stage,
        entered: e.entered,
        closed: e.closed,
        late: e.late,
        timeliness: e.closed === 0 ? null : e.inTime / e.closed,
        medianDays: nearestRank(e.days, 50),
        p90Days: nearestRank(e.days, 90),
      })),
    pairs: Object.fromEntries(pairs),
    categories: Object.fromEntries(categories),
    outcomes: Object.fromEntries(outcomes),
  };
}

describe('dashboard figures from a generated history with known answers', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    for (const plan of PLANS) await generate(plan);
    t.clock.now = NOW;
  }, 120_000);
  afterAll(async () => t.close());

  const partnership = () => t.person('frontline', AGENCY.school).partnership;
  const scope = async () => {
    const row = await t.store.db
      .selectFrom('partnerships')
      .select('id')
      .where('key', '=', partnership())
      .executeTakeFirst();
    return { partnershipId: row?.id ?? partnership() };
  };

  function actual(figures: Awaited<ReturnType<typeof partnershipFigures>>) {
    return {
      raised: figures.totals.raised,
      immediateRisk: figures.totals.immediateRisk,
      closed: figures.totals.closed,
      stages: figures.stages.map((s) => ({
        stage: s.stage,
        entered: s.entered,
        closed: s.closed,
        late: s.late,
        timeliness: s.timeliness,
        medianDays: s.medianDays,
        p90Days: s.p90Days,
      })),
      pairs: Object.fromEntries(
        figures.agencyPairs.map((p) => [`${p.raisingAgency} -> ${p.otherAgency}`, p.count]),
      ),
      categories: Object.fromEntries(figures.categories.map((c) => [c.category, c.count])),
      outcomes: Object.fromEntries(
        figures.outcomes.map((o) => [
          o.outcome === 'chair-decision' ? o.outcome : `${o.outcome} ${o.stage}`,
          o.count,
        ]),
      ),
    };
  }

  it('last quarter: raised, closed, per stage (late, timeliness, median and p90 days), pairs, categories, outcomes', async () => {
    const period = presetPeriod('last-quarter', NOW);
    expect(period.label).toBe('1 July 2026 to 30 September 2026');
    const figures = await partnershipFigures(t.store.db, await scope(), { period }, NOW);
    expect(actual(figures)).toEqual(
      expected(PLANS, Date.parse(period.from), Date.parse(period.to)),
    );
    // "how many escalations reached stage 3 last quarter": six plans enter stage 3 in July to September
    expect(figures.stages.find((s) => s.stage === 3)?.entered).toBe(6);
  });

  it('open and overdue now, from the open plans', async () => {
    const figures = await partnershipFigures(
      t.store.db,
      await scope(),
      { period: presetPeriod('last-12-months', NOW) },
      NOW,
    );
    const open = PLANS.filter((p) => p.end === 'open');
    const byStage = new Map<number, number>();
    for (const plan of open) {
      const stage = Math.max(plan.steps.length, 1);
      byStage.set(stage, (byStage.get(stage) ?? 0) + 1);
    }
    expect(Object.fromEntries(figures.openByStage.map((s) => [s.stage, s.count]))).toEqual(
      Object.fromEntries(byStage),
    );
    // every open case is overdue but the one raised an hour ago
    expect(figures.overdue.count).toBe(open.length - 1);
    expect(figures.overdue.cases).toHaveLength(open.length - 1);
    const dues = figures.overdue.cases.map((c) => Date.parse(c.dueAt));
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    expect(figures.totals.openNow).toBe(open.length);
  });

  it('raised per month covers every month of the period, empty ones too', async () => {
    const period = customPeriod('2026-05-01', '2026-09-30', NOW);
    const figures = await partnershipFigures(t.store.db, await scope(), { period }, NOW);
    const perMonth = (month: string) =>
      PLANS.filter((p) => p.steps.length > 0 && p.raised.startsWith(month));
    expect(figures.raisedPerMonth.map((m) => [m.month, m.total, m.immediateRisk])).toEqual(
      ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09'].map((m) => [
        m,
        perMonth(m).length,
        perMonth(m).filter((p) => p.immediateRisk).length,
      ]),
    );
  });

  it.each([
    [
      'an agency',
      (p: Plan) => p.from === 'gp' || p.against.includes('gp'),
      { agency: 'gp' as Agency },
    ],
    [
      'a sector',
      (p: Plan) => p.from === 'police' || p.against.includes('police'),
      { sector: 'police' },
    ],
    ['a category', (p: Plan) => p.category === 'levels-of-need', { category: 'levels-of-need' }],
    ['reached stage 3', (p: Plan) => p.steps.length >= 3, { reachedStage: 3 }],
  ] as const)(
    'filtered by %s, every figure counts only the matching cases',
    async (_, keep, filter) => {
      const period = presetPeriod('last-quarter', NOW);
      const filters = {
        period,
        ...('agency' in filter ? { agencyId: agencyId(filter.agency) } : {}),
        ...('sector' in filter ? { sector: filter.sector as never } : {}),
        ...('category' in filter ? { category: filter.category as never } : {}),
        ...('reachedStage' in filter ? { reachedStage: filter.reachedStage } : {}),
      };
      const figures = await partnershipFigures(t.store.db, await scope(), filters, NOW);
      expect(actual(figures)).toEqual(
        expected(PLANS.filter(keep), Date.parse(period.from), Date.parse(period.to)),
      );
    },
  );

  it('another partnership sees none of these cases', async () => {
    const other = t.person('frontline', 'Bayview Academy').partnership;
    const row = await t.store.db
      .selectFrom('partnerships')
      .select('id')
      .where('key', '=', other)
      .executeTakeFirst();
    const figures = await partnershipFigures(
      t.store.db,
      { partnershipId: row?.id ?? other },
      { period: presetPeriod('last-12-months', NOW) },
      NOW,
    );
    expect(figures.totals).toEqual({
      openNow: 0,
      overdueNow: 0,
      raised: 0,
      closed: 0,
      immediateRisk: 0,
      lateStages: 0,
    });
  });
});
