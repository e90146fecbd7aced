/**
 * The access matrix (issue 8, docs/security.md): every role x every case route and API
 * operation x a case of their own agency / of another agency in the same partnership / of another
 * partnership. The expected answers come from RULES below, written from the need-to-know rule in
 * docs/words.md and docs/security.md, not from src/services/access.ts: a person sees a case only as a
 * participant, a participant's manager (up the line), their agency's DSL, or the partnership team
 * or chair of the case's partnership. A case someone may not see answers 404 (never 403), and that
 * 404 is the same as for a case that does not exist, so it tells them nothing.
 *
 * Three cases, all raised through the API by fictional people:
 *   A  raised by a frontline worker at South Downs Health (Bromley) against Bromley children's
 *      social care: "their own agency" for everyone at South Downs Health;
 *   B  raised at Hillcrest Primary against the Bromley police: "another agency, same partnership"
 *      for them (South Downs Health has no part in it);
 *   C  raised at Bayview Academy against Torbay children's services: "another partnership".
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, commandSchemas } from '../../src/domain/case/index.js';
import type { PersonSummary } from '../../src/services/people.js';
import { signInPathFor } from '../../src/web/local-path.js';
import { REACHES, type Reach } from '../../src/web/route-access.js';
import { Agent, givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

type Case = 'A' | 'B' | 'C';
type Answer = 'sees' | 'not found';
const SEES = 'sees' as const;
const NO = 'not found' as const;

interface Rule {
  who: string;
  /** the rule of docs/words.md or docs/security.md that gives the answer */
  why: string;
  expect: Record<Case, Answer>;
}

/** THE table. Keys name a person by their position; `people` below finds them in the fixture. */
const RULES: Record<string, Rule> = {
  raiser: {
    who: 'the frontline worker who raised case A (South Downs Health)',
    why: 'a participant sees the case',
    expect: { A: SEES, B: NO, C: NO },
  },
  frontlineColleague: {
    who: 'another frontline worker at South Downs Health, not on the case',
    why: 'working at the same agency is not need-to-know',
    expect: { A: NO, B: NO, C: NO },
  },
  manager: {
    who: "the raiser's line manager",
    why: "a participant's manager sees the case",
    expect: { A: SEES, B: NO, C: NO },
  },
  seniorManager: {
    who: 'the senior manager above that manager',
    why: 'anywhere up the line-management chain',
    expect: { A: SEES, B: NO, C: NO },
  },
  director: {
    who: 'the director of South Downs Health',
    why: 'anywhere up the line-management chain',
    expect: { A: SEES, B: NO, C: NO },
  },
  dsl: {
    who: 'the DSL of South Downs Health',
    why: "an agency's DSL sees the cases their agency is in",
    expect: { A: SEES, B: NO, C: NO },
  },
  namedProfessional: {
    who: 'the named professional at South Downs Health',
    why: 'not a participant, not in the chain: sees a case only once brought into it',
    expect: { A: NO, B: NO, C: NO },
  },
  otherSideHolder: {
    who: 'the person holding stage 1 for Bromley social care (the agency in dispute in A)',
    why: 'a participant sees the case',
    expect: { A: SEES, B: NO, C: NO },
  },
  otherSideDsl: {
    who: 'the DSL of Bromley social care',
    why: "an agency's DSL sees the cases their agency is in",
    expect: { A: SEES, B: NO, C: NO },
  },
  uninvolvedFrontline: {
    who: 'a frontline worker at Elm Road Surgery (in none of the cases)',
    why: 'being in the same partnership is not need-to-know',
    expect: { A: NO, B: NO, C: NO },
  },
  policeHolder: {
    who: 'the frontline worker at Bromley police (the agency in dispute in B)',
    why: 'holds stage 1 (professional to professional) for the police: a participant',
    expect: { A: NO, B: SEES, C: NO },
  },
  chair: {
    who: 'the chair of the Bromley partnership',
    why: 'the chair sees every case of their partnership',
    expect: { A: SEES, B: SEES, C: NO },
  },
  partnershipTeam: {
    who: 'the Bromley partnership team',
    why: 'the partnership team sees every case of their partnership',
    expect: { A: SEES, B: SEES, C: NO },
  },
  panelMember: {
    who: 'a Bromley Resolution Panel member, not convened',
    why: 'a panel member sees a case once convened to its panel (then a participant)',
    expect: { A: NO, B: NO, C: NO },
  },
  administrator: {
    who: 'the Bromley system administrator',
    why: 'administrators run the directory; they have no need to know any case',
    expect: { A: NO, B: NO, C: NO },
  },
  torbayChair: {
    who: 'the chair of the Torbay partnership',
    why: 'partnership-wide roles see only their own partnership',
    expect: { A: NO, B: NO, C: SEES },
  },
  torbayTeam: {
    who: 'the Torbay partnership team',
    why: 'partnership-wide roles see only their own partnership',
    expect: { A: NO, B: NO, C: SEES },
  },
  torbayDirector: {
    who: 'the director of Bayview Academy (whose worker raised C)',
    why: "the raiser's manager chain, in another partnership",
    expect: { A: NO, B: NO, C: SEES },
  },
};

