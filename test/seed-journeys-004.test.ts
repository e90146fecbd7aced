/**
 * Seed 004 (the BSCB escalation procedure) from raising to the chair's binding decision, through
 * the JSON API as each side, on the database DATABASE_URL names. Each test names the clauses it
 * proves; docs/seed-coverage.md points here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../src/services/people.js';
import { verifyCase } from '../src/store/event-store.js';
import { createTestApp, type TestApp } from './support/app.js';
import { journey } from './support/seed-journey.js';
import { agreedByBoth } from './support/sides.js';

const NURSERY = 'Riverside Nursery';
const FAMILIES = 'Borough Children and Families Service (demo)';
const OFFICE = 'office@bscb-demo.example';

let t: TestApp;
let j: ReturnType<typeof journey>;
let c: Awaited<ReturnType<ReturnType<typeof journey>['raise']>>;
let worker: PersonSummary;
let chair: PersonSummary;

describe('seed 004 (bscb-partnership): a case from raising to the chair, as each side', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    j = journey(t);
    worker = t.person('frontline', NURSERY);
    chair = j.partnershipPerson('chair', 'bscb');
  });
  afterAll(async () => t.close());

  it('004 "a child is at imminent risk of harm" / "stage 1 of the Escalation Procedure should be initiated immediately": raised with the child at imminent risk, the case is at stage 1 at once and the other agency is told', async () => {
    c = await j.raise(worker, FAMILIES, { immediateRisk: true });
    expect(c.view.immediateRisk).toBe(true);
    expect(c.view.stage).toMatchObject({ number: 1, key: 'senior-staff' });
    expect(c.events()).not.toContain('consultation-recorded');
    const told = c.told('other-agency-told');
    expect(told.length).toBeGreaterThan(0);
    for (const email of told) {
      const person = t.people.find((p) => p.email === email);
      if (person) expect(person.agency?.name).toBe(FAMILIES);
    }
  });

  it('004 STAGE 1: SENIOR STAFF / "In most cases this will mean the first line managers": each agency\'s first line manager holds stage 1 and is told; the worker is not asked to act', async () => {
    const [raising] = c.holders('raising');
    const [other] = c.holders('other');
    expect(raising?.role).toBe('manager');
    expect(raising?.agency?.name).toBe(NURSERY);
    expect(other?.role).toBe('manager');
    expect(other?.agency?.name).toBe(FAMILIES);
    expect(c.told('holders-told')).toEqual(expect.arrayContaining([raising?.email]));
    expect(c.told('other-agency-told')).toContain(other?.email);
    const mine = await c.turn(worker);
    expect(mine.yours).toBe(false);
    expect(mine.ask).toMatch(/within a timescale that protects the child/);
    // the worker may not escalate past the managers who hold the stage
    await c.refused(
      worker,
      { type: 'escalate', reason: 'Going over my manager.' },
      'not-your-part',
    );
  });

  it('004 "within a timescale that protects the child from harm": no stage has a set number of days; a child-protective deadline sets the due time, and a past one is refused', async () => {
    expect(c.view.stage.dueAt).toBeNull();
    const [other] = c.holders('other');
    await c.refused(
      other as PersonSummary,
      {
        type: 'set-child-protective-deadline',
        deadline: '2026-11-01T17:00:00Z',
        reason: 'A visit is needed.',
      },
      'deadline-in-past',
    );
    // either side may set it: here the other agency's manager
    await c.act(other as PersonSummary, {
      type: 'set-child-protective-deadline',
      deadline: '2026-11-04T17:00:00Z',
      reason: 'The child is seen again on Wednesday.',
    });
    expect(Date.parse(c.view.stage.dueAt)).toBe(Date.parse('2026-11-04T17:00:00Z'));
  });

  it('004 "This should be recorded on the relevant system for each agency": each side records its discussion on the case record', async () => {
    for (const side of ['raising', 'other'] as const) {
      const [manager] = c.holders(side);
      await c.act(manager as PersonSummary, {
        type: 'record-discussion',
        when: '2026-11-02T11:00:00Z',
        how: 'phone',
        participants: ['The two first line managers'],
        summary: `Discussed for the ${side} side.`,
        outcome: 'Not agreed.',
      });
    }
    const discussions = c.view.record.filter(
      (e: { type: string }) => e.type === 'discussion-recorded',
    );
    expect(
      discussions.map((d: { by: string }) => t.people.find((p) => p.id === d.by)?.agency?.name),
    ).toEqual([NURSERY, FAMILIES]);
  });

  it('004 STAGE 2: ESCALATION MANAGER / "It is recommended that agencies have a named manager for escalation": the other agency\'s named escalation manager holds stage 2 and is told; the nursery, naming none, is shown as missing and the partnership team told; the worker is kept informed', async () => {
    const [manager] = c.holders('raising');
    await c.act(manager as PersonSummary, {
      type: 'escalate',
      reason: 'The first line managers could not agree.',
    });
    expect(c.view.stage).toMatchObject({ number: 2, key: 'escalation-manager' });
    // the nursery names no escalation manager (and has no senior manager): the stage says so,
    // and the partnership team is told, until someone is named
    expect(await j.escalationManagerOf(NURSERY)).toBeNull();
    expect(c.view.stage.holders.raising).toEqual([]);
    expect(c.view.stage.holders.missing).toEqual([expect.objectContaining({ side: 'raising' })]);
    expect(c.told('holder-missing')).toEqual([
      j.partnershipPerson('partnership-team', 'bscb').email,
    ]);
    expect(c.view.stage.holders.other).toEqual([await j.escalationManagerOf(FAMILIES)]);
    const [other] = c.holders('other');
    expect(other?.role).toBe('senior-manager');
    expect(c.told('holders-told')).toContain(other?.email);
    expect(c.told('raiser-kept-informed')).toContain(worker.email);
  });

  it('004 STAGE 3: SENIOR MANAGEMENT / "up to for example, Strategic heads of Service or Director level": the other agency escalates to its senior management', async () => {
    const [other] = c.holders('other');
    await c.act(other as PersonSummary, {
      type: 'escalate',
      reason: 'Not resolved at Head of Service level.',
    });
    expect(c.view.stage).toMatchObject({ number: 3, key: 'senior-management' });
    for (const holder of c.holders('other')) {
      expect(['senior-manager', 'director']).toContain(holder.role);
    }
  });

  it('004 STAGE 4: CHAIR OF BSCB / "via the BSCB office": either agency in the disagreement refers it; the BSCB office and the Independent Chair are told', async () => {
    const team = j.partnershipPerson('partnership-team', 'bscb');
    await c.refused(team, { type: 'refer-to-chair', details: 'Not ours.' }, 'not-your-part');
    const other = c.holders('other')[0] ?? t.person('director', FAMILIES);
    await c.act(other, {
      type: 'refer-to-chair',
      details: 'Senior managers could not agree; referred to the Independent Chair.',
    });
    expect(c.view.stage).toMatchObject({ number: 4, key: 'chair' });
    expect(c.told('referral-to-chair')).toEqual([OFFICE, chair.email]);
    expect(c.view.stage.holders.partnership).toContain(chair.id);
  });

  it('004 "The Chair will either make the final binding decision": no Resolution Panel; the chair records the course of action agreed, then decides; the decision binds and the case cannot be reopened', async () => {
    await c.refused(
      chair,
      { type: 'convene-panel', members: j.panelOf(NURSERY, FAMILIES, 'Borough Police (demo)') },
      'no-panel-in-policy',
    );
    await c.refused(
      c.holders('raising')[0] ?? worker,
      { type: 'resolve', outcome: 'Agreed ourselves.', agreedBy: agreedByBoth(c.view) },
      'not-your-part',
    );
    // "or agree on an appropriate course of action to reach this binding decision"
    await c.act(chair, {
      type: 'record-discussion',
      when: '2026-11-02T15:00:00Z',
      how: 'meeting',
      participants: ['The Independent Chair', 'Both senior managers'],
      summary: 'Agreed that a joint visit is made first, then the chair decides.',
      outcome: 'Course of action agreed: a joint visit.',
    });
    expect(c.lastEvent('discussion-recorded')).toMatchObject({ by: chair.id });
    await c.act(chair, {
      type: 'record-decision',
      decidedBy: 'chair',
      decision: 'An assessment is to start this week.',
      learning: 'Closure decisions are to be shared with the referrer on the day.',
    });
    expect(c.view.status).toBe('decided');
    expect(c.lastEvent('decision-made')).toMatchObject({ decidedBy: 'chair', binding: true });
    await c.refused(worker, { type: 'reopen', reason: 'We still disagree.' }, 'decision-binding');
  });

  it('004 "This should be recorded on the relevant system for each agency": both sides and the worker are told the outcome, and the record verifies', async () => {
    const told = c.told('outcome-both-sides');
    expect(told).toContain(worker.email);
    // both agencies' holders (and the partnership's, at the chair's stage)
    const agencies = told.map((e) => t.people.find((p) => p.email === e)?.agency?.name);
    expect(agencies).toEqual(expect.arrayContaining([NURSERY, FAMILIES]));
    expect(await verifyCase(t.store.db, c.view.id)).toMatchObject({ ok: true });
  });

  it('004 PRE-ESCALATION: PROFESSIONAL DISCUSSION / "Initially, professionals should attempt to resolve differences through discussion": without imminent risk the case waits at stage 0 for the raiser\'s discussion with a worker at the other agency, then the raiser escalates to stage 1', async () => {
    const calm = await j.raise(worker, FAMILIES);
    expect(calm.view.stage.number).toBe(0);
    await calm.refused(
      worker,
      { type: 'escalate', reason: 'Straight on.' },
      'consultation-required',
    );
    const discussion = { summary: 'We talked it through and could not agree.' };
    // not with a colleague at the nursery: the discussion is with the other agency
    const colleague = t.person('manager', NURSERY);
    await calm.refused(
      worker,
      {
        type: 'record-consultation',
        with: { personId: colleague.id, role: 'manager' },
        ...discussion,
      },
      /other agency/,
    );
    const counterpart = t.person('frontline', FAMILIES);
    await calm.act(worker, {
      type: 'record-consultation',
      with: { personId: counterpart.id, role: 'frontline' },
      ...discussion,
    });
    expect(calm.lastEvent('consultation-recorded')).toMatchObject({
      with: { personId: counterpart.id, agencyId: j.agencyId(FAMILIES) },
    });
    // the discussion does not move the case on by itself
    expect(calm.view.stage.number).toBe(0);
    await calm.act(worker, { type: 'escalate', reason: 'The discussion did not resolve it.' });
    expect(calm.view.stage).toMatchObject({ number: 1 });
    expect(calm.holders('raising').map((p) => p.role)).toEqual(['manager']);

    // "and/or the discussions raise issues where quality assurance scrutiny may be needed"
    const [manager] = calm.holders('raising');
    const details = 'The discussions raise issues of practice across both agencies.';
    await calm.refused(
      manager as PersonSummary,
      { type: 'refer-to-chair', details },
      'refer-to-chair-too-early',
    );
    await calm.act(manager as PersonSummary, { type: 'refer-to-chair', details, scrutiny: true });
    expect(calm.view.stage).toMatchObject({ number: 4 });
    expect(calm.lastEvent('referred-to-chair')).toMatchObject({ scrutiny: true });
    expect(calm.told('referral-to-chair')).toEqual([OFFICE, chair.email]);
  });
});
