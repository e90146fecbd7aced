/**
 * The seeds' rules at the top of the procedure through the API and the directory, on the
 * database DATABASE_URL names: Board members and designated health professionals told, a
 * Resolution Panel drawn from the directory's seats (a pre-school represented by its sector's
 * Board member), and its decision counting once every member has agreed it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../src/services/people.js';
import { Agent, givePasswords, versionIn } from './pages/agent.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
});
afterAll(async () => t.close());

const agencyId = (name: string) =>
  t.people.find((p) => p.agency?.name === name)?.agency?.id as string;
const byId = (id: string) => t.people.find((p) => p.id === id) as PersonSummary;

async function raise(worker: PersonSummary, other: string) {
  const answer = await t.api(worker, 'POST', '/api/v1/cases', {
    children: [{ name: 'G.H. (fictional)', childProtectionPlan: false, lookedAfter: false }],
    agencies: [agencyId(other)],
    category: 'levels-of-need',
    disagreement: 'The threshold decision leaves the child without help.',
    evidence: { nature: 'Repeated absences', source: 'Register' },
    actionsToDate: 'Two calls to the duty team.',
    outcomeSought: 'An assessment.',
    immediateRisk: false,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

type View = Awaited<ReturnType<typeof raise>>;

async function command(person: PersonSummary, view: View, body: object, status = 200) {
  const answer = await t.api(person, 'POST', `/api/v1/cases/${view.id}/commands`, {
    expectedVersion: view.version,
    ...body,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  return status === 200 ? answer.body : view;
}

async function toStage(view: View, number: number, worker: PersonSummary): Promise<View> {
  let v = view;
  while (v.stage.number < number) {
    const holder = byId(v.stage.holders.raising[0] ?? worker.id);
    v = await command(holder, v, { type: 'escalate', reason: 'Not resolved.' });
  }
  return v;
}

const toldFor = (view: View, rule: string) =>
  (view.notifications as { to: string; rule: string }[])
    .filter((n) => n.rule === rule)
    .map((n) => n.to);

/** The directory's board member and deputy for an agency. */
async function boardOf(name: string) {
  const row = await t.store.db
    .selectFrom('agencies')
    .select(['board_member_id', 'board_deputy_id'])
    .where('id', '=', agencyId(name))
    .executeTakeFirstOrThrow();
  return [row.board_member_id, row.board_deputy_id].map((id) => byId(id as string));
}

describe('002: Board members and designated health professionals at stage 4', () => {
  it('002 2.12: designated health professionals are told at stage 4 and may read the case', async () => {
    const worker = t.person('frontline', 'Elm Road Surgery');
    const view = await toStage(
      await raise(worker, 'Metropolitan Police, Bromley (demo)'),
      4,
      worker,
    );
    const designated = t.people.filter(
      (p) => p.partnership === worker.partnership && p.role === 'named-professional',
    );
    const told = toldFor(view, 'designated-health-stage-4');
    expect(told.length).toBeGreaterThan(0);
    for (const email of told) {
      const person = t.people.find((p) => p.email === email) as PersonSummary;
      expect(designated.map((p) => p.email)).toContain(email);
      expect((await t.api(person, 'GET', `/api/v1/cases/${view.id}`)).status).toBe(200);
    }
    // not before stage 4
    const early = await raise(worker, 'Metropolitan Police, Bromley (demo)');
    expect(toldFor(await toStage(early, 3, worker), 'designated-health-stage-4')).toEqual([]);
  });

  it('002 2.10: the Board member (and deputy) for each agency is informed of the escalation to stage 4', async () => {
    const worker = t.person('frontline', 'Elm Road Surgery');
    const view = await toStage(await raise(worker, 'Hillcrest Primary School'), 4, worker);
    const told = toldFor(view, 'board-member-stage-4');
    // all but whoever escalated it (a deputy, here): nobody is e-mailed about what they did
    const escalatedBy = view.record.findLast(
      (e: { type: string }) => e.type === 'stage-entered',
    ).by;
    for (const agency of ['Elm Road Surgery', 'Hillcrest Primary School']) {
      for (const person of await boardOf(agency)) {
        if (person.id === escalatedBy) expect(told).not.toContain(person.email);
        else expect(told).toContain(person.email);
      }
    }
  });
});

