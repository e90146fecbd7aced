/**
 * Who is told of what (src/services/notifications.ts), rule by rule, on a small fictional
 * partnership written straight into the database DATABASE_URL names, with the case services
 * called directly: each demand of the policy queued once per recipient, with the template of
 * its trigger; the holders told which side they are on (and, at the chair's stage, that the
 * chair decides); the kinds that keep the sides informed telling a person once per command and
 * never the person who did it; what the policy demands by name going even to someone told
 * already; an address nobody has, queued as failed with why. The seed journeys show the same
 * on the demo directory; these are fast enough for `npm run mutate`.
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
/** csc's manager, its named escalation manager, has an address with capitals */
const CSC_MANAGER = 'C-Manager@P.example';

const told = async (caseId: string, rule?: string) =>
  (await outboxOf(p.db, caseId))
    .filter((r) => rule === undefined || r.rule_key === rule)
    .map((r) => [r.template, r.recipient_email, r.data.holderSide ?? null])
    .sort((a, b) => String(a[1]).localeCompare(String(b[1])));

const seqOf = (view: { record: { seq: number; type: string }[] }, type: string) =>
  view.record.filter((e) => e.type === type).at(-1)?.seq;

beforeAll(async () => {
  p = await createSmallPartnership('2026-11-02T09:30:00.000Z');
  await registerPolicies(p.db, [toldPolicy], '2026-11-01T09:00:00.000Z');
  await p.db
    .updateTable('agencies')
    .set({ policy_id: 'told' })
    .where('id', '=', 'school')
    .execute();
  await p.db
    .updateTable('agencies')
    .set({ escalation_manager_id: 'c-manager' })
    .where('id', '=', 'csc')
    .execute();
  await p.db
    .updateTable('people')
    .set({ email: CSC_MANAGER })
    .where('id', '=', 'c-manager')
    .execute();
});
afterAll(async () => p.close());

describe('who is told of a new case', () => {
  it('the holders of the first stage are told, each with their side, and the raiser is not told of their own raising', async () => {
    const raised = await p.raise();
    expect(await told(raised.id)).toEqual([['case-raised', 'c-worker@p.example', 'other']]);
    const [row] = await outboxOf(p.db, raised.id);
    expect(row).toMatchObject({
      rule_key: 'raised-told',
      reason: 'Both sides know a disagreement has been raised',
      recipient_person_id: 'c-worker',
      event_seq: seqOf(raised, 'raised'),
      idempotency_key: `${raised.id}:raised-told:case-raised:holders:c-worker@p.example`,
      status: 'queued',
    });
    expect(row?.data).toEqual({
      reference: raised.reference,
      eventType: 'raised',
      stage: { number: 1, name: 'Professional to professional' },
      dueAt: raised.stage.dueAt,
      status: 'open',
      policyTitle: 'Who is told of what (test policy)',
      recipientKind: 'holders',
      holderSide: 'other',
    });
  });

  it('a DSL told of a child at immediate risk may read the case from then on, and hears which service takes the referral', async () => {
    const raised = await p.raise();
    const flagged = await p.run(raised.id, 's-worker', {
      type: 'record-hub-referral',
      service: 'Children and Families Hub',
      when: '2026-11-02T09:00:00.000Z',
      immediateRisk: true,
    });
    const rows = (await outboxOf(p.db, raised.id)).filter((r) => r.rule_key === 'risk-told');
    expect(rows.map((r) => [r.template, r.recipient_email, r.reason])).toEqual([
      ['immediate-risk', 's-dsl@p.example', 'Inform the DSL at once'],
    ]);
    expect(rows[0]?.data).toMatchObject({
      referralService: 'Children and Families Hub',
      recipientKind: 'role:dsl',
      eventType: flagged.record.at(-1)?.type,
    });
    const participants = await p.db
      .selectFrom('case_participants')
      .select('person_id')
      .where('case_id', '=', raised.id)
      .execute();
    // the DSL takes no part in the case otherwise
    expect(participants.map((r) => r.person_id).sort()).toEqual(['c-worker', 's-dsl', 's-worker']);
  });
});

