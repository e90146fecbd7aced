/**
 * Seed 001 (Ready Steady Grow Pre-School's local version of the Bromley policy) from raising to
 * the Resolution Panel's decision, through the JSON API as each side, on the database
 * DATABASE_URL names. Each test names the clauses it proves; docs/seed-coverage.md points here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../src/services/people.js';
import { verifyCase } from '../src/store/event-store.js';
import { createTestApp, type TestApp } from './support/app.js';
import { journey } from './support/seed-journey.js';

const SETTING = 'Little Meadows Pre-school';
const CSC = "Bromley Children's Social Care (demo)";
const SCHOOL = 'Hillcrest Primary School';
const GP = 'Elm Road Surgery';
const POLICE = 'Metropolitan Police, Bromley (demo)';
const BSCP = 'business-unit@bscp-demo.example';

let t: TestApp;
let j: ReturnType<typeof journey>;
let c: Awaited<ReturnType<ReturnType<typeof journey>['raise']>>;
let worker: PersonSummary;
let manager: PersonSummary;
let dsl: PersonSummary;
let chair: PersonSummary;

describe('seed 001 (bromley-ready-steady-grow-preschool): a case from raising to the panel, as each side', () => {
  beforeAll(async () => {
    // Monday 2 November 2026, 09:30
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    j = journey(t);
    worker = t.person('frontline', SETTING);
    manager = t.person('manager', SETTING);
    dsl = t.person('dsl', SETTING);
    chair = j.partnershipPerson('chair', 'bscp');
  });
  afterAll(async () => t.close());

  it('001 "resolve differences through discussion within one working week": raised under the setting\'s own policy, every stage falls due within five working days of raising', async () => {
    c = await j.raise(worker, CSC, {
      children: [{ name: 'M.N. (fictional)', childProtectionPlan: true, lookedAfter: false }],
    });
    expect(c.view.policy.id).toBe('bromley-ready-steady-grow-preschool');
    expect(c.view.stage).toMatchObject({ number: 1, key: 'discussion' });
    // Monday 9 November, 17:00 in London (GMT)
    expect(Date.parse(c.view.stage.dueAt)).toBe(Date.parse('2026-11-09T17:00:00Z'));
  });

  it('001 "consult the manager to clarify their thinking" / "evidence the nature and source of the concerns": the optional consultation is recorded by the raising side with the manager', async () => {
    await c.act(worker, {
      type: 'record-consultation',
      with: { personId: manager.id, role: 'manager' },
      answers: { evidence: 'What the key worker saw, written up the same day.' },
      summary: 'Talked it through with the manager before going further.',
    });
    expect(c.lastEvent('consultation-recorded')).toMatchObject({
      with: { personId: manager.id, role: 'manager' },
    });
    expect(c.view.stage.number).toBe(1);
  });

  it('001 "Stage One: If a matter of concern needs to be resolved": the other agency is told at once; the two sides record their discussion by phone', async () => {
    const told = c.told('other-agency-told');
    expect(told.length).toBeGreaterThan(0);
    for (const email of told) {
      expect(t.people.find((p) => p.email === email)?.agency?.name).toBe(CSC);
    }
    const [other] = c.holders('other');
    expect(other?.agency?.name).toBe(CSC);
    await c.act(manager, {
      type: 'record-discussion',
      when: '2026-11-02T11:00:00Z',
      how: 'phone',
      participants: ['The setting manager', 'The social worker'],
      summary: 'The manager phoned the social worker about the closure.',
      outcome: 'Not agreed.',
    });
    expect(c.lastEvent('discussion-recorded')).toMatchObject({ how: 'phone', by: manager.id });
  });

  it('001 "Stage Two: If the problem is not resolved" / "the DSL must be made aware": at stage 2 the manager or DSL holds it and, the child having a plan, the DSL is told', async () => {
    await c.act(manager, { type: 'escalate', reason: 'Not resolved by discussion.' });
    expect(c.view.stage).toMatchObject({ number: 2, key: 'safeguarding-advice' });
    for (const holder of c.holders('raising')) expect(['manager', 'dsl']).toContain(holder.role);
    expect(c.told('dsl-aware-stage-2')).toEqual([dsl.email]);
    expect(c.told('raiser-kept-informed')).toContain(worker.email);
    expect(c.view.nextStep.text).toMatch(/safeguarding team/);
  });

  it('001 "Stage Three: If the problem is not resolved at Stage Two" / "the respective agency members on the Bromley Safeguarding Children Board should help to seek a resolution": the other agency\'s management holds stage 3 and is told; so are the Board members (member and deputy) for both sides', async () => {
    const [other] = c.holders('other');
    await c.act(other as PersonSummary, { type: 'escalate', reason: 'Still not agreed.' });
    expect(c.view.stage).toMatchObject({ number: 3, key: 'management' });
    for (const holder of c.holders('other')) {
      expect(['manager', 'dsl', 'senior-manager', 'director']).toContain(holder.role);
      expect(c.told('holders-told')).toContain(holder.email);
    }
    // the setting has no seat of its own: the school's member and deputy represent it
    const board = [...(await j.boardOf(SETTING)), ...(await j.boardOf(CSC))];
    expect(board.map((p) => p.role).sort()).toEqual([
      'director',
      'director',
      'senior-manager',
      'senior-manager',
    ]);
    expect(c.told('board-members-engaged').sort()).toEqual(
      [...new Set(board.map((p) => p.email))].sort(),
    );
  });

  it('001 "We will e-mail details through to bscb@bromley.gov.uk" / "for the attention of the independent chair" / "before the case is raised with the BSCB Chair": the setting refers it, saying how the Board members helped; the partnership mailbox and the chair are told', async () => {
    const holder = c.holders('raising')[0] ?? manager;
    const details = 'Not resolved within the agencies; for the attention of the independent chair.';
    await c.refused(holder, { type: 'refer-to-chair', details }, 'board-members-not-engaged');
    await c.act(holder, {
      type: 'refer-to-chair',
      details,
      boardMembersEngaged: 'The CSC Board member spoke to both managers.',
    });
    expect(c.view.stage).toMatchObject({ number: 4, key: 'chair' });
    expect(c.told('referral-to-chair')).toEqual([BSCP, chair.email]);
  });

  it('001 "senior officers from three agencies who are members of the full Board of the BSCB" / "senior officers must include the agencies concerned in the professional differences": the panel needs three agencies on the Board (seats from the directory), including both in the disagreement, the setting through its representative', async () => {
    await c.refused(
      chair,
      { type: 'convene-panel', members: j.panelOf(CSC, SCHOOL) },
      'panel-too-few-agencies',
    );
    await c.refused(
      chair,
      { type: 'convene-panel', members: j.panelOf(SCHOOL, GP, POLICE) },
      'panel-missing-disputing-agency',
    );
    // the setting's director has no Board seat, whatever the caller claims
    await c.refused(
      chair,
      {
        type: 'convene-panel',
        members: j.panelOf(SETTING, SCHOOL, GP).map((m) => ({ ...m, boardMember: true })),
      },
      'panel-members-not-on-board',
    );
    // children's social care's deputy sits on the Board for CSC; the school's director
    // represents the setting (it has no seat of its own), and is not in the disagreement
    const [, deputy] = await j.boardOf(CSC);
    expect(deputy?.role).toBe('senior-manager');
    await c.act(chair, {
      type: 'convene-panel',
      members: [{ personId: deputy?.id }, ...j.panelOf(SCHOOL, GP)],
    });
    expect(c.view.panel.members[0]).toMatchObject({
      personId: deputy?.id,
      seat: 'board',
      represents: [j.agencyId(CSC)],
    });
    expect(c.view.panel.members[1]).toMatchObject({ represents: [j.agencyId(SETTING)] });
  });

  it('001 "The Panel will receive representations": the worker and the board members are told; each side\'s representation is recorded', async () => {
    const told = c.told('panel-representations');
    expect(told).toContain(worker.email);
    expect(told).toContain(await j.boardMemberOf(CSC));
    for (const person of [worker, t.person('manager', CSC)]) {
      await c.act(chair, {
        type: 'record-representation',
        fromPersonId: person.id,
        fromAgencyId: person.agency?.id,
        summary: `The ${person.agency?.name} view, set out to the panel.`,
      });
    }
    expect(c.events().filter((e) => e === 'representation-received')).toHaveLength(2);
  });

  it('001 "will collectively resolve the professional differences" / "At all stages of the process": a decision counts once every member agrees it, and a new proposal starts the agreements again; both sides and the worker are told the outcome; the record verifies', async () => {
    const members = (c.view.panel.members as { personId: string }[]).map((m) => j.byId(m.personId));
    // a member proposes (and so agrees) a decision; another agrees it
    await c.act(members[0] as PersonSummary, {
      type: 'record-decision',
      decision: 'The referral is reopened.',
    });
    expect(c.told('panel-decision-to-agree')).not.toContain(members[0]?.email);
    await c.act(members[1] as PersonSummary, { type: 'agree-panel-decision' });
    expect(c.view.panel.proposal.agreed).toHaveLength(2);
    // the chair puts a different decision: the agreements start again
    await c.act(chair, {
      type: 'record-decision',
      decidedBy: 'panel',
      decision: 'The referral is reopened and an assessment starts this week.',
      learning: 'Closure letters are to name the setting that referred.',
    });
    expect(c.view.panel.proposal.agreed).toEqual([]);
    expect(c.view.status).toBe('open');
    for (const member of members) {
      await c.act(member, { type: 'agree-panel-decision' });
    }
    expect(c.view.status).toBe('decided');
    expect(c.lastEvent('decision-made')).toMatchObject({
      decidedBy: 'panel',
      binding: false,
      decision: 'The referral is reopened and an assessment starts this week.',
    });
    expect(c.told('outcome-to-raiser')).toEqual([worker.email]);
    const agencies = c
      .told('outcome-both-sides')
      .map((e) => t.people.find((p) => p.email === e)?.agency?.name);
    expect(agencies).toEqual(expect.arrayContaining([SETTING, CSC]));
    expect(await verifyCase(t.store.db, c.view.id)).toMatchObject({ ok: true });
  });

  it('001 "the manager or designated safeguarding lead (DSL) will make a referral to MASH": for a child at immediate harm the manager or DSL records the MASH referral, not the worker', async () => {
    const urgent = await j.raise(worker, CSC, { immediateRisk: true });
    const referral = {
      type: 'record-hub-referral',
      service: 'MASH (Multi-Agency Safeguarding Hub)',
      when: '2026-11-02T09:45:00Z',
      reference: 'MASH-0001 (fictional)',
    };
    const detail = await urgent.refused(worker, referral, 'hub-referral-role');
    expect(detail).toMatch(/manager or dsl/);
    await urgent.act(dsl, referral);
    expect(urgent.lastEvent('hub-referral-recorded')).toMatchObject({
      by: dsl.id,
      service: 'MASH (Multi-Agency Safeguarding Hub)',
    });
    const calm = await j.raise(worker, CSC);
    await calm.refused(manager, referral, 'hub-referral-no-immediate-risk');
  });
});
