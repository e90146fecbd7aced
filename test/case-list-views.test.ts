/**
 * The team view (/cases/team), the partnership view (/cases/all), the link to them from My
 * cases, and GET /api/v1/cases's filters and pages, on the database DATABASE_URL names. The
 * fixture is the demo's fictional Bromley history (thirty cases, two long overdue), thirty more
 * raised by a school worker (so the partnership's list has two pages), and two Torbay cases.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoHistory } from '../src/demo/history.js';
import { CASES_PER_PAGE, currentHolders, holderIds } from '../src/services/case-lists.js';
import { raiseCase } from '../src/services/cases/index.js';
import { type CaseListFilters, listCases } from '../src/services/list-cases.js';
import { type Actor, actorById, type PersonSummary } from '../src/services/people.js';
import { Agent, errorSummary, givePasswords } from './pages/agent.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
const NOW = new Date('2026-10-15T12:00:00.000Z');
const agents = new Map<string, Agent>();

const raiseBody = (agencyId: string, category = 'communication') => ({
  type: 'raise' as const,
  children: [
    {
      name: 'Child Q (fictional)',
      childProtectionPlan: false,
      lookedAfter: false,
      childInNeed: false,
    },
  ],
  agencies: [agencyId],
  category: category as 'communication',
  disagreement: 'The school believes an assessment is needed; social care closed the referral.',
  evidence: { nature: 'Concerns seen by staff', source: 'Class teacher records' },
  actionsToDate: 'Telephoned the duty social worker.',
  outcomeSought: 'An assessment.',
  immediateRisk: false,
});

async function agentFor(person: PersonSummary): Promise<Agent> {
  const known = agents.get(person.id);
  if (known) return known;
  const agent = new Agent(t.app, `10.1.0.${agents.size + 1}`);
  expect((await agent.signIn(person)).location).toBe('/cases');
  agents.set(person.id, agent);
  return agent;
}

const inPartnership = (key: string, role: string) =>
  t.people.find((p) => p.partnership === key && p.role === role && !p.agency) as PersonSummary;
const actorOf = async (person: PersonSummary) => (await actorById(t.store.db, person.id)) as Actor;
const casesOn = (body: string) =>
  [...body.matchAll(/href="\/cases\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

/** The partnership's cases as one query, sorted in SQL: what every page must add up to. */
async function reference(partnershipKey: string, filters: CaseListFilters) {
  let query = t.store.db
    .selectFrom('cases')
    .innerJoin('partnerships', 'partnerships.id', 'cases.partnership_id')
    .select('cases.id')
    .where('partnerships.key', '=', partnershipKey);
  if (filters.status) query = query.where('cases.status', '=', filters.status);
  if (filters.stage !== undefined) query = query.where('cases.stage_number', '=', filters.stage);
  if (filters.category) query = query.where('cases.category', '=', filters.category);
  if (filters.agency) {
    const agency = filters.agency;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('case_agencies')
          .select('case_agencies.case_id')
          .whereRef('case_agencies.case_id', '=', 'cases.id')
          .where('case_agencies.agency_id', '=', agency),
      ),
    );
  }
  if (filters.overdue === true)
    query = query
      .where('cases.status', '=', 'open')
      .where('cases.due_at_utc', '<', NOW.toISOString());
  if (filters.overdue === false) {
    query = query.where((eb) =>
      eb.or([eb('cases.due_at_utc', 'is', null), eb('cases.due_at_utc', '>=', NOW.toISOString())]),
    );
  }
  const rows = await query
    .orderBy(sql`case when cases.due_at_utc is null then 1 else 0 end`)
    .orderBy('cases.due_at_utc')
    .orderBy('cases.raised_at', 'desc')
    .orderBy('cases.id')
    .execute();
  return rows.map((r) => r.id);
}

