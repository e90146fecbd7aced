/**
 * Seed 002 (the Bromley Safeguarding Children Partnership's policy) through the JSON API as each
 * side, on the database DATABASE_URL names: each stage's working-day due time (section 3), who
 * is told at each stage, the referral and the Executive panel. The pages in Chromium are
 * test/e2e/two-sides.test.ts. Each test names the clauses it proves (docs/seed-coverage.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../src/services/people.js';
import { verifyCase } from '../src/store/event-store.js';
import { createTestApp, type TestApp } from './support/app.js';
import { journey } from './support/seed-journey.js';

const GP = 'Elm Road Surgery';
const POLICE = 'Metropolitan Police, Bromley (demo)';
const SCHOOL = 'Hillcrest Primary School';
const BSCP = 'business-unit@bscp-demo.example';
const CP_CHAIR = 'cp-chair@csc-demo.example';
const IRO = 'iro@csc-demo.example';

let t: TestApp;
let j: ReturnType<typeof journey>;
let c: Awaited<ReturnType<ReturnType<typeof journey>['raise']>>;
let worker: PersonSummary;
let chair: PersonSummary;

/** Moves the clock to 10:00 on a November 2026 day, then escalates as a side's holder. */
async function escalateOn(day: number, side: 'raising' | 'other' = 'raising') {
  t.clock.now = new Date(`2026-11-${String(day).padStart(2, '0')}T10:00:00Z`);
  const holder = c.holders(side)[0] ?? worker;
  await c.act(holder, { type: 'escalate', reason: 'Not resolved within the timescale.' });
}

