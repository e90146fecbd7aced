/**
 * Policy review reminders on the database DATABASE_URL names: seed 001's adoption record has a
 * review date; the setting that adopted it (its contact for escalations) is reminded, and its
 * partnership's business unit copied, once per policy version, however often and on however
 * many instances the job runs, in words for how late the review is.
 */
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overdueBy, reviewIsDue, sweepPolicyReviews } from '../src/jobs/policy-reviews.js';
import { startJobs } from '../src/jobs/runner.js';
import { renderEmail } from '../src/notify/templates.js';
import type { OutgoingEmail } from '../src/notify/transports.js';
import { loadPresets } from '../src/policies/index.js';
import { registerPolicies } from '../src/services/policy-registry.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
const SEED_001 = 'bromley-ready-steady-grow-preschool';

const reminders = () =>
  t.store.db
    .selectFrom('outbox')
    .select(['idempotency_key', 'recipient_email', 'status', 'template'])
    .where('rule_key', '=', 'policy-review')
    .orderBy('idempotency_key')
    .execute();

const silent = { info() {}, error() {} } as unknown as FastifyBaseLogger;

describe('policy review reminders', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
  });
  afterAll(async () => t.close());

  it('is due from 30 days before the review date, and after it (Europe/London dates)', () => {
    expect(reviewIsDue('2026-12-02', new Date('2026-11-02T09:00:00Z'))).toBe(true);
    expect(reviewIsDue('2026-12-03', new Date('2026-11-02T09:00:00Z'))).toBe(false);
    // 23:30 UTC on 1 April is 00:30 on 2 April in London (BST)
    expect(reviewIsDue('2026-05-02', new Date('2026-04-01T23:30:00Z'))).toBe(true);
    expect(reviewIsDue('2020-10-30', new Date('2026-11-02T09:00:00Z'))).toBe(true);
  });

  it('says how late a review is, in whole years, months or days (Europe/London dates)', () => {
    expect(overdueBy('2020-10-30', new Date('2026-11-02T09:00:00Z'))).toBe('6 years ago');
    expect(overdueBy('2026-10-30', new Date('2026-11-02T09:00:00Z'))).toBe('3 days ago');
    expect(overdueBy('2026-09-01', new Date('2026-11-02T09:00:00Z'))).toBe('2 months ago');
    expect(overdueBy('2025-11-02', new Date('2026-11-02T09:00:00Z'))).toBe('1 year ago');
    expect(overdueBy('2026-11-02', new Date('2026-11-02T09:00:00Z'))).toBeNull();
    expect(overdueBy('2026-11-20', new Date('2026-11-02T09:00:00Z'))).toBeNull();
  });

  it('001 "This policy was adopted by ... Date to be reviewed 30/10/20": reminds the setting that adopted it, copies its partnership, once, through the job runner', async () => {
    const setting = t.person('dsl', 'Little Meadows');
    const sent: OutgoingEmail[] = [];
    const runner = startJobs({
      db: t.store.db,
      transport: { send: async (email) => void sent.push(email) },
      baseUrl: 'http://escalate.test',
      log: silent,
      now: () => t.clock.now,
      intervalMs: 60_000,
    });
    await runner.tick();
    await runner.stop();
    // only seed 001 has a review date; Little Meadows (bscp) is the one agency that uses it, and
    // names no escalation manager: its designated safeguarding lead is its contact
    expect(await reminders()).toEqual([
      {
        idempotency_key: `policy-review:${SEED_001}:3:agency:${setting.agency?.id}:${setting.id}`,
        recipient_email: setting.email,
        status: 'sent',
        template: 'policy-review',
      },
      {
        idempotency_key: `policy-review:${SEED_001}:3:bscp`,
        recipient_email: 'business-unit@bscp-demo.example',
        status: 'sent',
        template: 'policy-review',
      },
    ]);
    expect(sent).toHaveLength(2);
    const toSetting = sent.find((e) => e.to === setting.email);
    const copy = sent.find((e) => e.to === 'business-unit@bscp-demo.example');
    for (const email of [toSetting, copy]) {
      expect(email?.subject).toBe(
        'Policy review overdue: Ready Steady Grow Pre-School escalation policy',
      );
      // six years late: not "is due"
      expect(email?.text).toContain(
        '(adopted by Ready Steady Grow Pre-School) was due for review on 30 October 2020, 6 years ago.',
      );
      expect(email?.text).not.toContain('is due for review');
    }
    expect(toSetting?.text).toContain(
      'What we ask of you: Review the policy with those who signed it',
    );
    expect(toSetting?.text).toContain('Why you are told: Your agency adopted this policy');
    expect(copy?.text).toContain('What we ask of you: No action is needed from you');

    // again, and on two instances at once: nothing more
    const [a, b] = await Promise.all([
      sweepPolicyReviews(t.store.db, t.clock.now),
      sweepPolicyReviews(t.store.db, t.clock.now),
    ]);
    expect(a + b).toBe(0);
    expect(await reminders()).toHaveLength(2);
  });

  it('a new version is reminded about in its own right, only when its review date comes near', async () => {
    const preset = loadPresets().find((p) => p.id === SEED_001);
    if (!preset?.adoption) throw new Error('seed 001 has no adoption record');
    const next = preset.version + 1;
    const newer = {
      ...preset,
      version: next,
      adoption: { ...preset.adoption, reviewOn: '2027-10-30' },
    };
    await registerPolicies(t.store.db, [newer], t.clock.now.toISOString());
    expect(await sweepPolicyReviews(t.store.db, t.clock.now)).toBe(0);
    expect(await sweepPolicyReviews(t.store.db, new Date('2027-09-29T12:00:00Z'))).toBe(0);
    const ahead = new Date('2027-09-30T12:00:00Z');
    expect(await sweepPolicyReviews(t.store.db, ahead)).toBe(2);
    expect((await reminders()).map((r) => r.idempotency_key)).toEqual([
      expect.stringMatching(new RegExp(`^policy-review:${SEED_001}:${preset.version}:agency:`)),
      `policy-review:${SEED_001}:${preset.version}:bscp`,
      expect.stringMatching(new RegExp(`^policy-review:${SEED_001}:${next}:agency:`)),
      `policy-review:${SEED_001}:${next}:bscp`,
    ]);
    // a month ahead, it "is due": not late
    const rows = await t.store.db
      .selectFrom('outbox')
      .select('data')
      .where('idempotency_key', '=', `policy-review:${SEED_001}:${next}:bscp`)
      .executeTakeFirstOrThrow();
    const data = JSON.parse(rows.data);
    expect(data.review.overdueBy).toBeNull();
    const email = renderEmail('policy-review', data, 'why', 'http://escalate.test');
    expect(email.subject).toBe('Policy review due: Ready Steady Grow Pre-School escalation policy');
    expect(email.text).toContain('is due for review on 30 October 2027.');
  });

  it('a partnership policy with a review date reminds its own business unit, not a copy', async () => {
    const preset = loadPresets().find((p) => p.id === 'bscb-partnership');
    if (!preset) throw new Error('no seed 004 preset');
    const dated = {
      ...preset,
      version: preset.version + 1,
      adoption: { adoptedBy: 'The board', reviewOn: '2026-11-20', signatories: [], source: 'x 1' },
    };
    await registerPolicies(t.store.db, [dated], t.clock.now.toISOString());
    expect(await sweepPolicyReviews(t.store.db, t.clock.now)).toBe(1);
    const row = await t.store.db
      .selectFrom('outbox')
      .select(['recipient_email', 'data'])
      .where('idempotency_key', '=', `policy-review:bscb-partnership:${dated.version}:bscb`)
      .executeTakeFirstOrThrow();
    expect(row.recipient_email).toBe('office@bscb-demo.example');
    expect(JSON.parse(row.data).recipientKind).toBe('business-unit');
  });
});
