/**
 * Seed 003 (White Rock Pre-school, scoped as the Torbay partnership's policy) from raising to the
 * Resolution Panel's decision, through the JSON API as each side, on the database DATABASE_URL
 * names. Each test names the clauses it proves; docs/seed-coverage.md points here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPresets } from '../src/policies/index.js';
import type { PersonSummary } from '../src/services/people.js';
import { verifyCase } from '../src/store/event-store.js';
import { createTestApp, type TestApp } from './support/app.js';
import { journey } from './support/seed-journey.js';

const SETTING = 'Harbourside Pre-school';
const CHILDRENS = "Torbay Children's Services (demo)";
const SCHOOL = 'Bayview Academy';
const POLICE = 'Torbay Police (demo)';
const TSCP = 'business-unit@tscp-demo.example';

const policy = loadPresets().find((p) => p.id === 'torbay-white-rock-preschool');
const answers = Object.fromEntries(
  (policy?.consultation?.questions ?? []).map((q) => [q.key, `Answered: ${q.text}`]),
);

let t: TestApp;
let j: ReturnType<typeof journey>;
let c: Awaited<ReturnType<ReturnType<typeof journey>['raise']>>;
let worker: PersonSummary;
let supervisor: PersonSummary;
let chair: PersonSummary;

describe('seed 003 (torbay-white-rock-preschool): a case from raising to the panel, as each side', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    j = journey(t);
    worker = t.person('frontline', SETTING);
    supervisor = t.person('manager', SETTING);
    chair = j.partnershipPerson('chair', 'tscp');
  });
  afterAll(async () => t.close());

  it('003 "should initially consult a supervisor/manager within their own organisation": stage 1 waits for the consultation, which only the raising side records, with a supervisor or manager', async () => {
    c = await j.raise(worker, CHILDRENS);
    expect(c.view.stage.number).toBe(0);
    await c.refused(worker, { type: 'escalate', reason: 'Straight on.' }, 'consultation-required');
    // the other agency is told at once (its contact for escalations), and may open the case
    const contact = t.people.find((p) => p.email === c.told('other-agency-told')[0]);
    expect(contact?.agency?.name).toBe(CHILDRENS);
    const otherManager = t.person('manager', CHILDRENS);
    await c.refused(
      contact as PersonSummary,
      {
        type: 'record-consultation',
        with: { personId: supervisor.id, role: 'manager' },
        answers,
        summary: 'Not ours to record.',
      },
      'not-your-part',
    );
    const colleague = t.people.find(
      (p) => p.agency?.name === SETTING && p.role === 'frontline' && p.id !== worker.id,
    );
    await c.refused(
      worker,
      {
        type: 'record-consultation',
        with: { personId: colleague?.id ?? worker.id, role: 'frontline' },
        answers,
        summary: 'Asked a colleague.',
      },
      'consultation-role-not-allowed',
    );
    // "within their own organisation": not a manager at another agency
    await c.refused(
      worker,
      {
        type: 'record-consultation',
        with: { personId: otherManager.id, role: 'manager' },
        answers,
        summary: 'Asked the other agency.',
      },
      /from your own agency/,
    );
  });

  it('003 "in order to identify the problem" / "to be specific as to what the disagreement is about" / "outline any actions to date" / "what they aim to achieve" / "evidence the nature and source of their concerns": every question must be answered, then stage 1 begins', async () => {
    for (const key of Object.keys(answers)) {
      const detail = await c.refused(
        worker,
        {
          type: 'record-consultation',
          with: { personId: supervisor.id, role: 'manager' },
          answers: { ...answers, [key]: ' ' },
          summary: 'Talked it through.',
        },
        'consultation-answers-missing',
      );
      const question = policy?.consultation?.questions.find((q) => q.key === key);
      expect(detail).toContain(question?.text);
    }
    await c.act(worker, {
      type: 'record-consultation',
      with: { personId: supervisor.id, role: 'manager' },
      answers,
      summary: 'Talked it through with my supervisor; the disagreement is about the closure.',
    });
    expect(c.lastEvent('consultation-recorded')).toMatchObject({ answers });
    expect(c.view.stage).toMatchObject({ number: 1, key: 'professional' });
  });

  it('003 "Stage One – Professional : Professional" / "This would normally be between the people who disagree": the workers hold stage 1 and the other agency’s is told; either side records the discussion', async () => {
    expect(c.holders('raising').map((p) => p.id)).toEqual([worker.id]);
    const [other] = c.holders('other');
    expect(other?.agency?.name).toBe(CHILDRENS);
    expect(other?.role).toBe('frontline');
    expect(c.told('holders-told')).toContain(other?.email);
    expect(c.view.stage.dueAt).toBeNull();
    await c.act(other as PersonSummary, {
      type: 'record-discussion',
      when: '2026-11-02T13:00:00Z',
      how: 'phone',
      participants: ['The two workers'],
      summary: 'We explained why the referral was closed.',
      outcome: 'Not agreed.',
    });
  });

  it('003 "Stage Two – Manager : Manager" / "contact their supervisor/manager within their own agency": the managers hold stage 2 and are told; the worker is kept informed', async () => {
    await c.act(worker, { type: 'escalate', reason: 'Not resolved between the workers.' });
    expect(c.view.stage).toMatchObject({ number: 2, key: 'manager' });
    for (const side of ['raising', 'other'] as const) {
      const holders = c.holders(side);
      expect(holders.length).toBeGreaterThan(0);
      for (const holder of holders) {
        expect(holder.role).toBe('manager');
        expect(c.told('holders-told')).toContain(holder.email);
      }
    }
    await c.refused(worker, { type: 'escalate', reason: 'Me again.' }, 'not-your-part');
  });

  it('003 "Stage Three – Refer via TSCP" / "referred to the Chair of the Local Safeguarding Children Board": referred via the TSCP; the partnership and the chair are told, and the chair holds it', async () => {
    const [manager] = c.holders('raising');
    await c.act(manager as PersonSummary, {
      type: 'refer-to-chair',
      details: 'The managers could not agree; referred via the TSCP.',
    });
    expect(c.view.stage).toMatchObject({ number: 3, key: 'chair' });
    expect(c.told('referral-to-chair')).toEqual([TSCP, chair.email]);
    expect(c.view.stage.holders.partnership).toContain(chair.id);
    expect(c.told('raiser-kept-informed')).toContain(worker.email);
  });

  it('003 "The panel must consist of LSCB representatives from three agencies": fewer than three agencies, or a member the directory does not seat on the board, is refused; the disputing agencies sit "where possible", so a panel without the setting is accepted', async () => {
    await c.refused(
      chair,
      { type: 'convene-panel', members: j.panelOf(CHILDRENS, SCHOOL) },
      'panel-too-few-agencies',
    );
    // the setting's director has no board seat, whatever the caller claims
    await c.refused(
      chair,
      {
        type: 'convene-panel',
        members: j.panelOf(SETTING, SCHOOL, POLICE).map((m) => ({ ...m, boardMember: true })),
      },
      'panel-members-not-on-board',
    );
    // "where possible": here the directory names nobody to represent the setting on the board,
    // so the panel goes ahead without it (under 000 and 001 it would be refused)
    const setting = j.agencyId(SETTING);
    const before = await t.store.db
      .selectFrom('agencies')
      .select(['board_member_id', 'board_deputy_id'])
      .where('id', '=', setting)
      .executeTakeFirstOrThrow();
    await t.store.db
      .updateTable('agencies')
      .set({ board_member_id: null, board_deputy_id: null })
      .where('id', '=', setting)
      .execute();
    try {
      await c.act(chair, {
        type: 'convene-panel',
        members: j.panelOf(CHILDRENS, SCHOOL, POLICE),
      });
    } finally {
      await t.store.db.updateTable('agencies').set(before).where('id', '=', setting).execute();
    }
    expect(c.events()).toContain('panel-convened');
    const represented = (c.view.panel.members as { represents: string[] }[]).flatMap(
      (m) => m.represents,
    );
    expect(represented).toContain(j.agencyId(CHILDRENS));
    expect(represented).not.toContain(setting);
  });

  it('003 "The panel will receive representations": the worker and both sides\' board members are told; a representation is recorded', async () => {
    const told = c.told('panel-representations');
    expect(told).toContain(worker.email);
    expect(told).toContain(await j.boardMemberOf(CHILDRENS));
    const team = j.partnershipPerson('partnership-team', 'tscp');
    await c.act(team, {
      type: 'record-representation',
      fromPersonId: worker.id,
      fromAgencyId: j.agencyId(SETTING),
      summary: 'The setting set out what it has seen.',
    });
    expect(c.lastEvent('representation-received')).toMatchObject({ fromPersonId: worker.id });
  });

  it('003 "make a decision as to the next course of action": a member puts the decision to the panel and it counts once every member agrees (not binding); both sides and the worker are told, and the case may be reopened', async () => {
    const [proposer, ...others] = [CHILDRENS, SCHOOL, POLICE].map(j.directorOf);
    await c.act(proposer as PersonSummary, {
      type: 'record-decision',
      decision: 'Next course of action: a joint visit, then a strategy discussion.',
    });
    // the member who proposes it agrees it; the others are asked to
    expect(c.view.panel.proposal.agreed).toEqual([proposer?.id]);
    expect(c.told('panel-decision-to-agree')).toEqual(
      expect.arrayContaining(others.map((m) => m.email)),
    );
    expect(c.told('panel-decision-to-agree')).not.toContain(proposer?.email);
    for (const member of others) {
      expect(c.view.status).toBe('open');
      await c.act(member, { type: 'agree-panel-decision' });
    }
    expect(c.view.status).toBe('decided');
    expect(c.lastEvent('decision-made')).toMatchObject({ decidedBy: 'panel', binding: false });
    const told = c.told('outcome-both-sides');
    expect(told).toContain(worker.email);
    const agencies = told.map((e) => t.people.find((p) => p.email === e)?.agency?.name);
    expect(agencies).toEqual(expect.arrayContaining([SETTING, CHILDRENS]));
    expect(await verifyCase(t.store.db, c.view.id)).toMatchObject({ ok: true });
    await c.act(worker, { type: 'reopen', reason: 'The visit did not happen.' });
    expect(c.view.status).toBe('open');
  });

  it('003 "Disagreements could arise in a number of areas": a disagreement about an area the policy does not list is refused', async () => {
    const answer = await t.api(worker, 'POST', '/api/v1/cases', {
      children: [{ name: 'K.L. (fictional)' }],
      agencies: [j.agencyId(CHILDRENS)],
      category: 'progressing-plans',
      disagreement: 'The plan is not progressing.',
      evidence: { nature: 'Minutes', source: 'Core group' },
      actionsToDate: 'Asked at the core group.',
      outcomeSought: 'The plan progressed.',
      immediateRisk: false,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('category-not-in-policy');
  });

  it('003 "discretion should be used as to which stage is initiated": with a child at immediate risk the consultation is skipped and the raiser may start at stage 2, saying why', async () => {
    const calm = await j.raise(worker, CHILDRENS);
    await calm.refused(
      worker,
      { type: 'start-at-stage', stage: 'manager', justification: 'Hurry.' },
      'start-at-stage-no-immediate-risk',
    );
    const urgent = await j.raise(worker, CHILDRENS, { immediateRisk: true });
    expect(urgent.view.stage).toMatchObject({ number: 1, key: 'professional' });
    await urgent.refused(
      worker,
      { type: 'start-at-stage', stage: 'manager' },
      'justification-required',
    );
    await urgent.refused(
      worker,
      { type: 'start-at-stage', stage: 'chair', justification: 'Straight to the top.' },
      'start-at-stage-final',
    );
    const other = t.person('frontline', CHILDRENS);
    await urgent.refused(
      other,
      { type: 'start-at-stage', stage: 'manager', justification: 'Ours.' },
      'not-your-part',
    );
    await urgent.act(worker, {
      type: 'start-at-stage',
      stage: 'manager',
      justification: 'The child goes home tonight: the managers must speak today.',
    });
    expect(urgent.view.stage).toMatchObject({ number: 2, key: 'manager' });
    expect(urgent.lastEvent('stage-entered')).toMatchObject({
      reason: 'The child goes home tonight: the managers must speak today.',
    });
  });

  it('003 "the matter should be resolved within specified timescales": no number is set, so a child-protective deadline gives the stage its due time', async () => {
    const d = await j.raise(worker, CHILDRENS, {
      immediateRisk: true,
      childProtectiveDeadline: '2026-11-03T12:00:00Z',
    });
    expect(Date.parse(d.view.stage.dueAt)).toBe(Date.parse('2026-11-03T12:00:00Z'));
  });
});
