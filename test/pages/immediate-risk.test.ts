/**
 * A child at immediate risk, through the pages (inject(), on the database DATABASE_URL names):
 * the guidance in the raise journey and on the case, worded for each reader, with the Hub's
 * phone and 999; recording the Hub / MASH referral; starting at a later stage (seed 003); a
 * child-protective deadline after raising. Each page is tried as each person it touches, who
 * sees only what they may do; bad input gets a clear message and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { Agent, errorSummary, givePasswords, versionIn } from './agent.js';

let t: TestApp;
const HUB_PHONE = '020 7946 0990'; // the demo's Bromley Hub (fictional)
const TORBAY_HUB_PHONE = '020 7946 0991';
const BSCB_HUB_PHONE = '020 7946 0992';

const team = (partnership: string) =>
  t.people.find(
    (p) => p.partnership === partnership && p.role === 'partnership-team',
  ) as PersonSummary;

const agents = new Map<string, Agent>();
async function as(person: PersonSummary): Promise<Agent> {
  const known = agents.get(person.id);
  if (known) return known;
  const a = new Agent(t.app);
  await a.signIn(person);
  agents.set(person.id, a);
  return a;
}

/** Every question up to the immediate-risk instruction, a child at immediate risk. */
async function upToTheInstruction(a: Agent, agencyId: string, child: string) {
  const steps: [string, Record<string, string>][] = [
    ['/cases/new/consultation', {}],
    ['/cases/new/child/1', { name: child }],
    ['/cases/new/children', { addAnother: 'no' }],
    ['/cases/new/agencies', { agencies: agencyId }],
    ['/cases/new/category', { category: 'need-for-action' }],
    ['/cases/new/disagreement', { answer: 'The referral was closed without a visit.' }],
    ['/cases/new/evidence', { nature: 'Bruising seen twice', source: 'Incident log' }],
    ['/cases/new/actions-to-date', { answer: 'Phoned the duty worker.' }],
    ['/cases/new/outcome', { answer: 'A visit today.' }],
    ['/cases/new/immediate-risk', { immediateRisk: 'yes' }],
  ];
  for (const [url, form] of steps) {
    const page = await a.get(url);
    if (url === '/cases/new/consultation' && page.location === '/cases/new/child/1') continue;
    expect(page.status, url).toBe(200);
    expect((await a.post(url, form)).status, url).toBe(303);
  }
  return a.get('/cases/new/immediate-risk-action');
}

/** Raises a case with a child at immediate risk through the pages; answers its id. */
async function raiseAtRisk(person: PersonSummary, agencyId: string, child: string) {
  const a = await as(person);
  await upToTheInstruction(a, agencyId, child);
  await a.post('/cases/new/immediate-risk-action');
  await a.get('/cases/new/deadline');
  await a.post('/cases/new/deadline', {});
  await a.get('/cases/new/check');
  let raised = await a.post('/cases/new/check');
  if (raised.location === '/cases/new/possible-duplicate') {
    await a.get(raised.location);
    raised = await a.post(raised.location);
  }
  const id = /^\/cases\/([0-9a-f-]+)\/raised$/.exec(raised.location ?? '')?.[1];
  if (!id) throw new Error(`raise failed: ${raised.status}`);
  return id;
}

/** The first person holding the case's current stage for a side (as its partnership team reads it). */
async function holder(id: string, partnership: string, side: 'raising' | 'other') {
  const { body } = await t.api(team(partnership), 'GET', `/api/v1/cases/${id}`);
  const personId = body.stage.holders[side][0] as string;
  return t.people.find((p) => p.id === personId) as PersonSummary;
}

const currentVersion = async (id: string) =>
  String(
    (
      await t.store.db
        .selectFrom('cases')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).version,
  );

const offers = (body: string, id: string, action: string) =>
  body.includes(`href="/cases/${id}/${action}"`);

const events = async (id: string) =>
  (
    await t.store.db
      .selectFrom('events')
      .select('type')
      .where('case_id', '=', id)
      .orderBy('seq')
      .execute()
  ).map((e) => e.type);

