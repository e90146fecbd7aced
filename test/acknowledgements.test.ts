/**
 * Issue 18, item 7, end to end on the database DATABASE_URL names: a partnership's own policy
 * asks the agency the disagreement is with to acknowledge it "within 1 working day"
 * (`stages[].acknowledgement`). Tried as each person: what each is offered, told and shown; the
 * overdue prompt swept once past the due time, across Easter; the acknowledgement recorded on
 * the case page, the record and the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepAcknowledgements } from '../src/jobs/acknowledgements.js';
import { renderEmail } from '../src/notify/templates.js';
import type { PersonSummary } from '../src/services/people.js';
import { givePasswords, signedInAgents } from './pages/agent.js';
import { bromleyWithAcknowledgement } from './support/acknowledgement-policy.js';
import { createTestApp, type TestApp } from './support/app.js';
import { pdfWords } from './support/pdf.js';
import { caseVersion, raiseBody as raiseBodyFor } from './support/sides.js';

let t: TestApp;
const raiseBody = (agencyId: string) => raiseBodyFor(agencyId, 'Child C (fictional)');

const versionOf = (id: string) => caseVersion(t.store.db, id);

const as = signedInAgents(() => t.app);

describe('the other side acknowledges the escalation, timed and recorded', () => {
  let team: PersonSummary;
  let chair: PersonSummary;
  let teacher: PersonSummary;
  let cscAgency: string;
  let caseId: string;
  let holders: { raising: string[]; other: string[] };
  const byId = (id: string) => t.people.find((p) => p.id === id) as PersonSummary;

  beforeAll(async () => {
    // Thursday 2 April 2026 at 10am, the day before Good Friday
    t = await createTestApp({ now: new Date('2026-04-02T09:00:00Z') });
    team = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === 'bscp',
    ) as PersonSummary;
    chair = t.people.find((p) => p.role === 'chair' && p.partnership === 'bscp') as PersonSummary;
    teacher = t.person('frontline', 'Hillcrest Primary School');
    cscAgency = t.people.find(
      (p) => p.agency?.sector === 'childrens-social-care' && p.partnership === 'bscp',
    )?.agency?.id as string;
    await givePasswords(t.store, t.people);
    const added = await t.api(team, 'POST', '/api/v1/policies', {
      yaml: bromleyWithAcknowledgement,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const raised = await t.api(teacher, 'POST', '/api/v1/cases', raiseBody(cscAgency));
    expect(raised.status).toBe(201);
    caseId = raised.body.id;
    holders = raised.body.stage.holders;
    expect(holders.other.length).toBeGreaterThan(0);
  });
  afterAll(async () => t.close());

  it('is due by 5pm on Tuesday 7 April: Good Friday and Easter Monday are not working days in England', async () => {
    const answer = await t.api(teacher, 'GET', `/api/v1/cases/${caseId}`);
    expect(answer.body.stage.acknowledgement).toEqual({
      dueAt: '2026-04-07T17:00:00+01:00',
      at: null,
      by: null,
      overdue: false,
    });
  });

  it('the e-mail telling the other side of the case asks it to acknowledge, and by when', async () => {
    const rows = await t.store.db
      .selectFrom('outbox')
      .selectAll()
      .where('case_id', '=', caseId)
      .execute();
    const toOther = rows.find((r) => holders.other.includes(r.recipient_person_id ?? ''));
    expect(toOther).toBeDefined();
    const email = renderEmail(
      String(toOther?.template),
      JSON.parse(String(toOther?.data)),
      String(toOther?.reason),
      'https://escalate.example/cases/x',
    );
    expect(email.text).toContain(
      'The policy asks your agency to acknowledge the escalation on the case by 5pm on Tuesday 7 April 2026',
    );
  });

  it('is offered to the other agency’s holder only; everyone in the case sees when it is due', async () => {
    const other = byId(holders.other[0] as string);
    const otherPage = await (await as(other)).get(`/cases/${caseId}`);
    expect(otherPage.body).toContain(`href="/cases/${caseId}/acknowledge"`);
    expect(otherPage.body).toContain('Not yet: due by 7 April 2026 at 5pm');
    expect(otherPage.body).toContain(
      'First, acknowledge the escalation by 5pm on Tuesday 7 April 2026',
    );
    for (const person of [teacher, team, chair]) {
      const page = await (await as(person)).get(`/cases/${caseId}`);
      expect(page.status, person.role).toBe(200);
      expect(page.body, person.role).not.toContain(`/cases/${caseId}/acknowledge"`);
      expect(page.body, person.role).toContain('Not yet: due by 7 April 2026 at 5pm');
    }
    // both managers: the other holder's line manager may take their turn; the raiser's may not
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
    const otherManager = await managerOf(other.id);
    const raisingManager = await managerOf(teacher.id);
    const offered = await (await as(otherManager)).get(`/cases/${caseId}`);
    expect(offered.body).toContain(`href="/cases/${caseId}/acknowledge"`);
    const notOffered = await (await as(raisingManager)).get(`/cases/${caseId}`);
    expect(notOffered.status).toBe(200);
    expect(notOffered.body).not.toContain(`/cases/${caseId}/acknowledge"`);
    expect(notOffered.body).toContain('Not yet: due by 7 April 2026 at 5pm');
    const refused = await t.api(teacher, 'POST', `/api/v1/cases/${caseId}/commands`, {
      type: 'acknowledge',
      expectedVersion: await versionOf(caseId),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('not-your-part');
    expect(refused.body.detail).toMatch(/agency the disagreement is with/);
  });

  it('prompts the other side and their line managers once, after the due time has passed', async () => {
    expect(await sweepAcknowledgements(t.store.db, new Date('2026-04-07T15:59:00Z'))).toBe(0);
    t.clock.now = new Date('2026-04-07T16:01:00Z');
    as.clear(); // five days on: everyone signs in afresh
    const queued = await sweepAcknowledgements(t.store.db, t.clock.now);
    const prompts = await t.store.db
      .selectFrom('outbox')
      .select(['recipient_person_id', 'template', 'data', 'reason'])
      .where('case_id', '=', caseId)
      .where('rule_key', '=', 'acknowledgement-overdue')
      .execute();
    expect(queued).toBe(prompts.length);
    const told = prompts.map((p) => p.recipient_person_id);
    for (const holder of holders.other) expect(told).toContain(holder);
    for (const holder of holders.raising) expect(told).not.toContain(holder);
    expect(prompts.length).toBeGreaterThan(holders.other.length); // and their line managers
    const [again1, again2] = await Promise.all([
      sweepAcknowledgements(t.store.db, new Date('2026-04-08T09:00:00Z')),
      sweepAcknowledgements(t.store.db, new Date('2026-04-08T09:00:00Z')),
    ]);
    expect(again1 + again2).toBe(0);
    const first = prompts[0];
    const email = renderEmail(
      String(first?.template),
      JSON.parse(String(first?.data)),
      String(first?.reason),
      'https://escalate.example/cases/x',
    );
    expect(email.subject).toMatch(/^Overdue: acknowledge disagreement ESC-/);
    const page = await (await as(teacher)).get(`/cases/${caseId}`);
    expect(page.body).toContain('Acknowledgement overdue');
  });

  it('the other agency’s holder acknowledges it on its page; both sides see it, the raiser is told', async () => {
    const other = byId(holders.other[0] as string);
    t.clock.now = new Date('2026-04-08T08:30:00Z');
    as.clear();
    const agent = await as(other);
    const form = await agent.get(`/cases/${caseId}/acknowledge`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('<h1 class="govuk-heading-l">Acknowledge the escalation</h1>');
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] as string;
    const tooLong = await agent.post(`/cases/${caseId}/acknowledge`, {
      version,
      note: 'x'.repeat(10_001),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toContain('govuk-error-summary');
    expect(tooLong.body).toContain('href="#note"');
    const done = await agent.post(`/cases/${caseId}/acknowledge`, {
      version,
      note: 'Our duty manager will call the school today.',
    });
    expect(done.status).toBe(303);
    for (const person of [teacher, other]) {
      const page = await (await as(person)).get(`/cases/${caseId}`);
      expect(page.body).toContain(`Acknowledged by ${other.name} on 8 April 2026`);
      expect(page.body).toContain('Escalation acknowledged');
      expect(page.body).toContain('Late: it was due by');
      expect(page.body).not.toContain('Acknowledgement overdue');
      expect(page.body).not.toContain(`/cases/${caseId}/acknowledge"`);
    }
    const told = await t.store.db
      .selectFrom('outbox')
      .select(['recipient_person_id'])
      .where('case_id', '=', caseId)
      .where('rule_key', '=', 'acknowledgement-told')
      .execute();
    expect(told.map((r) => r.recipient_person_id)).toContain(teacher.id);
    const again = await t.api(other, 'POST', `/api/v1/cases/${caseId}/commands`, {
      type: 'acknowledge',
      expectedVersion: await versionOf(caseId),
    });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('already-acknowledged');
    // the record for the child's file (PDF) says when, by whom, and that it was late
    const pdf = await t.app.inject({
      url: `/cases/${caseId}/record.pdf`,
      headers: { cookie: (await as(teacher)).cookie as string },
    });
    expect(pdf.statusCode).toBe(200);
    const flat = await pdfWords(pdf.rawPayload);
    expect(flat).toContain('Escalation acknowledged');
    expect(flat).toContain('The agency it is with acknowledges it by');
    expect(flat).toContain('Late: it was due by');
    expect(flat).toContain('Our duty manager will call the school today.');
    // nothing more is owed: the sweep has nothing to prompt
    expect(await sweepAcknowledgements(t.store.db, new Date('2026-04-09T09:00:00Z'))).toBe(0);
  });
});
