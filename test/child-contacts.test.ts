/**
 * A child's Child Protection Chair or Independent Reviewing Officer, added after raising (seed
 * 002 2.5, 000 "relevant Child Protection Chair or Independent Reviewing Officer must also be
 * notified"): the notice that failed for want of an address goes out to the one added, once; a
 * correction reaches the corrected address; and only a child with the flag has one. Through the
 * JSON API, on the database DATABASE_URL names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../src/services/people.js';
import { verifyCase } from '../src/store/event-store.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;

const call = (...args: Parameters<TestApp['api']>) => t.api(...args);

describe('adding a child’s CP Chair or IRO after raising', () => {
  let teacher: PersonSummary;
  let caseId: string;
  let version: number;
  const command = async (person: PersonSummary, body: object) => {
    const answer = await call(person, 'POST', `/api/v1/cases/${caseId}/commands`, {
      expectedVersion: version,
      ...body,
    });
    if (answer.status === 200) version = answer.body.version;
    return answer;
  };
  const cpChairRows = () =>
    t.store.db
      .selectFrom('outbox')
      .select(['recipient_email', 'status', 'last_error', 'rule_key'])
      .where('case_id', '=', caseId)
      .where('rule_key', '=', 'cp-chair-stage-2')
      .orderBy('created_at')
      .orderBy('recipient_email')
      .execute();

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    teacher = t.person('frontline', 'Hillcrest Primary School');
    const csc = t.people.find(
      (p) => p.agency?.sector === 'childrens-social-care' && p.partnership === 'bscp',
    )?.agency?.id;
    const raised = await call(teacher, 'POST', '/api/v1/cases', {
      children: [
        // on a Child Protection Plan, the CP Chair's address not known yet
        { name: 'Child E (fictional)', childProtectionPlan: true, lookedAfter: false },
        { name: 'Child F (fictional)', childProtectionPlan: false, lookedAfter: false },
      ],
      agencies: [csc],
      category: 'need-for-action',
      disagreement: 'The plan is not being followed.',
      evidence: { nature: 'Missed visits', source: 'School records' },
      actionsToDate: 'Phoned the social worker.',
      outcomeSought: 'A core group meeting.',
      immediateRisk: false,
    });
    expect(raised.status).toBe(201);
    caseId = raised.body.id;
    version = raised.body.version;
    expect((await command(teacher, { type: 'escalate', reason: 'Not resolved.' })).status).toBe(
      200,
    );
  });
  afterAll(async () => t.close());

  it('records the stage-2 notice as failed, saying why, when no address is known', async () => {
    expect(await cpChairRows()).toEqual([
      {
        recipient_email: '',
        status: 'failed',
        last_error: "No e-mail address is recorded for child 1's Child Protection Chair.",
        rule_key: 'cp-chair-stage-2',
      },
    ]);
  });

  it('refuses an address for a child without the flag, and changes nothing', async () => {
    const before = version;
    const answer = await command(teacher, {
      type: 'update-child-contacts',
      child: 1,
      cpChairEmail: 'cp-chair@example.org',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('child-not-on-plan');
    expect(version).toBe(before);
    expect(await cpChairRows()).toHaveLength(1);
  });

  it('sends the notice to the address added, once, and to a corrected one', async () => {
    const added = await command(teacher, {
      type: 'update-child-contacts',
      child: 0,
      cpChairEmail: 'cp-chair.one@example.org',
    });
    expect(added.status).toBe(200);
    expect(added.body.record.at(-1)).toMatchObject({
      type: 'child-contacts-updated',
      child: 0,
      cpChairEmail: 'cp-chair.one@example.org',
    });
    expect(added.body.children[0].cpChairEmail).toBe('cp-chair.one@example.org');
    expect((await cpChairRows()).map((r) => [r.recipient_email, r.status])).toEqual([
      ['', 'failed'],
      ['cp-chair.one@example.org', 'queued'],
    ]);
    // the same address again: nothing new is sent
    await command(teacher, {
      type: 'update-child-contacts',
      child: 0,
      cpChairEmail: 'CP-Chair.One@example.org',
    });
    expect(await cpChairRows()).toHaveLength(2);
    // corrected by the other side's holder: the corrected address is told too
    const view = await call(teacher, 'GET', `/api/v1/cases/${caseId}`);
    const otherHolder = t.people.find(
      (p) => p.id === view.body.stage.holders.other[0],
    ) as PersonSummary;
    const corrected = await command(otherHolder, {
      type: 'update-child-contacts',
      child: 0,
      cpChairEmail: 'cp-chair.two@example.org',
    });
    expect(corrected.status).toBe(200);
    expect((await cpChairRows()).map((r) => r.recipient_email).sort()).toEqual([
      '',
      'cp-chair.one@example.org',
      'cp-chair.two@example.org',
    ]);
    // what the e-mail carries is the stage it was about, and never the child
    const row = await t.store.db
      .selectFrom('outbox')
      .select('data')
      .where('case_id', '=', caseId)
      .where('recipient_email', '=', 'cp-chair.two@example.org')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.data)).toMatchObject({ stage: { number: 2 }, recipientKind: 'cp-chair' });
    expect(row.data).not.toContain('Child E');
    expect(await verifyCase(t.store.db, caseId)).toMatchObject({ ok: true });
  });

  it('is not the partnership team’s to refuse, nor an uninvolved agency’s to make', async () => {
    const team = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === 'bscp',
    ) as PersonSummary;
    const byTeam = await command(team, {
      type: 'update-child-contacts',
      child: 0,
      cpChairEmail: 'cp-chair.three@example.org',
    });
    expect(byTeam.status).toBe(200);
    const outsider = t.person('frontline', 'Elm Road');
    const byOutsider = await command(outsider, {
      type: 'update-child-contacts',
      child: 0,
      cpChairEmail: 'someone@example.org',
    });
    expect(byOutsider.status).toBe(404);
  });
});
