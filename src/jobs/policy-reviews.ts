/**
 * Policy review reminders, driven by the database: when the newest registered version of a
 * policy has an adoption review date within REVIEW_NOTICE_DAYS (or past), whoever adopted it is
 * reminded once for that policy version. An agency's local version (seed 001: "This policy was
 * adopted by" the pre-school, "Date to be reviewed", "Signed on behalf of the provider") is the
 * setting's to review: each agency using it is told through its contact for escalations (its
 * named escalation manager, else its DSLs, else its duty inbox), and its partnership's business
 * unit gets a copy, since the partnership's cases raised by that setting are governed by it and
 * the document names the partnership's administrator as its contact. A partnership's own policy
 * is its business unit's to review. The e-mail says how late the review is ("was due on 30
 * October 2020, 6 years ago"). The idempotency keys make each reminder once only, however many
 * instances run the job and however often.
 */
import { DateTime } from 'luxon';
import type { Policy } from '../domain/policy/schema.js';
import { aboutNoCase } from '../notify/data.js';
import { queueOnce } from '../notify/queue.js';
import { latestPolicy } from '../services/policy-registry.js';
import { agencyContact } from '../services/recipients.js';
import type { Db } from '../store/database.js';

export const REVIEW_NOTICE_DAYS = 30;

const londonDay = (date: Date | string) =>
  (typeof date === 'string'
    ? DateTime.fromISO(date, { zone: 'Europe/London' })
    : DateTime.fromJSDate(date).setZone('Europe/London')
  ).startOf('day');

/** Whether `reviewOn` (a date) is at most REVIEW_NOTICE_DAYS after today in Europe/London. */
export function reviewIsDue(reviewOn: string, now: Date): boolean {
  return londonDay(reviewOn).diff(londonDay(now), 'days').days <= REVIEW_NOTICE_DAYS;
}

/**
 * How long ago the review fell due, in whole years, else months, else days ("6 years ago");
 * null when it is today or still ahead.
 */
export function overdueBy(reviewOn: string, now: Date): string | null {
  const { years, months, days } = londonDay(now).diff(londonDay(reviewOn), [
    'years',
    'months',
    'days',
  ]);
  const [count, unit] =
    years >= 1 ? [years, 'year'] : months >= 1 ? [months, 'month'] : [days, 'day'];
  if (count < 1) return null;
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
}

/** The agencies that adopted an agency-scoped policy, with their partnership. */
function adoptingAgencies(db: Db, policyId: string) {
  return db
    .selectFrom('agencies')
    .innerJoin('partnerships', 'partnerships.id', 'agencies.partnership_id')
    .select([
      'agencies.id',
      'partnerships.key as partnershipKey',
      'partnerships.business_unit_email',
    ])
    .where('agencies.policy_id', '=', policyId)
    .orderBy('partnerships.key')
    .orderBy('agencies.name')
    .execute();
}

/** The partnerships whose own policy it is. */
function owningPartnerships(db: Db, policyId: string) {
  return db
    .selectFrom('partnerships')
    .select(['key as partnershipKey', 'business_unit_email'])
    .where('policy_id', '=', policyId)
    .orderBy('key')
    .execute();
}

const NO_MAILBOX = 'No business unit mailbox is recorded for this partnership.';

async function queueReviewReminders(db: Db, policy: Policy, now: Date): Promise<number> {
  const reviewOn = policy.adoption?.reviewOn as string;
  const at = now.toISOString();
  const data = (recipientKind: string) =>
    aboutNoCase({
      policyTitle: policy.title,
      recipientKind,
      review: {
        policyId: policy.id,
        version: policy.version,
        reviewOn,
        adoptedBy: policy.adoption?.adoptedBy ?? null,
        overdueBy: overdueBy(reviewOn, now),
      },
    });
  const base = `policy-review:${policy.id}:${policy.version}`;
  const mailbox = (email: string | null) => email ?? policy.contacts.businessUnit?.email ?? '';
  let queued = 0;
  const queue = async (entry: Omit<Parameters<typeof queueOnce>[1], 'ruleKey' | 'at'>) => {
    if (await queueOnce(db, { ...entry, ruleKey: 'policy-review', at })) queued++;
  };

  if (policy.scope === 'partnership') {
    for (const p of await owningPartnerships(db, policy.id)) {
      await queue({
        idempotencyKey: `${base}:${p.partnershipKey}`,
        reason: `Your partnership's escalation policy says it is to be reviewed on ${reviewOn}.`,
        recipientEmail: mailbox(p.business_unit_email),
        recipientPersonId: null,
        template: 'policy-review',
        data: data('business-unit'),
        missing: NO_MAILBOX,
      });
    }
    return queued;
  }

  const copied = new Set<string>();
  for (const agency of await adoptingAgencies(db, policy.id)) {
    for (const address of await agencyContact(db, agency.id)) {
      await queue({
        idempotencyKey: `${base}:agency:${agency.id}:${address.personId ?? address.email ?? 'nobody'}`,
        reason: `Your agency adopted this policy, and its adoption record says it is to be reviewed on ${reviewOn}.`,
        recipientEmail: address.email ?? '',
        recipientPersonId: address.personId,
        template: 'policy-review',
        data: data('agency-contact'),
        missing: address.missing,
      });
    }
    if (copied.has(agency.partnershipKey)) continue;
    copied.add(agency.partnershipKey);
    // the key the partnership's reminder had before the setting was told: never sent twice
    await queue({
      idempotencyKey: `${base}:${agency.partnershipKey}`,
      reason:
        "An agency in your partnership adopted this local version of the partnership's policy, and the cases it raises are governed by it.",
      recipientEmail: mailbox(agency.business_unit_email),
      recipientPersonId: null,
      template: 'policy-review',
      data: data('business-unit-copy'),
      missing: NO_MAILBOX,
    });
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
    queued += await queueReviewReminders(db, policy, now);
  }
  return queued;
}