/**
 * Who may read a case's access log (who read the case, when and how): the partnership team of
 * the case's partnership only (issue 8, data protection). Everyone else: 404, as for the case.
 */
const ACCESS_LOG: Record<string, Case[]> = {
  partnershipTeam: ['A', 'B'],
  torbayTeam: ['C'],
};

/**
 * Who may raise a disagreement (the raise journey's pages and POST /api/v1/cases): a worker at
 * an agency (docs/words.md: "raised by a worker in one agency"). People of the partnership itself
 * (chair, partnership team, panel member, administrator) work at no agency and may not.
 */
const MAY_RAISE = new Set([
  'frontline',
  'manager',
  'dsl',
  'senior-manager',
  'director',
  'named-professional',
]);

/**
 * The wider case lists (issue 16). The team view (/cases/team) lists, for someone with reports
 * or a DSL, the open cases they may see; for anyone else it is a page with a plain message and
 * no case. The partnership view (/cases/all) is the partnership team's and chair's, of their own
 * partnership; anyone else gets the 404 page. Who here has a team list (reports in the fixture,
 * or a DSL): the rest must still never see a case they may not see on it.
 */
const TEAM_VIEW = new Set([
  'manager',
  'seniorManager',
  'director',
  'dsl',
  'otherSideDsl',
  'torbayDirector',
]);
const PARTNERSHIP_VIEW = new Set(['chair', 'partnershipTeam', 'torbayChair', 'torbayTeam']);

/** A valid body for every API command (so a refusal can only be the access rule's). */
const COMMANDS: Record<string, Record<string, unknown>> = {
  'record-consultation': { with: { personId: 'someone', role: 'manager' }, summary: 'Talked.' },
  'record-discussion': {
    when: '2026-11-02T09:00:00Z',
    how: 'phone',
    participants: ['A. Person'],
    summary: 'We talked.',
    outcome: 'No agreement.',
  },
  acknowledge: { note: 'Received.' },
  'add-plan-action': {
    description: 'A strategy discussion.',
    ownerAgencyId: 'x',
    dueOn: '2026-11-20',
  },
  'mark-action-done': { actionId: 'action-1', doneOn: '2026-11-02' },
  escalate: { reason: 'No agreement.' },
  'start-at-stage': { stage: 2 },
  'record-hub-referral': { service: 'Children and Families Hub', when: '2026-11-02T09:00:00Z' },
  'refer-to-chair': { details: 'Please decide.' },
  'convene-panel': { members: [{ personId: 'x', agencyId: 'y', boardMember: true }] },
  'record-representation': { fromPersonId: 'x', fromAgencyId: 'y', summary: 'Our view.' },
  resolve: { outcome: 'Agreed.', agreedBy: [{ agencyId: 'x', name: 'Both' }] },
  'record-decision': { decision: 'Decided.' },
  'agree-panel-decision': {},
  withdraw: { reason: 'No longer needed.' },
  reopen: { reason: 'It happened again.' },
  'set-child-protective-deadline': { deadline: '2026-11-20T17:00:00Z', reason: 'The child.' },
  'update-child-contacts': { child: 0, cpChairEmail: 'cp-chair@example.org' },
};

