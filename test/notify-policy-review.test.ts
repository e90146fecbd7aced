/**
 * Policy review reminders on the database DATABASE_URL names: seed 001's adoption record has a
 * review date; the business unit of the partnership whose agency uses it is reminded once per
 * policy version, however often and on however many instances the job runs.
 */
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewIsDue, sweepPolicyReviews } from '../src/jobs/policy-reviews.js';
import { startJobs } from '../src/jobs/runner.js';
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

  it('reminds the business unit of each partnership using seed 001 once, through the job runner', async () => {
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
    // only seed 001 has a review date; Little Meadows (bscp) is the one agency that uses it
    expect(await reminders()).toEqual([
      {
        idempotency_key: `policy-review:${SEED_001}:3:bscp`,
        recipient_email: 'business-unit@bscp-demo.example',
        status: 'sent',
        template: 'policy-review',
      },
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toBe(
      'Policy review due: Ready Steady Grow Pre-School escalation policy',
    );
    expect(sent[0]?.text).toContain(
      '(adopted by Ready Steady Grow Pre-School) is due for review on 30 October 2020',
    );
    expect(sent[0]?.text).toContain('What we ask of you: Review the policy');

    // again, and on two instances at once: nothing more
    const [a, b] = await Promise.all([
      sweepPolicyReviews(t.store.db, t.clock.now),
      sweepPolicyReviews(t.store.db, t.clock.now),
    ]);
    expect(a + b).toBe(0);
    expect(await reminders()).toHaveLength(1);
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
    expect(await sweepPolicyReviews(t.store.db, new Date('2027-09-30T12:00:00Z'))).toBe(1);
    expect((await reminders()).map((r) => r.idempotency_key)).toEqual([
      `policy-review:${SEED_001}:${preset.version}:bscp`,
      `policy-review:${SEED_001}:${next}:bscp`,
    ]);
  });
});