const told = (id: string, rule: string) =>
  t.store.db
    .selectFrom('outbox')
    .select('recipient_email')
    .where('case_id', '=', id)
    .where('rule_key', '=', rule)
    .orderBy('recipient_email')
    .execute()
    .then((rows) => rows.map((r) => r.recipient_email));

beforeAll(async () => {
  t = await createTestApp();
  await givePasswords(t.store, t.people);
});
afterAll(async () => t.close());

describe('the immediate-risk guidance in the raise journey, worded for its reader', () => {
  it('002 1.5: a DSL is told to refer to the Hub now, on its phone, and 999; not to tell their DSL', async () => {
    const dsl = t.person('dsl', 'Hillcrest Primary');
    const csc = t.person('frontline', "Bromley Children's Social Care");
    const page = await upToTheInstruction(await as(dsl), csc.agency?.id as string, 'J.K.');
    expect(page.status).toBe(200);
    expect(page.body).toContain('If a child is in immediate danger, call 999 now.');
    expect(page.body).toContain(
      'Make a referral to <strong>Children and Families Hub</strong> now',
    );
    expect(page.body).toContain(HUB_PHONE);
    expect(page.body).not.toContain('Tell your designated safeguarding lead');
  });

  it('002 1.5: a practitioner is told to refer and to tell their designated safeguarding lead', async () => {
    const worker = t.person('frontline', 'Hillcrest Primary');
    const csc = t.person('frontline', "Bromley Children's Social Care");
    const page = await upToTheInstruction(await as(worker), csc.agency?.id as string, 'L.M.');
    expect(page.body).toContain('call 999 now');
    expect(page.body).toContain(
      'Make a referral to <strong>Children and Families Hub</strong> now',
    );
    expect(page.body).toContain('Tell your designated safeguarding lead immediately.');
    expect(page.body).toContain(HUB_PHONE);
  });

  it('001 "the manager or designated safeguarding lead (DSL) will make a referral to MASH": a practitioner is told to go to them, and that Escalate e-mails them', async () => {
    const worker = t.person('frontline', 'Little Meadows');
    const csc = t.person('frontline', "Bromley Children's Social Care");
    const page = await upToTheInstruction(await as(worker), csc.agency?.id as string, 'N.P.');
    expect(page.body).toContain('call 999 now');
    expect(page.body).toContain(
      'Your policy says a manager or designated safeguarding lead makes the referral to <strong>MASH (Multi-Agency Safeguarding Hub)</strong>. Tell one of them at once',
    );
    expect(page.body).not.toContain('Make a referral to');
    expect(page.body).toContain(
      "Escalate e-mails your agency's manager and designated safeguarding lead",
    );
  });

  it('003 "discretion should be used as to which stage is initiated": the guidance says where to choose the stage', async () => {
    const worker = t.person('frontline', 'Harbourside');
    const other = t.person('frontline', "Torbay Children's Services");
    const page = await upToTheInstruction(await as(worker), other.agency?.id as string, 'Q.R.');
    expect(page.body).toContain('call 999 now');
    expect(page.body).toContain(TORBAY_HUB_PHONE);
    expect(page.body).toContain('choose &ldquo;Start at a later stage&rdquo; on the case');
  });
});