describe('seed 002 (bromley-partnership): stage by stage, as each side', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    j = journey(t);
    worker = t.person('frontline', GP);
    chair = j.partnershipPerson('chair', 'bscp');
  });
  afterAll(async () => t.close());

  it('002 1.5: a child at risk of immediate harm: the DSL in the raising agency is told at once, and the Hub referral is recorded', async () => {
    c = await j.raise(worker, POLICE, {
      immediateRisk: true,
      children: [
        {
          name: 'P.Q. (fictional)',
          childProtectionPlan: true,
          lookedAfter: true,
          cpChairEmail: CP_CHAIR,
          iroEmail: IRO,
        },
      ],
    });
    expect(c.told('dsl-immediate-risk')).toEqual([t.person('dsl', GP).email]);
    await c.act(worker, {
      type: 'record-hub-referral',
      service: 'Children and Families Hub',
      when: '2026-11-02T09:40:00Z',
    });
    expect(c.lastEvent('hub-referral-recorded')).toMatchObject({ by: worker.id });
  });

  it('002 3 (table, Stage 1) / 2.1 / 2.2 / 1.6: the professionals hold stage 1, due in 1 working day; the worker records the consultation with their manager, with the evidence', async () => {
    const manager = t.person('manager', GP);
    await c.act(worker, {
      type: 'record-consultation',
      with: { personId: manager.id, role: 'manager' },
      answers: { evidence: 'The nature and source: what the child said at the appointment.' },
      summary: 'Clarified my thinking with the practice manager.',
    });
    expect(c.lastEvent('consultation-recorded')).toMatchObject({ with: { personId: manager.id } });
    expect(c.view.stage).toMatchObject({ number: 1, key: 'professional' });
    expect(c.holders('raising').map((p) => p.id)).toEqual([worker.id]);
    expect(c.holders('other')[0]?.agency?.name).toBe(POLICE);
    expect(Date.parse(c.view.stage.dueAt)).toBe(Date.parse('2026-11-03T17:00:00Z'));
  });

  it('002 3 (table, Stage 2) / 2.3 / 2.4 / 2.5 / 5 (flowchart, STAGE 2): managers hold stage 2, due in 2 working days; the CP Chair and the IRO are notified; the worker is told', async () => {
    // the police officer escalates: the worker who raised it is told
    await escalateOn(3, 'other');
    expect(c.view.stage).toMatchObject({ number: 2, key: 'manager' });
    expect(Date.parse(c.view.stage.dueAt)).toBe(Date.parse('2026-11-05T17:00:00Z'));
    for (const holder of [...c.holders('raising'), ...c.holders('other')]) {
      expect(['manager', 'dsl']).toContain(holder.role);
    }
    expect(c.told('cp-chair-stage-2')).toEqual([CP_CHAIR]);
    expect(c.told('iro-stage-2')).toEqual([IRO]);
    expect(c.told('raiser-kept-informed')).toContain(worker.email);
  });

  it('002 3 (table, Stage 3) / 2.6 / 2.7 / 2.8: senior managers hold stage 3, due in 2 working days; the BSCP business manager is notified', async () => {
    await escalateOn(5);
    expect(c.view.stage).toMatchObject({ number: 3, key: 'senior-manager' });
    expect(Date.parse(c.view.stage.dueAt)).toBe(Date.parse('2026-11-09T17:00:00Z'));
    expect(c.told('business-unit-stage-3')).toEqual([BSCP]);
  });

  it('002 2.11 / 5 (flowchart, STAGE 3): the directors are engaged before the chair: referral from stage 3 is refused', async () => {
    const holder = c.holders('raising')[0] ?? worker;
    await c.refused(
      holder,
      { type: 'refer-to-chair', details: 'Straight to the chair.' },
      'refer-to-chair-too-early',
    );
  });

  it("002 3 (table, Stage 4) / 2.9 / 2.10 / 2.12 / 2.13: directors hold stage 4, due in 2 working days; the BSCP, each side's Board member and deputy, and the designated health professionals are notified", async () => {
    await escalateOn(9);
    expect(c.view.stage).toMatchObject({ number: 4, key: 'director' });
    expect(Date.parse(c.view.stage.dueAt)).toBe(Date.parse('2026-11-11T17:00:00Z'));
    for (const holder of c.holders('other')) expect(holder.role).toBe('director');
    expect(c.told('business-unit-stage-4')).toEqual([BSCP]);
    const board = [...(await j.boardOf(GP)), ...(await j.boardOf(POLICE))];
    expect(board).toHaveLength(4);
    // (but not the deputy who escalated it: nobody is e-mailed about what they did)
    const escalatedBy = c.lastEvent('stage-entered').by;
    expect(c.told('board-member-stage-4').sort()).toEqual(
      board
        .filter((p) => p.id !== escalatedBy)
        .map((p) => p.email)
        .sort(),
    );
    const designated = c.told('designated-health-stage-4');
    expect(designated.length).toBeGreaterThan(0);
    for (const email of designated) {
      expect(t.people.find((p) => p.email === email)?.role).toBe('named-professional');
    }
  });

  it('002 3 (table, Stage 5) / 2.14 / 2.15 / 2.16: the raising agency refers it, saying how the Board members were involved; the BSCP mailbox and the chair are told; the chair holds stage 5, due in 3 working days', async () => {
    t.clock.now = new Date('2026-11-11T10:00:00Z');
    const holder = c.holders('raising')[0] ?? worker;
    // the chair's stage is reached by referral with the details, not by escalating
    await c.refused(holder, { type: 'escalate', reason: 'On to the chair.' }, 'escalate-to-chair');
    const details = 'The directors could not agree; the details, for the attention of the chair.';
    await c.refused(holder, { type: 'refer-to-chair', details }, 'board-members-not-engaged');
    await c.act(holder, {
      type: 'refer-to-chair',
      details,
      boardMembersEngaged: 'Both Board members joined the directors’ call on Tuesday.',
    });
    expect(c.view.stage).toMatchObject({ number: 5, key: 'chair' });
    expect(Date.parse(c.view.stage.dueAt)).toBe(Date.parse('2026-11-16T17:00:00Z'));
    expect(c.told('referral-to-chair')).toEqual([BSCP, chair.email]);
    expect(c.told('business-unit-stage-5')).toEqual([BSCP]);
    expect(c.view.stage.holders.partnership).toContain(chair.id);
  });

  it('002 2.17 / 2.18: a panel of three agencies on the Executive (seats from the directory), including both in the disagreement, receives representations and resolves it collectively', async () => {
    await c.refused(
      chair,
      { type: 'convene-panel', members: j.panelOf(GP, SCHOOL) },
      'panel-too-few-agencies',
    );
    await c.refused(
      chair,
      {
        type: 'convene-panel',
        members: j.panelOf(GP, SCHOOL, "Bromley Children's Social Care (demo)"),
      },
      'panel-missing-disputing-agency',
    );
    // the police's deputy sits on the Board but not on the Executive
    const [, deputy] = await j.boardOf(POLICE);
    expect(deputy?.role).toBe('senior-manager');
    await c.refused(
      chair,
      {
        type: 'convene-panel',
        members: [...j.panelOf(GP, SCHOOL), { personId: deputy?.id, seat: 'executive' }],
      },
      'panel-members-not-on-board',
    );
    await c.act(chair, { type: 'convene-panel', members: j.panelOf(GP, POLICE, SCHOOL) });
    expect(c.told('panel-representations')).toContain(worker.email);
    const team = j.partnershipPerson('partnership-team', 'bscp');
    await c.act(team, {
      type: 'record-representation',
      fromPersonId: worker.id,
      fromAgencyId: j.agencyId(GP),
      summary: 'The practice set out its concerns.',
    });
    await c.act(chair, {
      type: 'record-decision',
      decidedBy: 'panel',
      decision: 'A strategy discussion is to be held by Friday.',
    });
    // 2.18 "collectively": put to the members; it counts once each has agreed
    expect(c.lastEvent('panel-decision-proposed')).toBeDefined();
    expect(c.view.status).toBe('open');
    const members = [GP, POLICE, SCHOOL].map(j.directorOf);
    expect(c.told('panel-decision-to-agree')).toEqual(
      expect.arrayContaining(members.map((m) => m.email)),
    );
    for (const member of members) {
      expect(c.events()).not.toContain('decision-made');
      await c.act(member, { type: 'agree-panel-decision' });
    }
    expect(c.view.status).toBe('decided');
    expect(c.lastEvent('decision-made')).toMatchObject({ decidedBy: 'panel', binding: false });
  });

  it('002 4.1: the actions and decisions are shared with both sides and the worker who raised it, and the record verifies', async () => {
    expect(c.told('outcome-to-raiser')).toEqual([worker.email]);
    const agencies = c
      .told('outcome-both-sides')
      .map((e) => t.people.find((p) => p.email === e)?.agency?.name);
    expect(agencies).toEqual(expect.arrayContaining([GP, POLICE]));
    expect(await verifyCase(t.store.db, c.view.id)).toMatchObject({ ok: true });
  });
});
