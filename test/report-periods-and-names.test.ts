/**
 * Issue 17, dashboard and reports: stage names come from each case's own policy version (a
 * pre-school's local stage 2 is not the partnership's), a period counts its whole last day in
 * UK time and nothing after it, shares print as percentages, and every download has its own
 * file name. Cases are raised and moved through the API with the clock set (fictional people).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnershipFigures } from '../src/reports/figures/index.js';
import { customPeriod, presetPeriod } from '../src/reports/period.js';
import type { PersonSummary } from '../src/services/people.js';
import { Agent, givePasswords } from './pages/agent.js';
import { createTestApp, type TestApp } from './support/app.js';
import { agreedByBoth, raisingHolder } from './support/sides.js';

let t: TestApp;
let partnershipId: string;

const SCHOOL = 'Hillcrest Primary School';
const PRESCHOOL = 'Acorn Lane Pre-school';
const CSC = "Bromley Children's Social Care (demo)";

interface View {
  id: string;
  reference: string;
  version: number;
  raisingAgencyId: string;
  otherAgencyIds: string[];
  stage: { number: number; name: string; holders: { raising: string[]; other: string[] } };
}

async function api(person: PersonSummary, url: string, payload: object) {
  const response = await t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${await t.token(person)}` },
    payload,
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json() as View;
}

const agencyId = (name: string) => t.people.find((p) => p.agency?.name === name)?.agency?.id;

async function raise(from: string, at: string): Promise<{ view: View; worker: PersonSummary }> {
  t.clock.now = new Date(at);
  const worker = t.person('frontline', from);
  const view = await api(worker, '/api/v1/cases', {
    children: [{ name: 'Fictional child', childProtectionPlan: false, lookedAfter: false }],
    agencies: [agencyId(CSC)],
    category: 'levels-of-need',
    disagreement: 'The plan for the child is not being followed.',
    evidence: { nature: 'Observed at the setting', source: 'Staff records' },
    actionsToDate: 'Phoned the allocated worker.',
    outcomeSought: 'A meeting to agree the plan.',
    immediateRisk: false,
  });
  return { view, worker };
}

async function command(person: PersonSummary, view: View, at: string, body: object) {
  t.clock.now = new Date(at);
  return api(person, `/api/v1/cases/${view.id}/commands`, {
    expectedVersion: view.version,
    ...body,
  });
}

const holder = (view: View, worker: PersonSummary) =>
  t.people.find((p) => p.id === raisingHolder(view, worker.id)) ?? worker;

/** Raised, escalated to stage 2 a day later, resolved there the day after. */
async function resolvedAtStage2(from: string, raisedAt: string): Promise<View> {
  const { view, worker } = await raise(from, raisedAt);
  const day = (n: number) => new Date(Date.parse(raisedAt) + n * 86_400_000).toISOString();
  const escalated = await command(holder(view, worker), view, day(1), {
    type: 'escalate',
    reason: 'Not agreed at this stage.',
  });
  expect(escalated.stage.number).toBe(2);
  await command(holder(escalated, worker), escalated, day(2), {
    type: 'resolve',
    outcome: 'Agreed a meeting.',
    actions: ['Meeting booked'],
    agreedBy: agreedByBoth(escalated),
  });
  return escalated;
}

const NOW = new Date('2026-12-04T15:00:00.000Z');
const stage2 = new Map<string, string>();
let schoolCase: View;

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  await givePasswords(t.store, t.people);
  for (const from of [SCHOOL, PRESCHOOL]) {
    const at2 = await resolvedAtStage2(from, '2026-10-05T09:00:00.000Z');
    stage2.set(from, at2.stage.name);
    if (from === SCHOOL) schoolCase = at2;
  }
  // the period's edges, in British Summer Time: 23:30 on 31 July is 22:30 UTC, 00:30 on
  // 1 August is still 31 July in UTC
  await raise(SCHOOL, '2026-07-31T22:30:00.000Z');
  await raise(SCHOOL, '2026-07-31T23:30:00.000Z');
  // and in winter: 23:30 on 3 December, and this morning (4 December)
  await raise(SCHOOL, '2026-12-03T23:30:00.000Z');
  await raise(SCHOOL, '2026-12-04T10:00:00.000Z');
  t.clock.now = NOW;
  const row = await t.store.db
    .selectFrom('partnerships')
    .select('id')
    .where('key', '=', t.person('frontline', SCHOOL).partnership)
    .executeTakeFirstOrThrow();
  partnershipId = row.id;
}, 120_000);
afterAll(async () => t?.close());