let csc: PersonSummary;
let school: PersonSummary;
let overdueCase: { id: string; reference: string; raisedBy: string };
const torbay: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  await loadDemoHistory(t.store.db, NOW);
  const deps = { db: t.store.db, now: () => t.clock.now };
  school = t.person('frontline', 'Hillcrest');
  csc = t.person('frontline', "Bromley Children's Social Care");
  const teacher = await actorOf(school);
  const police = t.person('frontline', 'Metropolitan Police, Bromley');
  for (let i = 0; i < 30; i++) {
    t.clock.now = new Date(NOW.getTime() - (i + 1) * 3_600_000);
    const against = i % 3 === 0 ? police : csc;
    await raiseCase(
      deps,
      teacher,
      raiseBody(against.agency?.id as string, i % 2 ? 'other' : 'communication'),
      'api',
    );
  }
  const bayview = await actorOf(t.person('frontline', 'Bayview Academy'));
  const torbayCsc = t.person('frontline', "Torbay Children's Services");
  for (let i = 0; i < 2; i++) {
    torbay.push(
      (await raiseCase(deps, bayview, raiseBody(torbayCsc.agency?.id as string), 'api')).id,
    );
  }
  t.clock.now = NOW;
  const overdue = await t.store.db
    .selectFrom('cases')
    .select(['id', 'reference', 'raised_by_id'])
    .where('status', '=', 'open')
    .where('due_at_utc', '<', NOW.toISOString())
    .orderBy('due_at_utc')
    .executeTakeFirstOrThrow();
  overdueCase = { id: overdue.id, reference: overdue.reference, raisedBy: overdue.raised_by_id };
  await givePasswords(t.store, t.people);
}, 300_000);
afterAll(async () => t.close());