describe('000: a pre-school is represented by its sector’s Board member', () => {
  it('000_79cfd3201b063709.txt "The respective agency members on the Bromley Safeguarding Children Partnership should be engaged": told at stage 3, then named in the referral', async () => {
    const worker = t.person('frontline', 'Acorn Lane Pre-school');
    const view = await toStage(
      await raise(worker, "Bromley Children's Social Care (demo)"),
      3,
      worker,
    );
    const told = toldFor(view, 'board-members-engaged');
    // the pre-school's representative sits at a school (education and the early years)
    const [member] = await boardOf('Acorn Lane Pre-school');
    expect(member?.agency?.name).toBe('Hillcrest Primary School');
    expect(told).toContain(member?.email);
    const holder = byId(view.stage.holders.raising[0] ?? worker.id);
    await command(holder, view, { type: 'refer-to-chair', details: 'Over to the chair.' }, 422);
  });

  it('000_79cfd3201b063709.txt "senior officers from three agencies who are members of the full Board": seats and representation come from the directory', async () => {
    const worker = t.person('frontline', 'Acorn Lane Pre-school');
    let view = await toStage(
      await raise(worker, "Bromley Children's Social Care (demo)"),
      3,
      worker,
    );
    view = await command(byId(view.stage.holders.raising[0] ?? worker.id), view, {
      type: 'refer-to-chair',
      details: 'Over to the chair.',
      boardMembersEngaged: 'Both Board members met the senior managers.',
    });
    const chair = t.people.find(
      (p) => p.role === 'chair' && p.partnership === worker.partnership,
    ) as PersonSummary;
    // the school's director sits for the pre-school, which has no seat of its own
    const [preschoolRep] = await boardOf('Acorn Lane Pre-school');
    const [school] = await boardOf("Bromley Children's Social Care (demo)");
    const [police] = await boardOf('Metropolitan Police, Bromley (demo)');
    // a member the directory does not seat on the Board is refused, whatever the caller says
    const frontline = t.person('frontline', 'Metropolitan Police, Bromley (demo)');
    const refused = await t.api(chair, 'POST', `/api/v1/cases/${view.id}/commands`, {
      type: 'convene-panel',
      expectedVersion: view.version,
      members: [preschoolRep, school, frontline].map((p) => ({
        personId: p?.id,
        boardMember: true,
        seat: 'executive',
      })),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('panel-members-not-on-board');
    // the chair convenes it on the page: the form offers seats and whom each represents
    const a = new Agent(t.app);
    await givePasswords(t.store, [chair, police as PersonSummary]);
    await a.signIn(chair);
    const form = await a.get(`/cases/${view.id}/convene-panel`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('represents Acorn Lane Pre-school in this disagreement');
    const convened = await a.post(`/cases/${view.id}/convene-panel`, {
      version: versionIn(form.body),
      members: [preschoolRep, school, police].map((p) => p?.id as string),
    });
    expect(convened.location).toBe(`/cases/${view.id}?done=convene-panel`);
    view = (await t.api(chair, 'GET', `/api/v1/cases/${view.id}`)).body;
    const members = view.panel.members as { personId: string; represents: string[] }[];
    expect(members.find((m) => m.personId === preschoolRep?.id)?.represents).toContain(
      agencyId('Acorn Lane Pre-school'),
    );

    // 000 "will collectively resolve": the decision counts once every member agrees it
    view = await command(chair, view, {
      type: 'record-decision',
      decidedBy: 'panel',
      decision: 'An early help assessment within a week.',
    });
    expect(view.status).toBe('open');
    expect(toldFor(view, 'panel-decision-to-agree')).toEqual(
      expect.arrayContaining([preschoolRep?.email, school?.email, police?.email]),
    );
    for (const member of [preschoolRep, school]) {
      view = await command(member as PersonSummary, view, { type: 'agree-panel-decision' });
      expect(view.status).toBe('open');
    }
    // someone not on the panel may not agree for it
    await command(worker, view, { type: 'agree-panel-decision' }, 422);
    // the last member agrees on the page
    const m = new Agent(t.app);
    await m.signIn(police as PersonSummary);
    const show = await m.get(`/cases/${view.id}`);
    expect(show.body).toContain('The Resolution Panel');
    expect(show.body).toContain('Represents Acorn Lane Pre-school');
    expect(show.body).toContain(`/cases/${view.id}/agree-panel-decision`);
    const agreeForm = await m.get(`/cases/${view.id}/agree-panel-decision`);
    expect(agreeForm.body).toContain('An early help assessment within a week.');
    const agreed = await m.post(`/cases/${view.id}/agree-panel-decision`, {
      version: versionIn(agreeForm.body),
    });
    expect(agreed.location).toBe(`/cases/${view.id}?done=agree-panel-decision`);
    view = (await t.api(chair, 'GET', `/api/v1/cases/${view.id}`)).body;
    expect(view.status).toBe('decided');
  });
});
