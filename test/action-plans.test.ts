/**
 * Issue 18, item 8, end to end on the database DATABASE_URL names: a partnership's own policy
 * asks for an agreed action plan before a disagreement is resolved (`actionPlan.atResolution:
 * required`), with a reminder 1 working day before each action is due and an overdue prompt.
 * Tried as each person (the raiser, the other agency's holder, both managers, the partnership
 * team, the chair): what each is offered and shown; due dates across Easter; the e-mails swept
 * once; the plan open after resolution; the case page, the record (PDF) and the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepActionPlans } from '../src/jobs/action-plans.js';
import { renderEmail } from '../src/notify/templates.js';
import type { PersonSummary } from '../src/services/people.js';
import { givePasswords, signedInAgents } from './pages/agent.js';
import { bromleyWithActionPlan } from './support/action-plan-policy.js';
import { createTestApp, type TestApp } from './support/app.js';
import { pdfWords } from './support/pdf.js';
import { caseVersion, raiseBody as raiseBodyFor } from './support/sides.js';

let t: TestApp;
const raiseBody = (agencyId: string) => raiseBodyFor(agencyId, 'Child D (fictional)');

const versionOf = (id: string) => caseVersion(t.store.db, id);

const as = signedInAgents(() => t.app);

const STRATEGY = 'Social care holds a strategy discussion with the school (fictional).';
const ATTEND = 'The school sends its notes to the discussion (fictional).';

describe('an agreed action plan: actions, owners, due dates, reminders, done or not', () => {
  let team: PersonSummary;
  let chair: PersonSummary;
  let teacher: PersonSummary;
  let other: PersonSummary;
  let otherManager: PersonSummary;
  let raisingManager: PersonSummary;
  let schoolAgency: string;
  let cscAgency: string;
  let caseId: string;
  let holders: { raising: string[]; other: string[] };
  const byId = (id: string) => t.people.find((p) => p.id === id) as PersonSummary;
  const managerOf = async (id: string) =>
    byId(
      (
        await t.store.db
          .selectFrom('people')
          .select('line_manager_id')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).line_manager_id as string,
    );

  beforeAll(async () => {
    // Thursday 2 April 2026 at 10am, the day before Good Friday
    t = await createTestApp({ now: new Date('2026-04-02T09:00:00Z') });
    team = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === 'bscp',
    ) as PersonSummary;
    chair = t.people.find((p) => p.role === 'chair' && p.partnership === 'bscp') as PersonSummary;
    teacher = t.person('frontline', 'Hillcrest Primary School');
    schoolAgency = teacher.agency?.id as string;
    cscAgency = t.people.find(
      (p) => p.agency?.sector === 'childrens-social-care' && p.partnership === 'bscp',
    )?.agency?.id as string;
    await givePasswords(t.store, t.people);
    const added = await t.api(team, 'POST', '/api/v1/policies', { yaml: bromleyWithActionPlan });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const raised = await t.api(teacher, 'POST', '/api/v1/cases', raiseBody(cscAgency));
    expect(raised.status).toBe(201);
    caseId = raised.body.id;
    holders = raised.body.stage.holders;
    other = byId(holders.other[0] as string);
    otherManager = await managerOf(other.id);
    raisingManager = await managerOf(teacher.id);
  });
  afterAll(async () => t.close());

  it('actionPlan.atResolution "required": resolving with no plan is refused, naming the clause, and changes nothing', async () => {
    const version = await versionOf(caseId);
    const refused = await t.api(teacher, 'POST', `/api/v1/cases/${caseId}/commands`, {
      type: 'resolve',
      outcome: 'Agreed',
      agreedBy: [
        { agencyId: schoolAgency, name: 'A. Teacher' },
        { agencyId: cscAgency, name: 'S. Worker' },
      ],
      expectedVersion: version,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('action-plan-required');
    expect(refused.body.detail).toContain('example-procedure.txt 5.3');
    expect(await versionOf(caseId)).toBe(version);
  });

  it('adding an action is offered to both sides holding the stage and their managers; not to the team or the chair', async () => {
    for (const person of [teacher, other, raisingManager, otherManager]) {
      const page = await (await as(person)).get(`/cases/${caseId}`);
      expect(page.body, person.name).toContain(`href="/cases/${caseId}/add-plan-action"`);
    }
    for (const person of [team, chair]) {
      const page = await (await as(person)).get(`/cases/${caseId}`);
      expect(page.status, person.role).toBe(200);
      expect(page.body, person.role).not.toContain(`/cases/${caseId}/add-plan-action"`);
      const api = await t.api(person, 'POST', `/api/v1/cases/${caseId}/commands`, {
        type: 'add-plan-action',
        description: STRATEGY,
        ownerAgencyId: cscAgency,
        dueOn: '2026-04-08',
        expectedVersion: await versionOf(caseId),
      });
      expect(api.status, person.role).toBe(422);
    }
  });

  it('on its page: Easter Monday is refused (not a working day in England and Wales), a date that does not exist too, with the error summary; nothing changes', async () => {
    const agent = await as(teacher);
    const form = await agent.get(`/cases/${caseId}/add-plan-action`);
    expect(form.status).toBe(200);
    expect(form.body).toContain(
      '<h1 class="govuk-heading-l">Add an action to the agreed plan</h1>',
    );
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] as string;
    const answers = {
      version,
      description: STRATEGY,
      ownerAgencyId: cscAgency,
      'dueOn-day': '6',
      'dueOn-month': '4',
      'dueOn-year': '2026',
    };
    const holiday = await agent.post(`/cases/${caseId}/add-plan-action`, answers);
    expect(holiday.status).toBe(422);
    expect(holiday.body).toContain('govuk-error-summary');
    expect(holiday.body).toContain('href="#dueOn-day"');
    expect(holiday.body).toContain('6 April 2026 is not a working day in England and Wales');
    const unreal = await agent.post(`/cases/${caseId}/add-plan-action`, {
      ...answers,
      'dueOn-day': '31',
    });
    expect(unreal.status).toBe(400);
    expect(unreal.body).toContain('Enter the date it is due as a real date');
    expect(String(await versionOf(caseId))).toBe(version);
  });

  it('the raiser adds an action for social care; the other agency’s holder one for the school, through the API', async () => {
    const agent = await as(teacher);
    const form = await agent.get(`/cases/${caseId}/add-plan-action`);
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] as string;
    const added = await agent.post(`/cases/${caseId}/add-plan-action`, {
      version,
      description: STRATEGY,
      ownerAgencyId: cscAgency,
      'dueOn-day': '8',
      'dueOn-month': '4',
      'dueOn-year': '2026',
    });
    expect(added.status).toBe(303);
    const api = await t.api(other, 'POST', `/api/v1/cases/${caseId}/commands`, {
      type: 'add-plan-action',
      description: ATTEND,
      ownerAgencyId: schoolAgency,
      dueOn: '2026-04-09',
      expectedVersion: await versionOf(caseId),
    });
    expect(api.status, JSON.stringify(api.body)).toBe(200);
    expect(api.body.planActions).toMatchObject([
      {
        actionId: 'action-1',
        ownerAgencyId: cscAgency,
        dueAt: '2026-04-08T17:00:00+01:00',
        // 1 working day before Wednesday 8 April: the start of Tuesday 7 April (Easter Monday passed over)
        remindAt: '2026-04-07T00:00:00+01:00',
        done: null,
        overdue: false,
      },
      { actionId: 'action-2', ownerAgencyId: schoolAgency, done: null },
    ]);
    for (const person of [teacher, other, team, chair]) {
      const page = await (await as(person)).get(`/cases/${caseId}`);
      expect(page.body, person.role).toContain('The agreed action plan');
      expect(page.body, person.role).toContain(STRATEGY);
      expect(page.body, person.role).toContain('8 April 2026, by 5pm');
      expect(page.body, person.role).toContain('Not done yet');
    }
  });

  it('with a plan, the resolution is accepted; the plan stays open on the case page', async () => {
    // the resolve page points to the plan, not to a free-text list of actions
    const resolvePage = await (await as(teacher)).get(`/cases/${caseId}/resolve`);
    expect(resolvePage.status).toBe(200);
    expect(resolvePage.body).toContain(
      "The agreed actions are in the case's action plan (2 actions so far)",
    );
    expect(resolvePage.body).not.toContain('name="actions"');
    const resolved = await t.api(teacher, 'POST', `/api/v1/cases/${caseId}/commands`, {
      type: 'resolve',
      outcome: 'Agreed: a strategy discussion.',
      agreedBy: [
        { agencyId: schoolAgency, name: 'A. Teacher' },
        { agencyId: cscAgency, name: 'S. Worker' },
      ],
      expectedVersion: await versionOf(caseId),
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    const page = await (await as(teacher)).get(`/cases/${caseId}`);
    expect(page.body).toContain('Still open: 2 of the 2 agreed.');
    expect(page.body).toContain('The plan stays open after the disagreement is closed');
  });

  it('reminds the owning side’s holders 1 working day before, once; the overdue prompt once past the due time', async () => {
    const told = async (rule: string) =>
      t.store.db
        .selectFrom('outbox')
        .select(['recipient_person_id', 'template', 'data', 'reason'])
        .where('case_id', '=', caseId)
        .where('rule_key', '=', rule)
        .execute();
    // the start of Tuesday 7 April, London time, is 23:00 UTC on the Monday
    expect(await sweepActionPlans(t.store.db, new Date('2026-04-06T22:59:00Z'))).toBe(0);
    const [a, b] = await Promise.all([
      sweepActionPlans(t.store.db, new Date('2026-04-06T23:01:00Z')),
      sweepActionPlans(t.store.db, new Date('2026-04-06T23:01:00Z')),
    ]);
    const reminders = await told('plan-action-reminder');
    expect(a + b).toBe(reminders.length);
    expect(reminders.map((r) => r.recipient_person_id).sort()).toEqual([...holders.other].sort());
    const email = renderEmail(
      String(reminders[0]?.template),
      JSON.parse(String(reminders[0]?.data)),
      String(reminders[0]?.reason),
      'https://escalate.example/cases/x',
    );
    expect(email.subject).toMatch(/^Disagreement ESC-.*: an agreed action is due soon$/);
    expect(email.text).toContain('is due by 5pm on Wednesday 8 April 2026');
    // no personal details in the e-mail: the action's words stay behind sign-in
    expect(email.text).not.toContain(STRATEGY);
    expect(await sweepActionPlans(t.store.db, new Date('2026-04-07T09:00:00Z'))).toBe(0);
    // past 5pm on Wednesday 8 April: social care's action is overdue; the school's is reminded
    t.clock.now = new Date('2026-04-08T16:01:00Z');
    as.clear();
    await sweepActionPlans(t.store.db, t.clock.now);
    const overdue = await told('plan-action-overdue');
    expect(overdue.map((r) => r.recipient_person_id).sort()).toEqual([...holders.other].sort());
    expect((await told('plan-action-reminder')).map((r) => r.recipient_person_id)).toEqual(
      expect.arrayContaining(holders.raising),
    );
    expect(await sweepActionPlans(t.store.db, new Date('2026-04-08T17:00:00Z'))).toBe(0);
    const page = await (await as(teacher)).get(`/cases/${caseId}`);
    expect(page.body).toContain('Action overdue');
  });

  it('after resolution, only the owning agency marks its action done: the school may not mark social care’s', async () => {
    const refused = await t.api(teacher, 'POST', `/api/v1/cases/${caseId}/commands`, {
      type: 'mark-action-done',
      actionId: 'action-1',
      doneOn: '2026-04-08',
      expectedVersion: await versionOf(caseId),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('not-the-owning-agency');
    for (const person of [team, chair]) {
      const page = await (await as(person)).get(`/cases/${caseId}`);
      expect(page.body, person.role).not.toContain(`/cases/${caseId}/mark-action-done"`);
    }
    const agent = await as(other);
    const caseBody = (await agent.get(`/cases/${caseId}`)).body;
    expect(caseBody).toContain(`href="/cases/${caseId}/mark-action-done"`);
    expect(caseBody).toContain('Your agency has an action of the agreed plan still to do');
    const form = await agent.get(`/cases/${caseId}/mark-action-done`);
    expect(form.status).toBe(200);
    // only social care's own action is offered
    expect(form.body).toContain(STRATEGY);
    expect(form.body).not.toContain(ATTEND);
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] as string;
    const done = await agent.post(`/cases/${caseId}/mark-action-done`, {
      version,
      actionId: 'action-1',
      'doneOn-day': '8',
      'doneOn-month': '4',
      'doneOn-year': '2026',
      note: 'Held on Wednesday afternoon (fictional).',
    });
    expect(done.status, done.body).toBe(303);
    const page = await (await as(teacher)).get(`/cases/${caseId}`);
    expect(page.body).toContain('Done on 8 April 2026');
    expect(page.body).toContain('Still open: 1 of the 2 agreed.');
    // done: nothing more is owed for it
    t.clock.now = new Date('2026-04-10T09:00:00Z');
    expect(await sweepActionPlans(t.store.db, t.clock.now)).toBe(
      holders.raising.length, // the school's own action, now overdue
    );
  });

  it('the record for the child’s file (PDF) lists the plan, who does each action, when due, and done or not', async () => {
    as.clear();
    const pdf = await t.app.inject({
      url: `/cases/${caseId}/record.pdf`,
      headers: { cookie: (await as(teacher)).cookie as string },
    });
    expect(pdf.statusCode).toBe(200);
    const flat = await pdfWords(pdf.rawPayload);
    expect(flat).toContain('The agreed action plan');
    expect(flat).toContain('Action added to the agreed plan');
    expect(flat).toContain('Agreed action done');
    expect(flat).toContain('Done on 8 April 2026');
    expect(flat).toContain('Overdue');
  });
});
