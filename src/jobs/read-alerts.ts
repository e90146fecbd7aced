/**
 * The read alert (ASVS V8.1.4): someone reading an unusual number of different cases in a short
 * time may be misusing an account (theirs, or one taken over). Every read is in the access log;
 * this job counts, for the last hour, each person's distinct cases read (one range scan of the
 * `access_log_at_person_case` index, migration 012), and for each person over the threshold
 * logs a warning (person id and count only) and e-mails their partnership's partnership team.
 *
 * Once per person per clock hour: the outbox's idempotency key names the person and the hour, and
 * each person's alert is queued in one transaction, so with several instances (one PostgreSQL)
 * only the instance whose INSERT went in logs and queues it; the others find it there.
 */
import { aboutNoCase } from '../notify/data.js';
import { queueOnce } from '../notify/queue.js';
import type { Db } from '../store/database.js';
import { ROLE_LABELS } from '../words.js';

export const READ_ALERT_DEFAULT_CASES_PER_HOUR = 50;

const HOUR_MS = 3600_000;

export interface ReadAlertFound {
  personId: string;
  distinctCases: number;
}

export interface ReadAlertOptions {
  /** more distinct cases than this in the last hour raises the alert */
  threshold: number;
  /** told of each alert queued (the warning line); never given personal data */
  warn?: (found: ReadAlertFound) => void;
}

/** The query: each person's distinct cases read in the hour up to `now`, over the threshold. */
export function heavyReadersQuery(db: Db, now: Date, threshold: number) {
  const from = new Date(now.getTime() - HOUR_MS).toISOString();
  return db
    .selectFrom('access_log')
    .select((eb) => [
      'person_id',
      eb.fn.count<number | string | bigint>('case_id').distinct().as('cases'),
    ])
    .where('at', '>', from)
    .where('at', '<=', now.toISOString())
    .groupBy('person_id')
    .having((eb) => eb.fn.count('case_id').distinct(), '>', threshold)
    .orderBy('person_id');
}

/** People who read more than `threshold` different cases in the hour up to `now`. */
export async function heavyReaders(db: Db, now: Date, threshold: number) {
  const rows = await heavyReadersQuery(db, now, threshold).execute();
  return rows.map((r) => ({ personId: r.person_id, distinctCases: Number(r.cases) }));
}

/** Queues one person's alert to their partnership team; answers how many e-mails it queued. */
async function queueAlert(
  db: Db,
  found: ReadAlertFound,
  threshold: number,
  now: Date,
): Promise<number> {
  const person = await db
    .selectFrom('people')
    .leftJoin('agencies', 'agencies.id', 'people.agency_id')
    .select(['people.name', 'people.role', 'people.partnership_id', 'agencies.name as agency'])
    .where('people.id', '=', found.personId)
    .executeTakeFirst();
  if (!person) return 0;
  const team = await db
    .selectFrom('people')
    .select(['id', 'email'])
    .where('partnership_id', '=', person.partnership_id)
    .where('role', '=', 'partnership-team')
    .orderBy('email')
    .execute();
  const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS).toISOString();
  const at = now.toISOString();
  const data = aboutNoCase({
    recipientKind: 'role:partnership-team',
    readAlert: {
      personName: person.name,
      role: ROLE_LABELS[person.role] ?? person.role,
      agencyName: person.agency ?? null,
      distinctCases: found.distinctCases,
      threshold,
      from: new Date(now.getTime() - HOUR_MS).toISOString(),
      to: at,
    },
  });
  const recipients = team.length > 0 ? team : [{ id: null, email: '' }];
  let queued = 0;
  for (const recipient of recipients) {
    const added = await queueOnce(db, {
      idempotencyKey: `read-alert:${found.personId}:${hour}:${recipient.email || 'nobody'}`,
      ruleKey: 'read-alert',
      reason: `More than ${threshold} different cases read in an hour by one person.`,
      recipientEmail: recipient.email,
      recipientPersonId: recipient.id,
      template: 'read-alert',
      data,
      at,
      missing: 'No partnership team is recorded for this partnership.',
    });
    if (added) queued++;
  }
  return queued;
}

/** Looks at the last hour's reads; answers the people alerted now (not those alerted before). */
export async function sweepReadAlerts(
  db: Db,
  now: Date,
  options: ReadAlertOptions,
): Promise<ReadAlertFound[]> {
  const alerted: ReadAlertFound[] = [];
  for (const found of await heavyReaders(db, now, options.threshold)) {
    // one transaction per person: a second instance's INSERT waits for this one and finds it
    const queued = await db
      .transaction()
      .execute((trx) => queueAlert(trx, found, options.threshold, now));
    if (queued === 0) continue;
    options.warn?.(found);
    alerted.push(found);
  }
  return alerted;
}