/** Page forms: enough fields that the form would pass its own checks. */
const FORM = {
  reason: 'Because.',
  details: 'Details.',
  summary: 'Summary.',
  outcome: 'Outcome.',
  decision: 'Decision.',
  agreedBy: 'Both',
  how: 'phone',
  participants: 'A. Person',
  'when-day': '2',
  'when-month': '11',
  'when-year': '2026',
  'when-time': '09:00',
  decidedBy: 'chair',
};

const CHILD = 'Zephyrine Quillfeather'; // fictional; must never appear in an answer to an outsider

let t: TestApp;
const cases = {} as Record<Case, { id: string; reference: string }>;
const people: Record<string, PersonSummary> = {};
const who = (key: string) => people[key] as PersonSummary;
const agents = {} as Record<string, Agent>;

const raiseBody = (agencyId: string) => ({
  children: [{ name: CHILD, dateOfBirth: '2021-05-14', childProtectionPlan: false }],
  agencies: [agencyId],
  category: 'need-for-action',
  disagreement: 'The referral was closed without a visit.',
  evidence: { nature: 'Bruising seen twice', source: 'Staff records' },
  actionsToDate: 'Phoned the duty worker.',
  outcomeSought: 'A home visit.',
  immediateRisk: false,
});

const inPartnership = (key: string, role: string) =>
  t.people.find((p) => p.partnership === key && p.role === role && !p.agency) as PersonSummary;

async function raise(by: PersonSummary, against: PersonSummary) {
  const answer = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { authorization: `Bearer ${await t.token(by)}` },
    payload: raiseBody(against.agency?.id as string),
  });
  expect(answer.statusCode, answer.body).toBe(201);
  return answer.json() as {
    id: string;
    reference?: string;
    stage: { holders: { raising: string[]; other: string[] } };
  };
}

async function snapshot() {
  const events = await t.store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const versions = await t.store.db.selectFrom('cases').select(['id', 'version']).execute();
  return { events: Number(events.n), versions: versions.sort((a, b) => a.id.localeCompare(b.id)) };
}

