/**
 * Policy review reminders, driven by the database: when the newest registered version of a
 * policy has an adoption review date within REVIEW_NOTICE_DAYS (or past), the business unit of
 * each partnership that uses it (as its own policy, or through an agency's local version) gets
 * one reminder for that policy version. The idempotency key makes it once only, however many
 * instances run the job and however often.
 */
import { DateTime } from 'luxon';
import type { Policy } from '../domain/policy/schema.js';
import { aboutNoCase } from '../notify/data.js';
import { queueOnce } from '../notify/queue.js';
import { latestPolicy } from '../services/policy-registry.js';
import type { Db } from '../store/database.js';

export const REVIEW_NOTICE_DAYS = 30;

/** Whether `reviewOn` (a date) is at most REVIEW_NOTICE_DAYS after today in Europe/London. */
export function reviewIsDue(reviewOn: string, now: Date): boolean {
  const today = DateTime.fromJSDate(now).setZone('Europe/London').startOf('day');
  const review = DateTime.fromISO(reviewOn, { zone: 'Europe/London' }).startOf('day');
  return review.diff(today, 'days').days <= REVIEW_NOTICE_DAYS;
}

/** The partnerships using a policy, directly or through an agency's local version. */
async function partnershipsUsing(db: Db, policyId: string) {
  const viaAgencies = db
    .selectFrom('agencies')
    .select('partnership_id')
    .where('policy_id', '=', policyId);
  return db
    .selectFrom('partnerships')
    .select(['id', 'key', 'business_unit_email'])
    .where((eb) => eb.or([eb('policy_id', '=', policyId), eb('id', 'in', viaAgencies)]))
    .orderBy('key')
    .execute();
}

async function queueReviewReminders(db: Db, policy: Policy, now: string): Promise<number> {
  const reviewOn = policy.adoption?.reviewOn as string;
  const data = aboutNoCase({
    policyTitle: policy.title,
    recipientKind: 'business-unit',
    review: {
      policyId: policy.id,
      version: policy.version,
      reviewOn,
      adoptedBy: policy.adoption?.adoptedBy ?? null,
    },
  });
  let queued = 0;
  for (const partnership of await partnershipsUsing(db, policy.id)) {
    const email = partnership.business_unit_email ?? policy.contacts.businessUnit?.email ?? null;
    const added = await queueOnce(db, {
      idempotencyKey: `policy-review:${policy.id}:${policy.version}:${partnership.key}`,
      ruleKey: 'policy-review',
      reason: `The policy's adoption record says it is to be reviewed on ${reviewOn}.`,
      recipientEmail: email ?? '',
      recipientPersonId: null,
      template: 'policy-review',
      data,
      at: now,
      missing: 'No business unit mailbox is recorded for this partnership.',
    });
    if (added) queued++;
  }
  return queued;
}

/** Queues the review reminders owed at `now`; returns how many were queued. */
export async function sweepPolicyReviews(db: Db, now: Date): Promise<number> {
  const ids = await db.selectFrom('policy_versions').select('policy_id').distinct().execute();
  let queued = 0;
  for (const { policy_id } of ids) {
    const policy = await latestPolicy(db, policy_id);
    const reviewOn = policy?.adoption?.reviewOn;
    if (!policy || !reviewOn || !reviewIsDue(reviewOn, now)) continue;
    queued += await queueReviewReminders(db, policy, now.toISOString());
  }
  return queued;
}