describe('seed 001: a practitioner flags a child at immediate risk', () => {
  let id: string;
  const worker = () => t.person('frontline', 'Little Meadows');
  const manager = () => t.person('manager', 'Little Meadows');
  const settingDsl = () => t.person('dsl', 'Little Meadows');
  const csc = () => t.person('frontline', "Bromley Children's Social Care");
  const cscDsl = () => t.person('dsl', "Bromley Children's Social Care");

  beforeAll(async () => {
    id = await raiseAtRisk(worker(), csc().agency?.id as string, 'S.T.');
  });

  it('001 "the manager or designated safeguarding lead (DSL) will make a referral to MASH": the setting\'s manager and DSL are e-mailed at once', async () => {
    expect(await told(id, 'manager-dsl-immediate-risk')).toEqual(
      [manager().email, settingDsl().email].sort(),
    );
    const row = await t.store.db
      .selectFrom('outbox')
      .select(['data', 'reason'])
      .where('case_id', '=', id)
      .where('recipient_email', '=', manager().email)
      .where('rule_key', '=', 'manager-dsl-immediate-risk')
      .executeTakeFirstOrThrow();
    const data = JSON.parse(row.data);
    // the e-mail carries the case reference, never the child
    expect(JSON.stringify(data)).not.toContain('S.T.');
    expect(data.referralService).toBe('MASH (Multi-Agency Safeguarding Hub)');
  });

  it('offers the referral only to those the policy says make it, on either side', async () => {
    // a worker at the other agency who takes no part does not see the case at all
    expect((await (await as(csc())).get(`/cases/${id}`)).status).toBe(404);
    for (const [person, may] of [
      [worker(), false],
      [manager(), true],
      [settingDsl(), true],
      [await holder(id, 'bscp', 'other'), true],
      [cscDsl(), true],
      [team('bscp'), false],
    ] as const) {
      const page = await (await as(person)).get(`/cases/${id}`);
      expect(page.status, person.role).toBe(200);
      expect(offers(page.body, id, 'record-hub-referral'), `${person.role} ${person.name}`).toBe(
        may,
      );
    }
    const refused = await (await as(worker())).get(`/cases/${id}/record-hub-referral`);
    expect(refused.location).toBe(`/cases/${id}?refused=record-hub-referral`);
  });

  it('shows each reader what to do on the case: 999, the Hub phone, and whose referral it is', async () => {
    const forWorker = (await (await as(worker())).get(`/cases/${id}`)).body;
    expect(forWorker).toContain('A child may be at immediate risk of harm');
    expect(forWorker).toContain('call 999 now');
    expect(forWorker).toContain(HUB_PHONE);
    expect(forWorker).toContain('Tell one of them at once');
    // no "Escalate e-mails" on the case: that was done when it was raised
    expect(forWorker).not.toContain('Escalate e-mails');
    // the partnership team is not told to tell a DSL it does not have
    const forTeam = (await (await as(team('bscp'))).get(`/cases/${id}`)).body;
    expect(forTeam).toContain('call 999 now');
    expect(forTeam).toContain('designated safeguarding lead at the agency makes the referral');
    expect(forTeam).not.toContain('Tell your');
    const forManager = (await (await as(manager())).get(`/cases/${id}`)).body;
    expect(forManager).toContain('Make a referral to <strong>MASH (Multi-Agency Safeguarding Hub)');
    expect(forManager).not.toContain('Tell your manager');
  });

  it('records the referral on its own page, refusing bad input with an error summary, and shows it on the case', async () => {
    const a = await as(manager());
    const form = await a.get(`/cases/${id}/record-hub-referral`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('value="MASH (Multi-Agency Safeguarding Hub)"');
    expect(form.body).toContain('call 999 now');
    expect(form.body).toContain(HUB_PHONE);
    // the case already says the child is at risk: no box to tick
    expect(form.body).not.toContain('name="immediateRisk"');
    const before = await events(id);
    const bad = await a.post(`/cases/${id}/record-hub-referral`, {
      version: versionIn(form.body),
      service: '',
      'when-day': '31',
      'when-month': '2',
      'when-year': '2026',
      'when-time': '10:00',
    });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'Enter the service the referral was made to',
      'Enter when the referral was made as a real date and a time on the 24-hour clock, like 27 3 2026 and 14:30',
    ]);
    expect(bad.body).toContain('href="#service"');
    expect(bad.body).toContain('href="#when-day"');
    expect(bad.body).toContain('value="31"');
    expect(await events(id)).toEqual(before);

    const good = await a.post(`/cases/${id}/record-hub-referral`, {
      version: versionIn(form.body),
      service: 'MASH (Multi-Agency Safeguarding Hub)',
      reference: 'MASH-0042',
      'when-day': '2',
      'when-month': '11',
      'when-year': '2026',
      'when-time': '09:15',
    });
    expect(good.location).toBe(`/cases/${id}?done=record-hub-referral`);
    const page = await a.get(good.location as string);
    expect(page.body).toContain('Record the referral for a child at immediate risk: done.');
    expect(page.body).toContain(
      'To MASH (Multi-Agency Safeguarding Hub) on 2 November 2026 at 9:15am, reference MASH-0042',
    );
    expect(page.body).toContain('Made on 2 November 2026 at 9:15am');
    // recorded once: nobody is offered it again
    for (const person of [manager(), settingDsl(), cscDsl()]) {
      const seen = (await (await as(person)).get(`/cases/${id}`)).body;
      expect(offers(seen, id, 'record-hub-referral')).toBe(false);
      expect(seen).toContain('The referral to MASH (Multi-Agency Safeguarding Hub) was made on');
    }
  });
});