describe('who is told of a stage entered', () => {
  it('a holder is told once per command though they are also their agency’s contact, yet told again what the policy demands by role; an address with capitals is one address', async () => {
    const raised = await p.raise();
    const escalated = await p.run(raised.id, 's-worker', {
      type: 'escalate',
      reason: 'No answer (fictional).',
    });
    const rows = (await outboxOf(p.db, raised.id)).filter((r) => r.rule_key !== 'raised-told');
    expect(
      rows.map((r) => [r.rule_key, r.recipient_email, r.data.holderSide ?? null]).sort(),
    ).toEqual(
      [
        ['holders-told', CSC_MANAGER, 'other'],
        ['holders-told', 's-manager@p.example', 'raising'],
        ['managers-named', CSC_MANAGER, null],
        ['managers-named', 's-manager@p.example', null],
        ['dsl-other', '', null],
      ].sort(),
    );
    const toCsc = rows.find(
      (r) => r.rule_key === 'managers-named' && r.recipient_email === CSC_MANAGER,
    );
    expect(toCsc?.idempotency_key).toBe(
      `${raised.id}:managers-named:stage-2:role-manager-both:c-manager@p.example`,
    );
    expect(toCsc?.event_seq).toBe(seqOf(escalated, 'stage-entered'));
    expect(toCsc?.data.recipientKind).toBe('role:manager');
  });

  it('a role nobody at the agencies holds is queued once as failed, with why, under a key of its own', async () => {
    const raised = await p.raise();
    await p.run(raised.id, 's-worker', { type: 'escalate', reason: 'No answer (fictional).' });
    const [row] = (await outboxOf(p.db, raised.id)).filter((r) => r.rule_key === 'dsl-other');
    expect(row).toMatchObject({
      recipient_email: '',
      recipient_person_id: null,
      status: 'failed',
      idempotency_key: `${raised.id}:dsl-other:stage-2:role-dsl-other:unknown-role-0`,
      last_error: `Nobody at the other side's agencies in the case holds the role "dsl" in the directory.`,
    });
  });

  it('the stage’s holders hear of the other side’s acknowledgement owed, with the stage’s due time', async () => {
    const raised = await p.raise();
    const escalated = await p.run(raised.id, 's-worker', {
      type: 'escalate',
      reason: 'No answer (fictional).',
    });
    const [row] = (await outboxOf(p.db, raised.id)).filter(
      (r) => r.rule_key === 'holders-told' && r.recipient_person_id === 's-manager',
    );
    expect(escalated.stage.acknowledgement?.dueAt).toBeTruthy();
    expect(row?.data).toEqual({
      reference: raised.reference,
      eventType: 'stage-entered',
      stage: { number: 2, name: 'Manager to manager' },
      dueAt: escalated.stage.dueAt,
      status: 'open',
      policyTitle: 'Who is told of what (test policy)',
      recipientKind: 'holders',
      holderSide: 'raising',
      acknowledgementDueAt: escalated.stage.acknowledgement?.dueAt,
    });
  });

  it('once the other side has acknowledged it, or the case is closed, no acknowledgement is said to be owed', async () => {
    const acknowledged = await p.raise();
    await p.run(acknowledged.id, 's-worker', {
      type: 'escalate',
      reason: 'No answer (fictional).',
    });
    await p.run(acknowledged.id, 'c-manager', { type: 'acknowledge' });
    const [ack] = (await outboxOf(p.db, acknowledged.id)).filter(
      (r) => r.rule_key === 'acknowledged-told',
    );
    expect(ack?.recipient_email).toBe('s-worker@p.example');
    expect(ack?.data).toMatchObject({ stage: { number: 2 }, status: 'open' });
    expect(ack?.data).not.toHaveProperty('acknowledgementDueAt');

    const closed = await p.raise();
    await p.run(closed.id, 's-worker', { type: 'escalate', reason: 'No answer (fictional).' });
    await p.run(closed.id, 's-manager', { type: 'withdraw', reason: 'Agreed (fictional).' });
    const [outcome] = (await outboxOf(p.db, closed.id)).filter(
      (r) => r.rule_key === 'outcome-told',
    );
    expect(outcome?.data).toMatchObject({ stage: { number: 2 }, status: 'withdrawn', dueAt: null });
    expect(outcome?.data).not.toHaveProperty('acknowledgementDueAt');
  });

  it('nobody is told of a stage they entered themself', async () => {
    const raised = await p.raise();
    await p.run(raised.id, 's-worker', { type: 'escalate', reason: 'No answer (fictional).' });
    await p.run(raised.id, 's-manager', { type: 'escalate', reason: 'Still no answer.' });
    expect(await told(raised.id, 'holders-told')).toEqual([
      ['stage-entered', CSC_MANAGER, 'other'],
      ['stage-entered', 'c-senior@p.example', 'other'],
      ['stage-entered', 's-manager@p.example', 'raising'],
      ['stage-entered', 's-senior@p.example', 'raising'],
    ]);
  });
});

describe('who is told at the chair’s stage', () => {
  it('the chair is told of the referral once, as the chair; the sides’ last holders hear the chair decides; the team is told as the partnership’s side', async () => {
    const raised = await p.raise();
    let view = raised;
    for (const by of ['s-worker', 's-manager', 's-senior']) {
      view = await p.run(raised.id, by, { type: 'escalate', reason: 'No answer (fictional).' });
    }
    await p.run(raised.id, 's-director', { type: 'refer-to-chair', details: 'Please decide.' });
    const rows = (await outboxOf(p.db, raised.id)).filter((r) => r.rule_key === 'chair-told');
    expect(
      rows.map((r) => [r.recipient_email, r.data.recipientKind, r.data.holderSide ?? null]).sort(),
    ).toEqual(
      [
        ['c-director@p.example', 'holders', 'side-at-chair'],
        ['chair@p.example', 'chair', null],
        ['team@p.example', 'holders', 'partnership'],
      ].sort(),
    );
    expect(rows.every((r) => r.template === 'referred-to-chair')).toBe(true);
    expect(view.stage.number).toBe(4);
  });

  it('the decision is told to the raiser, saying who decided, with no due time once decided', async () => {
    const raised = await p.raise();
    for (const by of ['s-worker', 's-manager', 's-senior']) {
      await p.run(raised.id, by, { type: 'escalate', reason: 'No answer (fictional).' });
    }
    await p.run(raised.id, 's-director', { type: 'refer-to-chair', details: 'Please decide.' });
    const decided = await p.run(raised.id, 'chair', {
      type: 'record-decision',
      decision: 'An assessment (fictional).',
    });
    const rows = (await outboxOf(p.db, raised.id)).filter((r) => r.rule_key === 'decision-told');
    expect(rows).toHaveLength(1);
    // the decision is also the outcome: the raiser, told once per command, hears it once
    expect(await told(raised.id, 'outcome-told')).toEqual([]);
    expect(rows[0]?.recipient_email).toBe('s-worker@p.example');
    expect(rows[0]?.data).toEqual({
      reference: raised.reference,
      eventType: 'decision-made',
      stage: { number: 5, name: 'Resolution by the partnership chair' },
      dueAt: null,
      status: decided.status,
      policyTitle: 'Who is told of what (test policy)',
      recipientKind: 'raiser',
      decidedBy: 'chair',
    });
  });
});
