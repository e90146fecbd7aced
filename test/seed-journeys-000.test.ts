/**
 * Seed 000 (St James Preschool's local version of the Bromley policy) from raising to the
 * Resolution Panel, through the JSON API as each side, on the database DATABASE_URL names. The
 * pages in Chromium are test/e2e/practitioner-journey.test.ts. Each test names the clauses it
 * proves (docs/seed-coverage.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../src/services/people.js';
import { verifyCase } from '../src/store/event-store.js';
import { createTestApp, type TestApp } from './support/app.js';
import { journey } from './support/seed-journey.js';

const SETTING = 'Acorn Lane Pre-school';
const CSC = "Bromley Children's Social Care (demo)";
const SCHOOL = 'Hillcrest Primary School';
const GP = 'Elm Road Surgery';
const POLICE = 'Metropolitan Police, Bromley (demo)';
const BSCP = 'business-unit@bscp-demo.example';
const CP_CHAIR = 'cp-chair@csc-demo.example';
const IRO = 'iro@csc-demo.example';

let t: TestApp;
let j: ReturnType<typeof journey>;
let c: Awaited<ReturnType<ReturnType<typeof journey>['raise']>>;
let worker: PersonSummary;
let chair: PersonSummary;

describe('seed 000 (bromley-st-james-preschool): a case from raising to the panel, as each side', () => {
  beforeAll(async () => {
    // Monday 2 November 2026, 09:30
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    j = journey(t);
    worker = t.person('frontline', SETTING);
    chair = j.partnershipPerson('chair', 'bscp');
  });
  afterAll(async () => t.close());

  it('000 "If a child is thought to be at immediate harm" / "the designated safeguarding lead": the setting\'s DSLs are told at once and the worker records the Hub referral', async () => {
    c = await j.raise(worker, CSC, {
      immediateRisk: true,
      children: [
        {
          name: 'R.S. (fictional)',
          childProtectionPlan: true,
          lookedAfter: true,
          cpChairEmail: CP_CHAIR,
          iroEmail: IRO,
        },
      ],
    });
    expect(c.view.policy.id).toBe('bromley-st-james-preschool');
    expect(c.told('dsl-immediate-risk')).toEqual([t.person('dsl', SETTING).email]);
    await c.act(worker, {
      type: 'record-hub-referral',
      service: "Bromley Children's and Family Hub",
      when: '2026-11-02T09:35:00Z',
    });
    expect(c.lastEvent('hub-referral-recorded')).toMatchObject({ by: worker.id });
  });

  it('000 "within one working week or a timescale that protects the child from harm": due within five working days, or sooner when a child-protective deadline is set', async () => {
    expect(Date.parse(c.view.stage.dueAt)).toBe(Date.parse('2026-11-09T17:00:00Z'));
    await c.act(worker, {
      type: 'set-child-protective-deadline',
      deadline: '2026-11-04T12:00:00Z',
      reason: 'The child is collected by the other parent on Wednesday.',
    });
    expect(Date.parse(c.view.stage.dueAt)).toBe(Date.parse('2026-11-04T12:00:00Z'));
  });

  it('000 "consult their supervisor/manager to clarify their thinking" / "evidence the nature and source of the concerns": the worker records the consultation with the manager', async () => {
    const manager = t.person('manager', SETTING);
    await c.act(worker, {
      type: 'record-consultation',
      with: { personId: manager.id, role: 'manager' },
      answers: { evidence: 'What the key worker saw, and the incident log.' },
      summary: 'Clarified my thinking with the manager.',
    });
    expect(c.lastEvent('consultation-recorded')).toMatchObject({ with: { personId: manager.id } });
  });

  it('000 "Stage One: Discuss with the other worker" / "The people who disagree have a discussion to resolve the problem": the workers hold stage 1, the other agency is told, and the discussion is recorded', async () => {
    expect(c.view.stage).toMatchObject({ number: 1, key: 'other-worker' });
    expect(c.holders('raising').map((p) => p.id)).toEqual([worker.id]);
    const [other] = c.holders('other');
    expect(other?.role).toBe('frontline');
    expect(c.told('other-agency-told')).toContain(other?.email);
    await c.act(other as PersonSummary, {
      type: 'record-discussion',
      when: '2026-11-02T12:00:00Z',
      how: 'face-to-face',
      participants: ['The two workers'],
      summary: 'Met at the setting.',
      outcome: 'Not agreed.',
    });
  });

  it('000 "Stage Two: Escalate to line manager" / "relevant Child Protection Chair or Independent Reviewing Officer must also be notified": the managers hold stage 2; the CP Chair and the IRO are told', async () => {
    const [other] = c.holders('other');
    await c.act(other as PersonSummary, { type: 'escalate', reason: 'Not resolved.' });
    expect(c.view.stage).toMatchObject({ number: 2, key: 'line-manager' });
    for (const holder of [...c.holders('raising'), ...c.holders('other')]) {
      expect(holder.role).toBe('manager');
    }
    expect(c.told('cp-chair-stage-2')).toEqual([CP_CHAIR]);
    expect(c.told('iro-stage-2')).toEqual([IRO]);
    expect(c.told('raiser-kept-informed')).toContain(worker.email);
  });

  it('000 "Stage Three: Escalate to senior managers" / "reports to their respective manager or named/ designated safeguarding representative" / "The respective agency members on the Bromley Safeguarding Children Partnership should be engaged": stage 3 is held on each side by the manager above or a safeguarding lead, and the Board members (member and deputy) are told', async () => {
    const [manager] = c.holders('raising');
    await c.act(manager as PersonSummary, { type: 'escalate', reason: 'Not resolved.' });
    expect(c.view.stage).toMatchObject({ number: 3, key: 'senior-managers' });
    for (const holder of [...c.holders('raising'), ...c.holders('other')]) {
      expect(['senior-manager', 'named-professional', 'dsl', 'director']).toContain(holder.role);
    }
    // the pre-school has no seat: the school's member and deputy represent it (education and
    // the early years); both sides' Board members are told
    const board = await j.boardOf(SETTING);
    expect(board.map((p) => p.agency?.name)).toEqual([SCHOOL, SCHOOL]);
    const both = [...board, ...(await j.boardOf(CSC))].map((p) => p.email).sort();
    expect(c.told('board-members-engaged').sort()).toEqual(both);
  });

  it('000 "The preschool raising the dispute must e-mail the details" / "must e-mail the details through to bscp@bromley.gov.uk" / "The respective agency members on the Bromley Safeguarding Children Partnership should be engaged": the preschool refers it, saying how the Board members were engaged; the BSCP mailbox and the chair are told', async () => {
    const holder = c.holders('raising')[0] ?? worker;
    const details = 'Not resolved within the agencies: for the attention of the independent chair.';
    await c.refused(holder, { type: 'refer-to-chair', details }, 'board-members-not-engaged');
    await c.act(holder, {
      type: 'refer-to-chair',
      details,
      boardMembersEngaged: 'The Board member met both senior managers on Tuesday.',
    });
    expect(c.view.stage).toMatchObject({ number: 4, key: 'chair' });
    expect(c.lastEvent('referred-to-chair')).toMatchObject({
      boardMembersEngaged: 'The Board member met both senior managers on Tuesday.',
    });
    expect(c.told('referral-to-chair')).toEqual([BSCP, chair.email]);
  });

  it('000 "senior officers from three agencies who are members of the full Board" / "The senior officers must include the agencies concerned" / "The Panel will receive representations": seats and representation come from the directory; a Board panel of three agencies including both sides (the pre-school through its representative) hears the worker', async () => {
    // neither side is on this panel, in person or through a representative
    await c.refused(
      chair,
      { type: 'convene-panel', members: j.panelOf(SCHOOL, GP, POLICE) },
      'panel-missing-disputing-agency',
    );
    // the pre-school's own director has no Board seat
    await c.refused(
      chair,
      { type: 'convene-panel', members: j.panelOf(SETTING, CSC, SCHOOL) },
      'panel-members-not-on-board',
    );
    await c.act(chair, { type: 'convene-panel', members: j.panelOf(CSC, SCHOOL, GP) });
    const school = c.view.panel.members.find(
      (m: { personId: string }) => m.personId === j.directorOf(SCHOOL).id,
    );
    expect(school.represents).toEqual([j.agencyId(SETTING)]);
    expect(c.told('panel-representations')).toEqual(
      expect.arrayContaining([worker.email, await j.boardMemberOf(CSC)]),
    );
    await c.act(chair, {
      type: 'record-representation',
      fromPersonId: worker.id,
      fromAgencyId: j.agencyId(SETTING),
      summary: 'The worker told the panel what they saw.',
    });
  });

  it('000 "will collectively resolve the professional differences": the decision put to the panel counts only once every member has agreed it', async () => {
    await c.act(chair, {
      type: 'record-decision',
      decidedBy: 'panel',
      decision: 'The referral is reopened.',
    });
    expect(c.view.status).toBe('open');
    expect(c.events()).not.toContain('decision-made');
    const members = [CSC, SCHOOL, GP].map(j.directorOf);
    expect(c.told('panel-decision-to-agree')).toEqual(
      expect.arrayContaining(members.map((m) => m.email)),
    );
    expect(c.told('panel-decision-to-agree')).not.toContain(chair.email);
    // someone not on the panel may not agree for it, nor may the chair record it for them
    await c.refused(worker, { type: 'agree-panel-decision' }, 'not-your-part');
    await c.refused(
      chair,
      { type: 'agree-panel-decision', memberId: j.directorOf(POLICE).id },
      'not-a-panel-member',
    );
    for (const member of members.slice(0, 2)) {
      await c.act(member, { type: 'agree-panel-decision' });
      expect(c.view.status).toBe('open');
    }
    // the chair records the last member's agreement, given at the meeting
    await c.act(chair, { type: 'agree-panel-decision', memberId: members[2]?.id });
    expect(c.view.status).toBe('decided');
  });

  it('000 "At all stages of the process": the panel\'s decision is recorded and shared with both sides and the worker who raised it; the record verifies', async () => {
    expect(c.lastEvent('decision-made')).toMatchObject({ decidedBy: 'panel', binding: false });
    expect(c.told('outcome-to-raiser')).toEqual([worker.email]);
    const agencies = c
      .told('outcome-both-sides')
      .map((e) => t.people.find((p) => p.email === e)?.agency?.name);
    expect(agencies).toEqual(expect.arrayContaining([SETTING, CSC]));
    expect(await verifyCase(t.store.db, c.view.id)).toMatchObject({ ok: true });
  });
});