describe('a referral on a case raised without the risk (seed 002)', () => {
  it('002 1.5: recording it flags the child at immediate risk, and the DSL in the raising agency is told', async () => {
    const worker = t.person('frontline', 'Hillcrest Primary');
    const schoolDsl = t.person('dsl', 'Hillcrest Primary');
    const police = t.person('frontline', 'Metropolitan Police');
    const raised = await t.api(worker, 'POST', '/api/v1/cases', {
      children: [{ name: 'U.V.' }],
      agencies: [police.agency?.id],
      category: 'need-for-action',
      disagreement: 'x',
      evidence: { nature: 'x', source: 'y' },
      actionsToDate: 'x',
      outcomeSought: 'x',
      immediateRisk: false,
    });
    const id = raised.body.id as string;
    expect(await told(id, 'dsl-immediate-risk')).toEqual([]);
    const a = await as(police);
    const form = await a.get(`/cases/${id}/record-hub-referral`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('name="immediateRisk"');
    const fields = {
      version: versionIn(form.body),
      service: 'Children and Families Hub',
      'when-day': '2',
      'when-month': '11',
      'when-year': '2026',
      'when-time': '08:00',
    };
    // without saying the child is at risk: the engine's reason, and nothing recorded
    const refused = await a.post(`/cases/${id}/record-hub-referral`, fields);
    expect(refused.status).toBe(422);
    expect(errorSummary(refused.body)[0]).toMatch(/recorded only for a child at immediate risk/);
    const flagged = await a.post(`/cases/${id}/record-hub-referral`, {
      ...fields,
      immediateRisk: 'yes',
    });
    expect(flagged.location).toBe(`/cases/${id}?done=record-hub-referral`);
    expect(await told(id, 'dsl-immediate-risk')).toEqual([schoolDsl.email]);
    const page = await a.get(`/cases/${id}`);
    expect(page.body).toContain('Immediate risk');
  });
});

describe('starting at a later stage (seed 003)', () => {
  let id: string;
  const worker = () => t.person('frontline', 'Harbourside');
  const settingManager = () => t.person('manager', 'Harbourside');
  const other = () => t.person('frontline', "Torbay Children's Services");
  const otherDsl = () => t.person('dsl', "Torbay Children's Services");

  beforeAll(async () => {
    id = await raiseAtRisk(worker(), other().agency?.id as string, 'W.X.');
  });

  it('003 "discretion should be used as to which stage is initiated": the raising side may, the other side and the partnership may not', async () => {
    const otherHolder = await holder(id, 'tscp', 'other');
    for (const [person, may] of [
      [worker(), true],
      [settingManager(), true],
      [otherHolder, false],
      [otherDsl(), false],
      [team('tscp'), false],
    ] as const) {
      const page = await (await as(person)).get(`/cases/${id}`);
      expect(offers(page.body, id, 'start-at-stage'), `${person.role} ${person.name}`).toBe(may);
    }
    const refused = await (await as(otherHolder)).get(`/cases/${id}/start-at-stage`);
    expect(refused.location).toBe(`/cases/${id}?refused=start-at-stage`);
    // a forged post changes nothing
    const before = await events(id);
    const forged = await (await as(otherHolder)).post(`/cases/${id}/start-at-stage`, {
      version: await currentVersion(id),
      stage: '2',
      justification: 'x',
    });
    expect(forged.status).toBe(422);
    expect(errorSummary(forged.body)[0]).toMatch(/^Only the agency that raised the disagreement/);
    expect(await events(id)).toEqual(before);
  });

  it('003 "discretion should be used as to which stage is initiated": offers the stages before the chair\'s, asks why, and records it', async () => {
    const a = await as(worker());
    const form = await a.get(`/cases/${id}/start-at-stage`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('Stage 2: Manager : Manager');
    expect(form.body).not.toContain('Stage 3:');
    expect(form.body).not.toContain('value="1"');
    const version = versionIn(form.body);
    const none = await a.post(`/cases/${id}/start-at-stage`, { version });
    expect(none.status).toBe(400);
    expect(errorSummary(none.body)).toEqual(['Select the stage to start at']);
    const why = await a.post(`/cases/${id}/start-at-stage`, { version, stage: '2' });
    expect(why.status).toBe(422);
    expect(errorSummary(why.body)).toEqual([
      'Explain why the child needs the case to start at this stage.',
    ]);
    expect(why.body).toContain('href="#justification"');
    expect(why.body).toMatch(/value="2" checked/);
    const done = await a.post(`/cases/${id}/start-at-stage`, {
      version,
      stage: '2',
      justification: 'Bruising again today; managers must act now.',
    });
    expect(done.location).toBe(`/cases/${id}?done=start-at-stage`);
    const page = await a.get(`/cases/${id}`);
    expect(page.body).toContain('2: Manager : Manager');
    expect(page.body).toContain('Why: Bruising again today; managers must act now.');
    // the new holders on both sides are told, as at any stage
    expect((await told(id, 'holders-told')).length).toBeGreaterThan(0);
    // once past stage 1, it is not offered again
    expect(offers(page.body, id, 'start-at-stage')).toBe(false);
  });
});

describe('a child-protective deadline after raising (seed 004)', () => {
  let id: string;
  const worker = () => t.person('frontline', 'Riverside Nursery');
  const other = () => t.person('frontline', 'Borough Children and Families');

  beforeAll(async () => {
    id = await raiseAtRisk(worker(), other().agency?.id as string, 'Y.Z.');
  });

  it('004 STAGE 1: SENIOR STAFF "within a timescale that protects the child from harm": either side may set it, the partnership team may not', async () => {
    for (const [person, may] of [
      [worker(), true],
      [await holder(id, 'bscb', 'other'), true],
      [team('bscb'), false],
    ] as const) {
      const page = await (await as(person)).get(`/cases/${id}`);
      expect(
        offers(page.body, id, 'set-child-protective-deadline'),
        `${person.role} ${person.name}`,
      ).toBe(may);
    }
    const page = await (await as(worker())).get(`/cases/${id}`);
    expect(page.body).toContain(BSCB_HUB_PHONE);
  });

  it('004 STAGE 1: SENIOR STAFF "within a timescale that protects the child from harm": sets the deadline from its page, refusing a date not real or past', async () => {
    const a = await as(await holder(id, 'bscb', 'other'));
    const form = await a.get(`/cases/${id}/set-child-protective-deadline`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('value="17:00"');
    const version = versionIn(form.body);
    const before = await events(id);
    const unreal = await a.post(`/cases/${id}/set-child-protective-deadline`, {
      version,
      'deadline-day': '30',
      'deadline-month': '2',
      'deadline-year': '2026',
      'deadline-time': '17:00',
      reason: '',
    });
    expect(unreal.status).toBe(400);
    expect(errorSummary(unreal.body)).toEqual([
      'Enter the deadline as a real date and a time on the 24-hour clock, like 27 3 2026 and 14:30',
      'Enter why the child needs this deadline',
    ]);
    const past = await a.post(`/cases/${id}/set-child-protective-deadline`, {
      version,
      'deadline-day': '1',
      'deadline-month': '11',
      'deadline-year': '2026',
      'deadline-time': '17:00',
      reason: 'A visit is needed.',
    });
    expect(past.status).toBe(422);
    expect(errorSummary(past.body)[0]).toMatch(/must be later than now/);
    expect(await events(id)).toEqual(before);
    const set = await a.post(`/cases/${id}/set-child-protective-deadline`, {
      version,
      'deadline-day': '4',
      'deadline-month': '11',
      'deadline-year': '2026',
      'deadline-time': '12:00',
      reason: 'A visit is needed before the weekend.',
    });
    expect(set.location).toBe(`/cases/${id}?done=set-child-protective-deadline`);
    const page = await a.get(`/cases/${id}`);
    expect(page.body).toContain('Child-protective deadline set');
    expect(page.body).toContain('A visit is needed before the weekend.');
    expect(page.body).toContain('12pm on Wednesday 4 November 2026');
  });
});
