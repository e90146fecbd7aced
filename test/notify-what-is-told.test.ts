/**
 * What each e-mail says (src/services/notifications.ts), on a small fictional partnership
 * written straight into the database DATABASE_URL names, with the case services called
 * directly: a stage passed over says so, with its own name and no due time; an outcome carries
 * the case's status; a stage nobody could be named to hold is told to the partnership team
 * (else its business unit), naming the agency or the missing chair; a child's CP Chair added
 * later is sent what the policy demanded for them, as it was then (naming the event that
 * demanded it), once. Fast enough for `npm run mutate`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPolicies } from '../src/services/policy-registry.js';
import {
  createSmallPartnership,
  outboxOf,
  type SmallPartnership,
} from './support/small-partnership.js';
import { toldPolicy } from './support/told-policy.js';

let p: SmallPartnership;

const seqOf = (view: { record: { seq: number; type: string }[] }, type: string) =>
  view.record.filter((e) => e.type === type).at(-1)?.seq;

beforeAll(async () => {
  p = await createSmallPartnership('2026-11-02T09:30:00.000Z');
  await registerPolicies(p.db, [toldPolicy], '2026-11-01T09:00:00.000Z');
  await p.db
    .updateTable('agencies')
    .set({ policy_id: 'told' })
    .where('id', 'in', ['school', 'p2-school'])
    .execute();
});
afterAll(async () => p.close());

describe('what an e-mail says of its stage', () => {
  it('a stage passed over (a child at immediate risk started further on) is named as passed over, with no due time', async () => {
    const raised = await p.raise('s-worker', { immediateRisk: true });
    const started = await p.run(raised.id, 's-worker', { type: 'start-at-stage', stage: 3 });
    expect(started.stage.number).toBe(3);
    const rows = await outboxOf(p.db, raised.id);
    const passed = rows.filter((r) => r.rule_key === 'managers-named');
    expect(passed.map((r) => r.recipient_email)).toEqual([
      'c-manager@p.example',
      's-manager@p.example',
    ]);
    expect(passed[0]?.data).toEqual({
      reference: raised.reference,
      eventType: 'stage-entered',
      stage: { number: 2, name: 'Manager to manager' },
      passedOver: true,
      dueAt: null,
      status: 'open',
      policyTitle: 'Who is told of what (test policy)',
      recipientKind: 'role:manager',
    });
    expect(passed[0]?.event_seq).toBe(seqOf(started, 'stage-entered'));
    // the new stage's holders, named by the rules of both stages, are told once in the command,
    // of the stage they now hold and its due time, not of the stage passed over on the way
    const holders = rows.filter((r) => r.rule_key === 'holders-told');
    expect(holders.map((r) => r.recipient_email).sort()).toEqual([
      'c-senior@p.example',
      's-senior@p.example',
    ]);
    for (const told of holders) {
      expect(told.data).toMatchObject({ stage: { number: 3 }, dueAt: started.stage.dueAt });
      expect(told.data).not.toHaveProperty('passedOver');
    }
  });

  it('an outcome tells the raiser the case’s status, with no due time once closed', async () => {
    const raised = await p.raise();
    const withdrawn = await p.run(raised.id, 's-manager', {
      type: 'withdraw',
      reason: 'Agreed at a meeting (fictional).',
    });
    const rows = (await outboxOf(p.db, raised.id)).filter((r) => r.rule_key === 'outcome-told');
    expect(rows.map((r) => [r.template, r.recipient_email])).toEqual([
      ['outcome', 's-worker@p.example'],
    ]);
    expect(rows[0]?.data).toEqual({
      reference: raised.reference,
      eventType: 'withdrawn',
      stage: { number: 1, name: 'Professional to professional' },
      dueAt: null,
      status: 'withdrawn',
      policyTitle: 'Who is told of what (test policy)',
      recipientKind: 'raiser',
    });
    expect(rows[0]?.event_seq).toBe(seqOf(withdrawn, 'withdrawn'));
  });
});

describe('a stage nobody could be named to hold', () => {
  it('is told to the partnership team once per stage, naming the agency with nobody', async () => {
    // the police have a manager, and nobody in the first or third stage's role
    const raised = await p.raise('s-worker', { agencies: ['police'] });
    await p.run(raised.id, 's-worker', { type: 'escalate', reason: 'No answer (fictional).' });
    const third = await p.run(raised.id, 's-manager', {
      type: 'escalate',
      reason: 'Still no answer.',
    });
    const stageOf = (r: { data: Record<string, unknown> }) =>
      (r.data.stage as { number: number }).number;
    const rows = (await outboxOf(p.db, raised.id))
      .filter((r) => r.template === 'holder-missing')
      .sort((a, b) => stageOf(a) - stageOf(b));
    expect(rows.map(stageOf)).toEqual([1, 3]);
    expect(rows[1]).toMatchObject({
      rule_key: 'holder-missing',
      recipient_email: 'team@p.example',
      recipient_person_id: 'team',
      reason: 'Nobody in the directory could be named to hold a stage of this disagreement.',
      event_seq: seqOf(third, 'stage-entered'),
      idempotency_key: `${raised.id}:holder-missing:stage-3:partnership-team:team@p.example`,
      status: 'queued',
    });
    expect(rows[1]?.data).toMatchObject({
      eventType: 'stage-entered',
      stage: { number: 3, name: 'Senior manager to senior manager' },
      unheldFor: ['Agency police (fictional)'],
      recipientKind: 'partnership-team',
    });
  });

  it('with no team nor business unit, is queued as failed, with why', async () => {
    await p.db
      .updateTable('partnerships')
      .set({ business_unit_email: null })
      .where('id', '=', 'p2')
      .execute();
    const raised = await p.raise('p2-worker', { agencies: ['p2-csc'] });
    await p.db
      .updateTable('partnerships')
      .set({ business_unit_email: 'unit@p2.example' })
      .where('id', '=', 'p2')
      .execute();
    const rows = (await outboxOf(p.db, raised.id)).filter((r) => r.template === 'holder-missing');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      recipient_email: '',
      status: 'failed',
      idempotency_key: `${raised.id}:holder-missing:stage-1:partnership-team:unknown-partnership-team`,
      last_error: 'No business unit mailbox is recorded for this partnership.',
    });
  });

  it('with no team, goes to the business unit; a partnership with no chair is named as such', async () => {
    const raised = await p.raise('p2-worker', { agencies: ['p2-csc'] });
    const rows = (await outboxOf(p.db, raised.id)).filter((r) => r.template === 'holder-missing');
    expect(rows.map((r) => [r.recipient_email, r.recipient_person_id, r.data.unheldFor])).toEqual([
      ['unit@p2.example', null, ['Agency p2-csc (fictional)']],
    ]);
    for (let i = 0; i < 3; i++) {
      await p.run(raised.id, 'p2-worker', { type: 'escalate', reason: 'No answer (fictional).' });
    }
    const referred = await p.run(raised.id, 'p2-worker', {
      type: 'refer-to-chair',
      details: 'Please decide.',
    });
    expect(referred.stage.number).toBe(5);
    const atChair = (await outboxOf(p.db, raised.id)).filter(
      (r) => r.template === 'holder-missing' && (r.data.stage as { number: number }).number === 5,
    );
    // at the chair's stage the sides keep their last holders: only the chair is missing
    expect(atChair.map((r) => r.data.unheldFor)).toEqual([['the partnership (no chair)']]);
  });
});

describe('a child’s CP Chair added after the policy demanded them', () => {
  it('is sent what was demanded for them, as it was then, once; nobody else is told again', async () => {
    const raised = await p.raise('s-worker', {
      children: [
        {
          name: 'Child E (fictional)',
          dateOfBirth: '2019-01-01',
          childProtectionPlan: true,
          lookedAfter: true,
        },
      ],
    });
    const second = await p.run(raised.id, 's-worker', {
      type: 'escalate',
      reason: 'No answer (fictional).',
    });
    const failed = (await outboxOf(p.db, raised.id)).filter((r) => r.rule_key === 'cp-chair-told');
    expect(failed.map((r) => [r.recipient_email, r.status])).toEqual([
      ['', 'failed'],
      ['', 'failed'],
    ]);
    p.clock.now = new Date('2026-11-03T09:30:00.000Z');
    const third = await p.run(raised.id, 's-manager', {
      type: 'escalate',
      reason: 'Still no answer.',
    });
    expect(third.stage.dueAt).not.toBe(second.stage.dueAt);
    const before = (await outboxOf(p.db, raised.id)).length;

    await p.run(raised.id, 's-worker', {
      type: 'update-child-contacts',
      child: 0,
      cpChairEmail: 'CP.Chair@council.example',
    });
    const after = await outboxOf(p.db, raised.id);
    expect(after).toHaveLength(before + 1);
    const sent = after.filter((r) => r.recipient_email === 'CP.Chair@council.example');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      rule_key: 'cp-chair-told',
      template: 'stage-entered',
      reason: 'The CP Chair or IRO must be notified',
      recipient_person_id: null,
      event_seq: seqOf(second, 'stage-entered'),
      idempotency_key: `${raised.id}:cp-chair-told:stage-2:cp-chair:cp.chair@council.example`,
      status: 'queued',
    });
    // the stage and due time it was demanded at, not the case's now
    expect(sent[0]?.data).toMatchObject({
      stage: { number: 2, name: 'Manager to manager' },
      dueAt: second.stage.dueAt,
      recipientKind: 'cp-chair',
    });

    await p.run(raised.id, 's-worker', {
      type: 'update-child-contacts',
      child: 0,
      cpChairEmail: 'cp.chair@council.example',
    });
    expect(await outboxOf(p.db, raised.id)).toHaveLength(before + 1);

    // the IRO, added later, is sent theirs
    await p.run(raised.id, 's-worker', {
      type: 'update-child-contacts',
      child: 0,
      iroEmail: 'iro@council.example',
    });
    const iro = (await outboxOf(p.db, raised.id)).filter(
      (r) => r.recipient_email === 'iro@council.example',
    );
    expect(iro.map((r) => [r.rule_key, r.data.recipientKind])).toEqual([['cp-chair-told', 'iro']]);
  });

  it('the e-mail sent then names the event that demanded it, as one sent at the time would', async () => {
    const raised = await p.raise('s-worker', {
      children: [{ name: 'Child F (fictional)', dateOfBirth: '2018-05-01', lookedAfter: true }],
    });
    const second = await p.run(raised.id, 's-worker', {
      type: 'escalate',
      reason: 'No answer (fictional).',
    });
    await p.run(raised.id, 's-worker', {
      type: 'update-child-contacts',
      child: 0,
      iroEmail: 'iro.f@council.example',
    });
    const [sent] = (await outboxOf(p.db, raised.id)).filter(
      (r) => r.recipient_email === 'iro.f@council.example',
    );
    expect(sent?.data).toEqual({
      reference: raised.reference,
      eventType: 'stage-entered',
      stage: { number: 2, name: 'Manager to manager' },
      dueAt: second.stage.dueAt,
      status: 'open',
      policyTitle: 'Who is told of what (test policy)',
      recipientKind: 'iro',
      acknowledgementDueAt: second.stage.acknowledgement?.dueAt,
    });
  });
});