beforeAll(async () => {
  t = await createTestApp();
  const sdh = 'South Downs Health';
  const raiser = t.person('frontline', sdh);
  const csc = t.person('frontline', "Bromley Children's Social Care");
  const hillcrest = t.person('frontline', 'Hillcrest Primary');
  const police = t.person('frontline', 'Metropolitan Police, Bromley');
  const bayview = t.person('frontline', 'Bayview Academy');
  const torbayCsc = t.person('frontline', "Torbay Children's Services");

  // The fixture's one addition to the demo: a second frontline worker at South Downs Health.
  const manager = t.person('manager', sdh);
  const row = await t.store.db
    .selectFrom('people')
    .select(['partnership_id', 'agency_id'])
    .where('id', '=', raiser.id)
    .executeTakeFirstOrThrow();
  const colleagueId = randomUUID();
  await t.store.db
    .insertInto('people')
    .values({
      id: colleagueId,
      partnership_id: row.partnership_id,
      agency_id: row.agency_id,
      email: 'colleague.fictional@sdh-demo.example',
      name: 'Fictional Colleague',
      role: 'frontline',
      line_manager_id: manager.id,
      on_board: 0,
      on_executive: 0,
      password_hash: null,
      created_at: t.clock.now.toISOString(),
    })
    .execute();
  const colleague = { ...raiser, id: colleagueId, email: 'colleague.fictional@sdh-demo.example' };

  const a = await raise(raiser, csc);
  const b = await raise(hillcrest, police);
  const c = await raise(bayview, torbayCsc);
  for (const [key, view] of [
    ['A', a],
    ['B', b],
    ['C', c],
  ] as const) {
    const row = await t.store.db
      .selectFrom('cases')
      .select('reference')
      .where('id', '=', view.id)
      .executeTakeFirstOrThrow();
    cases[key] = { id: view.id, reference: row.reference };
  }

  // Who holds stage 1 for social care in case A: read from the case, as a person would. (Its
  // escalation manager, told of the case, takes part too: the holder is the one named.)
  const otherSideHolder = t.people.find((p) => p.id === a.stage.holders.other[0]) as PersonSummary;
  expect(otherSideHolder?.agency?.id).toBe(csc.agency?.id);

  Object.assign(people, {
    raiser,
    frontlineColleague: colleague,
    manager,
    seniorManager: t.person('senior-manager', sdh),
    director: t.person('director', sdh),
    dsl: t.person('dsl', sdh),
    namedProfessional: t.person('named-professional', sdh),
    otherSideHolder,
    otherSideDsl: t.person('dsl', "Bromley Children's Social Care"),
    uninvolvedFrontline: t.person('frontline', 'Elm Road Surgery'),
    policeHolder: police,
    chair: inPartnership('bscp', 'chair'),
    partnershipTeam: inPartnership('bscp', 'partnership-team'),
    panelMember: inPartnership('bscp', 'panel-member'),
    administrator: inPartnership('bscp', 'administrator'),
    torbayChair: inPartnership('tscp', 'chair'),
    torbayTeam: inPartnership('tscp', 'partnership-team'),
    torbayDirector: t.person('director', 'Bayview Academy'),
  });
  // The chain the table assumes (the raiser reports to the manager, and so on up) holds.
  const lineManager = async (id: string) =>
    (
      await t.store.db
        .selectFrom('people')
        .select('line_manager_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).line_manager_id;
  expect(await lineManager(raiser.id)).toBe(who('manager').id);
  expect(await lineManager(who('manager').id)).toBe(who('seniorManager').id);
  expect(await lineManager(who('seniorManager').id)).toBe(who('director').id);
  expect(await lineManager(who('namedProfessional').id)).toBe(who('director').id);
  expect(who('otherSideHolder').role).not.toBe('dsl');

  await givePasswords(t.store, Object.values(people));
  for (const [key, person] of Object.entries(people)) {
    const agent = new Agent(t.app, `10.0.0.${Object.keys(agents).length + 1}`);
    const signedIn = await agent.signIn(person);
    expect(signedIn.location, key).toBe('/cases');
    agents[key] = agent;
  }
  agents.signedOut = new Agent(t.app);
}, 60_000);
afterAll(async () => t.close());

it('the table covers every role in the product, and every command the API takes', () => {
  const roles = new Set(Object.values(people).map((p) => p.role));
  for (const role of [
    'frontline',
    'manager',
    'dsl',
    'senior-manager',
    'director',
    'named-professional',
    'partnership-team',
    'chair',
    'panel-member',
    'administrator',
  ]) {
    expect(roles, role).toContain(role);
  }
  expect(Object.keys(COMMANDS).sort()).toEqual(
    Object.keys(commandSchemas)
      .filter((type) => type !== 'raise')
      .sort(),
  );
});

const strip = (body: string) => body.replace(/name="_csrf" value="[^"]*"/g, '');

/** The routes of one case (an `:id` in the address), as they declare themselves. */
const caseRoutes = () =>
  t.app.routeAccess.filter(
    (r) => r.url.includes('/:id') && ['need-to-know', 'case-access-log'].includes(r.access.reach),
  );

/** A declared route's addresses for a case: every action for `:action`. */
const urlsOf = (pattern: string, id: string) =>
  (pattern.includes(':action') ? ACTIONS : ['']).map((action) =>
    pattern.replace(':id', id).replace(':action', action),
  );

const accessLogRows = (caseId: string) =>
  t.store.db
    .selectFrom('access_log')
    .select(['id', 'action'])
    .where('case_id', '=', caseId)
    .execute();

/** The actions written to a case's access log since its rows were `before`. */
const accessLogSince = async (caseId: string, before: { id: string }[]) => {
  const seen = new Set(before.map((r) => r.id));
  return (await accessLogRows(caseId)).filter((r) => !seen.has(r.id)).map((r) => r.action);
};

describe.each(Object.entries(RULES))('%s', (key, rule) => {
  for (const which of ['A', 'B', 'C'] as const) {
    const expected = rule.expect[which];
    it(`${expected === SEES ? 'sees' : 'is told there is no'} case ${which}: ${rule.who}; ${rule.why}`, async () => {
      const before = await snapshot();
      const { id, reference } = cases[which];
      const agent = agents[key] as Agent;
      const token = await t.token(people[key] as PersonSummary);
      const bearer = { authorization: `Bearer ${token}` };
      const version = before.versions.find((v) => v.id === id)?.version as number;
      const unknown = strip((await agent.get(`/cases/${randomUUID()}`)).body);

      // Pages: the case, its confirmation page, every action form (GET and POST with CSRF).
      const page = await agent.get(`/cases/${id}`);
      const raised = await agent.get(`/cases/${id}/raised`);
      if (expected === SEES) {
        expect(page.status).toBe(200);
        expect(page.body).toContain(CHILD);
        expect(raised.status).toBe(200);
      } else {
        for (const answer of [page, raised]) {
          expect(answer.status).toBe(404);
          expect(strip(answer.body)).toBe(unknown);
          expect(answer.body).not.toContain(CHILD);
          expect(answer.body).not.toContain(reference);
        }
      }
      // The access log: the partnership team of the case's partnership only.
      const log = await agent.get(`/cases/${id}/access-log`);
      if (ACCESS_LOG[key]?.includes(which)) {
        expect(log.status).toBe(200);
        expect(log.body).toContain(reference);
        expect(log.body).toContain('Who has read this disagreement');
      } else {
        expect(log.status).toBe(404);
        expect(strip(log.body)).toBe(unknown);
      }
      if (expected === SEES) {
        expect(page.body.includes(`/cases/${id}/access-log`)).toBe(
          ACCESS_LOG[key]?.includes(which) === true,
        );
      }

      // The record for the child's file (PDF): the same need-to-know as the case page.
      const record = await agent.get(`/cases/${id}/record.pdf`);
      expect(record.status, 'record.pdf').toBe(expected === SEES ? 200 : 404);
      if (expected !== SEES) expect(strip(record.body)).toBe(unknown);

      // My cases (the cases they hold or raised) never lists a case they may not see.
      const mine = await agent.get('/cases');
      expect(mine.status).toBe(200);
      if (expected !== SEES) expect(mine.body).not.toContain(`/cases/${id}`);

      // The team's and the partnership's case lists (all three cases are open).
      const team = await agent.get('/cases/team');
      expect(team.status).toBe(200);
      if (TEAM_VIEW.has(key)) expect(team.body.includes(`/cases/${id}`)).toBe(expected === SEES);
      else expect(team.body).not.toContain(`/cases/${id}`);
      if (expected !== SEES) expect(team.body).not.toContain(reference);
      const all = await agent.get('/cases/all');
      if (PARTNERSHIP_VIEW.has(key)) {
        expect(all.status).toBe(200);
        expect(all.body.includes(`/cases/${id}`)).toBe(expected === SEES);
      } else {
        expect(all.status).toBe(404);
        expect(strip(all.body)).toBe(unknown);
      }
      if (expected !== SEES) expect(all.body).not.toContain(reference);

      // The API: read, list and every command.
      const read = await t.app.inject({ url: `/api/v1/cases/${id}`, headers: bearer });
      expect(read.statusCode).toBe(expected === SEES ? 200 : 404);
      const turn = await t.app.inject({ url: `/api/v1/cases/${id}/turn`, headers: bearer });
      expect(turn.statusCode).toBe(expected === SEES ? 200 : 404);
      if (expected !== SEES) expect(turn.body).not.toContain(CHILD);
      if (expected !== SEES) {
        expect(read.body).not.toContain(CHILD);
        expect(read.json().detail).toBeTruthy();
      }
      const list = await t.app.inject({ url: '/api/v1/cases', headers: bearer });
      expect(list.statusCode).toBe(200);
      const listed = (list.json().cases as { id: string }[]).map((c) => c.id);
      expect(listed.includes(id)).toBe(expected === SEES);
      // filtered to the case's own agencies and category, an unseen case is still not listed
      const caseAgencies = await t.store.db
        .selectFrom('case_agencies')
        .select('agency_id')
        .where('case_id', '=', id)
        .execute();
      for (const { agency_id } of caseAgencies) {
        const filtered = await t.app.inject({
          url: `/api/v1/cases?agency=${agency_id}&category=need-for-action&status=open`,
          headers: bearer,
        });
        expect(filtered.statusCode).toBe(200);
        const ids = (filtered.json().cases as { id: string }[]).map((c) => c.id);
        expect(ids.includes(id)).toBe(expected === SEES);
      }
      for (const [type, body] of Object.entries(COMMANDS)) {
        const answer = await t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${id}/commands`,
          headers: bearer,
          payload: { type, expectedVersion: expected === SEES ? version + 100 : version, ...body },
        });
        if (expected === SEES) expect(answer.statusCode, type).toBe(409);
        else {
          expect(answer.statusCode, type).toBe(404);
          expect(answer.body).not.toContain(String(version));
        }
      }

      // Every case route, from its declaration: a person who may not reach it is told there is
      // no such case; one who may gets an answer that writes what the route declares to the
      // case's access log, and nothing else.
      for (const route of caseRoutes()) {
        const mayReach =
          route.access.reach === 'case-access-log'
            ? ACCESS_LOG[key]?.includes(which) === true
            : expected === SEES;
        for (const url of urlsOf(route.url, id)) {
          // One who may reach it posts a stale version, so nothing changes; one who may not posts
          // the current version, which would change the case if it leaked.
          const posted = mayReach ? version + 100 : version;
          const api = url.startsWith('/api/');
          const logged = await accessLogRows(id);
          const answer =
            route.method === 'GET'
              ? api
                ? await t.app.inject({ url, headers: bearer })
                : await agent.get(url)
              : api
                ? await t.app.inject({
                    method: 'POST',
                    url,
                    headers: bearer,
                    payload: { type: 'withdraw', expectedVersion: posted, reason: 'x' },
                  })
                : await agent.post(url, { ...FORM, version: String(posted) });
          const status = 'status' in answer ? answer.status : answer.statusCode;
          if (!mayReach) {
            expect(status, `${route.method} ${url}`).toBe(404);
            expect(answer.body).not.toContain(CHILD);
            expect(answer.body).not.toContain(reference);
            continue;
          }
          const answers =
            route.method === 'GET'
              ? api || url.endsWith('.pdf') || url.endsWith('/access-log')
                ? [200]
                : [200, 303]
              : api
                ? [409]
                : [303, 400, 409, 422];
          expect(answers, `${route.method} ${url}`).toContain(status);
          if (route.method === 'GET' && status === 200) {
            const written = await accessLogSince(id, logged);
            expect(
              [...new Set(written)].sort(),
              `${route.method} ${url} writes what it declares to the access log`,
            ).toEqual([...route.access.logs].sort());
          }
        }
      }

      // Nothing changed anywhere: no event, no version moved.
      expect(await snapshot()).toEqual(before);
    });
  }
});

describe('signed out', () => {
  it('every case page sends them to sign in, and every API operation answers 401', async () => {
    const before = await snapshot();
    const agent = agents.signedOut as Agent;
    for (const which of ['A', 'B', 'C'] as const) {
      const { id } = cases[which];
      for (const url of [
        `/cases/${id}`,
        `/cases/${id}/raised`,
        `/cases/${id}/access-log`,
        `/cases/${id}/record.pdf`,
        '/cases',
        '/cases/team',
        '/cases/all',
        '/cases/new',
      ]) {
        const answer = await agent.get(url);
        expect(answer.status, url).toBe(303);
        expect(answer.location).toBe(signInPathFor(url));
      }
      for (const action of ACTIONS) {
        const get = await agent.get(`/cases/${id}/${action}`);
        expect(get.location, action).toBe(signInPathFor(`/cases/${id}/${action}`));
        // with no session there is no CSRF token to send: refused before anything else
        const post = await agent.post(`/cases/${id}/${action}`, { ...FORM, version: '1' });
        expect([303, 403], action).toContain(post.status);
        expect(post.body).not.toContain(CHILD);
      }
      for (const [method, url, payload] of [
        ['GET', `/api/v1/cases/${id}`],
        ['GET', '/api/v1/cases'],
        [
          'POST',
          `/api/v1/cases/${id}/commands`,
          { type: 'withdraw', expectedVersion: 1, reason: 'x' },
        ],
        ['POST', '/api/v1/cases', raiseBody('x')],
        ['GET', '/api/v1/people'],
        ['GET', '/api/v1/agencies'],
        ['GET', '/api/v1/policies/bscp-inter-agency'],
        ['POST', '/api/v1/directory', { partnerships: [] }],
      ] as const) {
        const answer = await t.app.inject({ method, url, payload: payload as object });
        expect(answer.statusCode, url).toBe(401);
        expect(answer.headers['content-type']).toContain('application/problem+json');
        expect(answer.body).not.toContain(CHILD);
      }
      // and every operation the API describes, but the description itself (issue 25)
      const document = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
      for (const [path, item] of Object.entries(document.paths)) {
        for (const [method, op] of Object.entries(item as Record<string, { security?: [] }>)) {
          if (op.security) continue;
          const url = path
            .replace('{id}', path.startsWith('/api/v1/policies') ? 'bscp-inter-agency' : id)
            .replace('{file}', 'stages.csv');
          const answer = await t.app.inject({
            method: method.toUpperCase() as 'GET' | 'POST',
            url,
            ...(method === 'post' ? { payload: {} } : {}),
          });
          expect(answer.statusCode, `${method} ${url}`).toBe(401);
          expect(answer.body).not.toContain(CHILD);
        }
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('the directory API keeps to the caller’s partnership', () => {
  it('lists only the people and agencies of their own partnership', async () => {
    for (const key of ['raiser', 'chair', 'torbayChair', 'administrator'] as const) {
      const person = people[key] as PersonSummary;
      const headers = { authorization: `Bearer ${await t.token(person)}` };
      const listed = await t.app.inject({ url: '/api/v1/people', headers });
      expect(listed.statusCode).toBe(200);
      const ids = new Set((listed.json().people as { id: string }[]).map((p) => p.id));
      const own = await t.store.db
        .selectFrom('people')
        .innerJoin('partnerships', 'partnerships.id', 'people.partnership_id')
        .select('people.id')
        .where('partnerships.key', '=', person.partnership)
        .execute();
      expect(own.length).toBeGreaterThan(10);
      expect([...ids].sort()).toEqual(own.map((p) => p.id).sort());
      expect(listed.body).not.toContain('@'); // no e-mail addresses
      const agencies = await t.app.inject({ url: '/api/v1/agencies', headers });
      for (const agency of agencies.json().agencies as { partnership: string }[]) {
        expect(agency.partnership).toBe(person.partnership);
      }
    }
  });

  it('only an administrator may import a directory, and only for their own partnership', async () => {
    const before = await snapshot();
    const file = (key: string) => ({
      partnerships: [{ key, name: 'X', policy: 'none', agencies: [] }],
    });
    for (const [key, person] of Object.entries(people)) {
      const headers = { authorization: `Bearer ${await t.token(person)}` };
      const answer = await t.app.inject({
        method: 'POST',
        url: '/api/v1/directory',
        headers,
        payload: file('tscp'),
      });
      // the administrator of Bromley may not change Torbay; no one else may change anything
      expect(answer.statusCode, key).toBe(403);
      expect(answer.json().detail, key).toMatch(
        person.role === 'administrator' ? /only partnership "bscp"/ : /administrator/,
      );
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('the access log', () => {
  it('shows the partnership team every read of the case, by whom and how, latest first', async () => {
    const { id } = cases.A;
    const chair = agents.chair as Agent;
    const start = t.clock.now;
    const later = (m: number) => {
      t.clock.now = new Date(start.getTime() + m * 60_000);
    };
    later(1);
    await chair.get(`/cases/${id}`);
    later(2);
    await t.app.inject({
      url: `/api/v1/cases/${id}`,
      headers: { authorization: `Bearer ${await t.token(who('dsl'))}` },
    });
    later(3);
    const log = await (agents.partnershipTeam as Agent).get(`/cases/${id}/access-log`);
    t.clock.now = start;
    expect(log.status).toBe(200);
    const rows = [...log.body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
      .slice(1)
      .map((m) =>
        (m[1] ?? '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      );
    // latest first: this look at the log, then the DSL's API read, then the chair's page read
    expect(rows[0]).toContain(who('partnershipTeam').name);
    expect(rows[0]).toContain('Read this access log');
    expect(rows[1]).toContain(who('dsl').name);
    expect(rows[1]).toContain('API');
    expect(rows[2]).toContain(who('chair').name);
    expect(rows[2]).toContain('Web page');
    expect(log.body).not.toContain(CHILD);
  });
});

describe('raising a disagreement', () => {
  it('only a worker at an agency may start the raise journey or raise through the API', async () => {
    const before = await snapshot();
    for (const [key, person] of Object.entries(people)) {
      const may = MAY_RAISE.has(person.role);
      const start = await (agents[key] as Agent).get('/cases/new');
      if (may) {
        expect(start.status, key).toBe(303);
        expect(start.location, key).toMatch(/^\/cases\/new\/[a-z-]+/);
      } else {
        expect(start.status, key).toBe(403);
        expect(start.body).toContain('Only someone working at an agency can raise a disagreement');
      }
      // through the API, with a body naming no agency, so that even an allowed raise is refused
      // (by the body) and nothing is written; someone who may not raise is told why first
      const api = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { authorization: `Bearer ${await t.token(person)}` },
        payload: { ...raiseBody('no-such-agency') },
      });
      expect(api.statusCode, key).toBe(422);
      expect(api.json().detail, key).toMatch(
        may ? /Select agencies from your own partnership/ : /Only someone working at an agency/,
      );
    }
    expect(await snapshot()).toEqual(before);
  });
});

/**
 * Where each kind of reach a route can declare (src/web/route-access.ts) is checked. The case
 * routes (need-to-know, case-access-log) are walked above from their declarations, as every
 * person, for every case; a new kind of reach fails this test until it is put here.
 */
const WHERE_CHECKED: Record<Reach, string> = {
  anyone: 'headers.test.ts (no case data; security headers on every answer)',
  'pending-sign-in': 'second-factor.test.ts (a pending sign-in grants nothing else)',
  'signed-in': 'this file (lists never show an unseen case; signed out: sign in or 401)',
  'need-to-know': 'this file: every declared case route, every person, every case',
  'case-access-log': 'this file: ACCESS_LOG, and every declared case route',
  oversight: 'oversight.test.ts and PARTNERSHIP_VIEW here',
  'agency-worker': 'this file: raising (MAY_RAISE)',
  administrator: 'this file: the directory API keeps to the caller’s partnership',
  'partnership-team':
    'own-policies.test.ts (only the partnership team adds a policy, only its own)',
};

/** Fastify's route tree as "METHOD /path" lines (HEAD left out: it answers as GET does). */
function routesOf(tree: string): string[] {
  const found: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ├└─]*)── (\S+)(?: \(([^)]*)\))?$/.exec(line.replace(/\u00a0/g, ' '));
    if (!match) continue;
    const depth = ((match[1] ?? '').length - 1) / 4;
    stack.length = depth;
    const path = `${stack.at(-1) ?? ''}${match[2]}`;
    stack.push(path);
    for (const method of (match[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD')) {
      found.push(`${method} ${path}`);
    }
  }
  return found;
}

it('every route the app answers declares who may reach it, and every kind of reach is checked', () => {
  const answered = routesOf(t.app.printRoutes({ commonPrefix: false }));
  const declared = t.app.routeAccess.map((r) => `${r.method} ${r.url}`);
  expect(answered.length).toBeGreaterThan(20);
  // the assets' three wildcard routes print as one "/*" in Fastify's tree
  const assets = declared.filter((r) => /^GET \/assets\/.*\*$/.test(r));
  expect(assets.length).toBe(3);
  expect([...new Set(answered)].sort()).toEqual(
    [...new Set([...declared.filter((r) => !assets.includes(r)), 'GET /*'])].sort(),
  );
  for (const r of t.app.routeAccess) {
    expect(t.app.hasRoute({ method: r.method as 'GET', url: r.url }), r.url).toBe(true);
  }
  expect(Object.keys(WHERE_CHECKED).sort()).toEqual(Object.keys(REACHES).sort());
  // the case routes the matrix walks from their declarations: at least the known ones
  expect(caseRoutes().map((r) => `${r.method} ${r.url}`)).toEqual(
    expect.arrayContaining([
      'GET /cases/:id',
      'GET /cases/:id/raised',
      'GET /cases/:id/access-log',
      'GET /cases/:id/record.pdf',
      'GET /cases/:id/:action',
      'POST /cases/:id/:action',
      'GET /api/v1/cases/:id',
      'GET /api/v1/cases/:id/turn',
      'POST /api/v1/cases/:id/commands',
      'GET /api/v1/cases/:id/record',
      'GET /api/v1/cases/:id/record.pdf',
      'GET /api/v1/cases/:id/notifications',
      'GET /api/v1/cases/:id/access-log',
    ]),
  );
});