describe(`the case lists on ${process.env.DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}`, () => {
  it("shows a manager their report's overdue case, overdue first, and links it from My cases", async () => {
    const raiser = t.people.find((p) => p.id === overdueCase.raisedBy) as PersonSummary;
    const line = await t.store.db
      .selectFrom('people')
      .select('line_manager_id')
      .where('id', '=', raiser.id)
      .executeTakeFirstOrThrow();
    const manager = t.people.find((p) => p.id === line.line_manager_id) as PersonSummary;
    expect(manager.role).toBe('manager');
    const agent = await agentFor(manager);
    const team = await agent.get('/cases/team');
    expect(team.status).toBe(200);
    expect(team.body).toContain(overdueCase.reference);
    // overdue first: the first row is an overdue one
    const firstRow = team.body.slice(
      team.body.indexOf('<tbody'),
      team.body.indexOf('</tr>', team.body.indexOf('<tbody')),
    );
    expect(firstRow).toContain('Overdue');
    expect(team.body).toContain('Held by');
    // every listed case is one they may see, and only open ones
    const listed = casesOn(team.body);
    const visible = (
      await listCases({ db: t.store.db, now: () => NOW }, await actorOf(manager), {
        status: 'open',
      })
    ).map((c) => c.id);
    expect(listed.sort()).toEqual([...new Set(visible)].sort());
    const mine = await agent.get('/cases');
    expect(mine.body).toMatch(/href="\/cases\/team">Your team's cases<\/a> \([1-9]\d* overdue\)/);
    expect(mine.body).toContain('href="/cases/team"');
  });

  it('lists a case on My cases as overdue for everyone holding it now, on either side', async () => {
    const holders = (await currentHolders(t.store.db, [overdueCase.id])).get(overdueCase.id);
    const ids = holderIds(holders);
    expect(ids.length).toBeGreaterThan(1);
    for (const id of ids) {
      const mine = await (await agentFor(t.people.find((p) => p.id === id) as PersonSummary)).get(
        '/cases',
      );
      const overdue = mine.body.slice(
        mine.body.indexOf('id="overdue"'),
        mine.body.indexOf('id="due-next"'),
      );
      expect(overdue).toContain(overdueCase.reference);
      expect(overdue).not.toContain('Overdue (0)');
    }
    // the chair's stage's holders (the chair, panel members, the partnership team) count too
    expect(holderIds({ raising: ['a'], other: ['b'], partnership: ['c'] })).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(holderIds({ raising: ['a'], other: [] })).toEqual(['a']);
  });

  it("shows a DSL their agency's open cases", async () => {
    const dsl = t.person('dsl', "Bromley Children's Social Care");
    const team = await (await agentFor(dsl)).get('/cases/team');
    expect(team.status).toBe(200);
    const expected = await reference('bscp', { status: 'open', agency: csc.agency?.id as string });
    expect(expected.length).toBeGreaterThan(10);
    const listed = casesOn(team.body);
    for (const id of expected.slice(0, Math.min(expected.length, CASES_PER_PAGE)))
      expect(listed).toContain(id);
  });

  it('gives someone with no team a plain message and no cases, and no partnership view', async () => {
    const agent = await agentFor(school);
    const team = await agent.get('/cases/team');
    expect(team.status).toBe(200);
    expect(team.body).toContain('Nobody reports to you');
    expect(casesOn(team.body)).toEqual([]);
    for (const person of [school, t.person('manager', 'Hillcrest'), t.person('dsl', 'Hillcrest')]) {
      const all = await (await agentFor(person)).get('/cases/all');
      expect(all.status).toBe(404);
      expect(casesOn(all.body)).toEqual([]);
    }
    const mine = await agent.get('/cases');
    expect(mine.body).not.toContain('href="/cases/team"');
    expect(mine.body).not.toContain('href="/cases/all"');
  });

  it("shows the partnership team and chair every case of their partnership, paged, and not another's", async () => {
    const expected = await reference('bscp', {});
    expect(expected.length).toBeGreaterThan(CASES_PER_PAGE);
    for (const person of [
      inPartnership('bscp', 'partnership-team'),
      inPartnership('bscp', 'chair'),
    ]) {
      const agent = await agentFor(person);
      const first = await agent.get('/cases/all');
      expect(first.status).toBe(200);
      expect(first.body).toContain(`<strong>${expected.length}</strong> cases`);
      expect(first.body).toContain('govuk-pagination');
      const second = await agent.get('/cases/all?page=2');
      expect([...casesOn(first.body), ...casesOn(second.body)]).toEqual(expected);
      for (const id of torbay) expect(first.body + second.body).not.toContain(id);
      const mine = await agent.get('/cases');
      expect(mine.body).toMatch(/href="\/cases\/all">The partnership's cases<\/a> \(\d+ overdue\)/);
    }
    const torbayTeam = await agentFor(inPartnership('tscp', 'partnership-team'));
    const theirs = await torbayTeam.get('/cases/all');
    expect(casesOn(theirs.body).sort()).toEqual([...torbay].sort());
    // partnership-wide people have no team list of their own: pointed to the partnership's
    const team = await torbayTeam.get('/cases/team');
    expect(team.body).toContain('href="/cases/all"');
    expect(casesOn(team.body)).toEqual([]);
  });

  it('filters by status, stage, overdue, agency and category, each page in order, with counts', async () => {
    const agent = await agentFor(inPartnership('bscp', 'partnership-team'));
    const police = t.person('frontline', 'Metropolitan Police, Bromley').agency?.id as string;
    const sets: [string, CaseListFilters][] = [
      ['status=open', { status: 'open' }],
      ['status=resolved', { status: 'resolved' }],
      ['stage=2', { stage: 2 }],
      ['overdue=true', { overdue: true }],
      ['overdue=false', { overdue: false }],
      [`agency=${police}`, { agency: police }],
      ['category=communication', { category: 'communication' }],
      [
        `agency=${police}&category=other&status=open`,
        { agency: police, category: 'other', status: 'open' },
      ],
    ];
    let nonEmpty = 0;
    for (const [search, filters] of sets) {
      const expected = await reference('bscp', filters);
      const answer = await agent.get(`/cases/all?${search}`);
      expect(answer.status, search).toBe(200);
      const shown = casesOn(answer.body);
      if (expected.length > CASES_PER_PAGE) {
        const next = await agent.get(`/cases/all?${search}&page=2`);
        shown.push(...casesOn(next.body));
      }
      expect(shown, search).toEqual(expected);
      if (expected.length > 0) {
        nonEmpty += 1;
        expect(answer.body, search).toContain(`<strong>${expected.length}</strong> case`);
      } else expect(answer.body).toContain('No cases match these filters');
    }
    expect(nonEmpty).toBeGreaterThan(5);
    const overdue = await reference('bscp', { overdue: true });
    expect((await agent.get('/cases/all')).body).toContain(
      `<strong>${overdue.length}</strong> overdue now`,
    );
  });

  it('pages the service list exactly at every size and offset, across the dated and the undated', async () => {
    const deps = { db: t.store.db, now: () => NOW };
    const team = await actorOf(inPartnership('bscp', 'partnership-team'));
    const manager = await actorOf(t.person('manager', 'Hillcrest'));
    for (const filters of [
      {},
      { status: 'open' as const },
      { category: 'communication' as const },
      { agency: csc.agency?.id as string },
    ]) {
      const expected = await reference('bscp', filters);
      for (const limit of [1, 7, 50]) {
        const pages: string[] = [];
        for (let offset = 0; offset < expected.length + limit; offset += limit) {
          pages.push(
            ...(await listCases(deps, team, { ...filters, limit, offset })).map((c) => c.id),
          );
        }
        expect(pages, `${JSON.stringify(filters)} ${limit}`).toEqual(expected);
      }
      // a manager's list pages the same way over what they may see
      const whole = (await listCases(deps, manager, { ...filters, limit: 500 })).map((c) => c.id);
      const paged: string[] = [];
      for (let offset = 0; offset < whole.length + 5; offset += 5)
        paged.push(
          ...(await listCases(deps, manager, { ...filters, limit: 5, offset })).map((c) => c.id),
        );
      expect(paged).toEqual(whole);
    }
  });

  it('refuses bad filter values with a clear message and lists nothing', async () => {
    const agent = await agentFor(inPartnership('bscp', 'chair'));
    for (const [search, message] of [
      ['status=lost', 'Status must be open, resolved, decided or withdrawn'],
      ['agency=not-an-id', 'Agency must be the id of an agency in your partnership'],
      [
        `agency=${t.person('frontline', 'Bayview Academy').agency?.id}`,
        'Choose an agency from the list',
      ],
      ['category=gossip', 'Category must be one of'],
      ['stage=99', 'Stage must be a stage number'],
      ['overdue=maybe', 'Overdue must be true or false'],
      ['page=0', 'Page must be a whole number, 1 or more'],
      ['page=9', 'There is no page 9: the list has 2 pages'],
    ]) {
      const answer = await agent.get(`/cases/all?${search}`);
      expect(answer.status, search).toBe(400);
      expect(errorSummary(answer.body).join(' '), search).toContain(message);
      expect(casesOn(answer.body), search).toEqual([]);
      expect(answer.body).toContain('<title>Error: ');
    }
  });
});

describe('GET /api/v1/cases', () => {
  it('takes the same filters and pages, and refuses bad values', async () => {
    const person = inPartnership('bscp', 'partnership-team');
    const headers = { authorization: `Bearer ${await t.token(person)}` };
    const police = t.person('frontline', 'Metropolitan Police, Bromley').agency?.id as string;
    for (const filters of [
      { agency: police },
      { category: 'other' },
      { agency: police, category: 'communication' },
    ] as CaseListFilters[]) {
      const answer = await t.app.inject({
        url: `/api/v1/cases?${new URLSearchParams(filters as Record<string, string>)}`,
        headers,
      });
      expect(answer.statusCode).toBe(200);
      const body = answer.json() as {
        cases: { id: string }[];
        page: number;
        nextPage: number | null;
      };
      expect(body.cases.map((c) => c.id)).toEqual(await reference('bscp', filters));
      expect(body.page).toBe(1);
      expect(body.nextPage).toBeNull();
    }
    // another partnership's agency finds nothing (never another partnership's cases)
    const bayview = t.person('frontline', 'Bayview Academy').agency?.id as string;
    const other = await t.app.inject({ url: `/api/v1/cases?agency=${bayview}`, headers });
    expect(other.json().cases).toEqual([]);
    const page2 = await t.app.inject({ url: '/api/v1/cases?page=2', headers });
    expect(page2.json().cases).toEqual([]);
    for (const search of ['agency=x', 'category=gossip', 'page=0', 'page=two', 'colour=blue']) {
      const bad = await t.app.inject({ url: `/api/v1/cases?${search}`, headers });
      expect(bad.statusCode, search).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    }
    const doc = await t.app.inject({ url: '/api/v1/openapi.json' });
    const names = (doc.json().paths['/api/v1/cases'].get.parameters as { name: string }[]).map(
      (p) => p.name,
    );
    expect(names).toEqual(['status', 'stage', 'overdue', 'agency', 'category', 'page']);
  });
});