describe('stage names from each case’s own policy version', () => {
  it('the two policies name stage 2 differently (the premise of these tests)', () => {
    expect(stage2.get(SCHOOL)).toBeTruthy();
    expect(stage2.get(PRESCHOOL)).toBeTruthy();
    expect(stage2.get(SCHOOL)).not.toBe(stage2.get(PRESCHOOL));
  });

  it.each([
    ['through the roll-ups', false],
    ['counted directly', true],
  ])('"Resolved at stage 2" is counted and named per policy (%s)', async (_, direct) => {
    const figures = await partnershipFigures(
      t.store.db,
      { partnershipId },
      { period: customPeriod('2026-10-01', '2026-10-31', NOW) },
      NOW,
      { direct },
    );
    expect(figures.outcomes.map((o) => [o.label, o.count]).sort()).toEqual(
      [
        [`Resolved at stage 2 (${stage2.get(SCHOOL)})`, 1],
        [`Resolved at stage 2 (${stage2.get(PRESCHOOL)})`, 1],
      ].sort(),
    );
    const atStage2 = figures.stages.filter((s) => s.stage === 2);
    expect(atStage2.map((s) => [s.name, s.entered]).sort()).toEqual(
      [
        [stage2.get(SCHOOL), 1],
        [stage2.get(PRESCHOOL), 1],
      ].sort(),
    );
  });
});

describe('a period counts its whole last day (UK time) and nothing after', () => {
  it('a custom period ending on a summer day', async () => {
    const period = customPeriod('2026-07-01', '2026-07-31', NOW);
    const figures = await partnershipFigures(t.store.db, { partnershipId }, { period }, NOW);
    // 23:30 on 31 July counts; 00:30 on 1 August (31 July in UTC) does not
    expect(figures.totals.raised).toBe(1);
  });

  it('the last 12 months end today, and say so', async () => {
    const period = presetPeriod('last-12-months', NOW);
    expect(period.label).toBe('1 December 2025 to 4 December 2026');
    expect(period.lastDay).toBe('2026-12-04');
    const figures = await partnershipFigures(t.store.db, { partnershipId }, { period }, NOW);
    expect(figures.raisedPerMonth.at(-1)).toMatchObject({ month: '2026-12', total: 2 });
  });

  it('a period ending yesterday does not count this morning’s case', async () => {
    const period = customPeriod('2026-12-01', '2026-12-03', NOW);
    expect(period.label).toBe('1 December 2026 to 3 December 2026');
    const figures = await partnershipFigures(t.store.db, { partnershipId }, { period }, NOW);
    expect(figures.totals.raised).toBe(1);
  });
});

describe('downloads', () => {
  const agents = new Map<string, Agent>();
  async function download(person: PersonSummary, url: string) {
    let agent = agents.get(person.id);
    if (!agent) {
      agent = new Agent(t.app);
      await agent.signIn(person);
      agents.set(person.id, agent);
    }
    return t.app.inject({ method: 'GET', url, headers: { cookie: agent.cookie ?? '' } });
  }
  const team = () =>
    t.people.find(
      (p) =>
        p.role === 'partnership-team' &&
        p.partnership === t.person('frontline', SCHOOL).partnership,
    ) as PersonSummary;

  it('shares print as percentages in the CSV, not as long fractions', async () => {
    const answer = await download(
      team(),
      '/partnership/tables/stages.csv?period=custom&from=2026-10-01&to=2026-10-31',
    );
    expect(answer.statusCode).toBe(200);
    const [header, ...rows] = answer.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toContain('Within timescale (%)');
    for (const row of rows) expect(row).not.toMatch(/\d\.\d{3,}/);
  });

  it('every download has its own name, saying what and for when', async () => {
    const name = async (url: string) =>
      /filename="([^"]+)"/.exec(
        String((await download(team(), url)).headers['content-disposition']),
      )?.[1];
    const q = '?period=custom&from=2026-10-01&to=2026-10-31';
    const names = [
      await name(`/partnership/cases.csv${q}`),
      await name(`/partnership/cases.csv${q}&children=include`),
      await name(`/partnership/tables/stages.csv${q}`),
      await name(`/partnership/tables/outcomes.csv${q}`),
      await name(`/partnership/report.pdf${q}`),
    ];
    expect(names).toEqual([
      'escalate-cases-2026-10-01-to-2026-10-31.csv',
      'escalate-cases-with-children-2026-10-01-to-2026-10-31.csv',
      'escalate-stages-2026-10-01-to-2026-10-31.csv',
      'escalate-outcomes-2026-10-01-to-2026-10-31.csv',
      'escalate-board-report-2026-10-01-to-2026-10-31.pdf',
    ]);
    // the case record: its reference, never a child's name
    const raiser = t.person('frontline', SCHOOL);
    const record = await download(raiser, `/cases/${schoolCase.id}/record.pdf`);
    expect(record.statusCode).toBe(200);
    expect(record.headers['content-disposition']).toBe(
      `attachment; filename="escalate-case-${schoolCase.reference}.pdf"`,
    );
  });
});
