/**
 * The retention rule (issue 8, data protection): a partnership keeps the personal details of a
 * case for a number of years after the case closes (resolved, decided or withdrawn; a reopened
 * case is open again, and its clock starts from its last closing). Then they are removed: each
 * event's personal part (src/domain/case/personal.ts) is replaced by a notice saying when, its
 * salt dropped, and a `redacted` event appended to the record. What is kept (when, who, which
 * agencies, category, stages, due times, how it ended) is what the figures are made of, so the
 * dashboard and board report do not change, and the hash chain still verifies.
 *
 * Each case is removed in its own short transaction, claimed by a conditional UPDATE on the
 * version read (as the deadline sweep claims its work), so several instances on one database
 * remove each case once, and a command arriving at the same moment gets a version conflict.
 */
import { DateTime } from 'luxon';
import { RETENTION_RULE_ACTOR, type Redacted } from '../domain/case/index.js';
import { redactedCopy } from '../domain/case/personal.js';
import type { Db } from '../store/database.js';
import { appendEvents } from '../store/event-store.js';

/**
 * The rule when a partnership's directory entry sets none: 25 years after closing. Conservative
 * on purpose (a disagreement may be about a new-born, and child protection records are commonly
 * kept to the child's 25th birthday); each partnership should set its own from its retention
 * schedule (docs/security.md).
 */
export const DEFAULT_RETENTION_YEARS = 25;

export interface RetentionRule {
  yearsAfterClosure: number;
}

/** A case whose rule has been met (the dry run lists these; nothing personal in it). */
export interface RetentionItem {
  caseId: string;
  reference: string;
  partnership: string;
  closedAt: string;
  /** when the rule was met: closedAt plus the rule's years */
  dueAt: string;
  yearsAfterClosure: number;
}

export interface RetentionRun {
  dryRun: boolean;
  /** how many cases were found past their rule (up to the limit) */
  found: number;
  items: RetentionItem[];
  /** when removed: the time (UTC) */
  redactedAt: string | null;
}

const utc = (date: Date) => DateTime.fromJSDate(date, { zone: 'utc' });

/** The cases past their partnership's rule and not yet removed, oldest closing first. */
export async function casesPastRetention(db: Db, now: Date, limit = 500): Promise<RetentionItem[]> {
  const partnerships = await db
    .selectFrom('partnerships')
    .select(['id', 'key', 'retention_years'])
    .orderBy('key')
    .execute();
  const items: RetentionItem[] = [];
  for (const p of partnerships) {
    if (items.length >= limit) break;
    const years = p.retention_years ?? DEFAULT_RETENTION_YEARS;
    const cutoff = utc(now).minus({ years }).toISO() as string;
    const rows = await db
      .selectFrom('cases')
      .select(['id', 'reference', 'closed_at'])
      .where('partnership_id', '=', p.id)
      .where('redacted_at', 'is', null)
      .where('closed_at', 'is not', null)
      .where('closed_at', '<=', cutoff)
      .where('status', '!=', 'open')
      .orderBy('closed_at')
      .limit(limit - items.length)
      .execute();
    for (const r of rows) {
      const closedAt = r.closed_at as string;
      items.push({
        caseId: r.id,
        reference: r.reference,
        partnership: p.key,
        closedAt,
        dueAt: DateTime.fromISO(closedAt, { zone: 'utc' }).plus({ years }).toISO() as string,
        yearsAfterClosure: years,
      });
    }
  }
  return items;
}

/**
 * Removes one case's personal details if it is still closed, past the rule and not removed;
 * false when another instance (or a command) got there first.
 */
export async function redactCase(db: Db, item: RetentionItem, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const cutoff = utc(now).minus({ years: item.yearsAfterClosure }).toISO() as string;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('cases')
      .select(['version', 'closed_at'])
      .where('id', '=', item.caseId)
      .executeTakeFirst();
    if (!row?.closed_at) return false;
    const claimed = await trx
      .updateTable('cases')
      .set({ redacted_at: at, version: row.version + 1 })
      .where('id', '=', item.caseId)
      .where('version', '=', row.version)
      .where('redacted_at', 'is', null)
      .where('status', '!=', 'open')
      .where('closed_at', '<=', cutoff)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;
    const personal = await trx
      .selectFrom('event_personal')
      .select(['seq', 'data'])
      .where('case_id', '=', item.caseId)
      .where('redacted_at', 'is', null)
      .execute();
    for (const p of personal) {
      await trx
        .updateTable('event_personal')
        .set({
          data: JSON.stringify(redactedCopy(JSON.parse(p.data), at)),
          salt: null,
          redacted_at: at,
        })
        .where('case_id', '=', item.caseId)
        .where('seq', '=', p.seq)
        .execute();
    }
    const event: Redacted = {
      type: 'redacted',
      at,
      by: RETENTION_RULE_ACTOR,
      rule: { yearsAfterClosure: item.yearsAfterClosure },
      closedAt: row.closed_at,
      events: personal.length,
    };
    await appendEvents(trx, item.caseId, row.version, [event], at);
    return true;
  });
}

/**
 * Removes (or, on a dry run, lists) up to `limit` cases past their rule, one short transaction
 * each. Returns those this run removed: with several instances, each case is in one run only.
 */
export async function applyRetention(
  db: Db,
  now: Date,
  options: { dryRun?: boolean; limit?: number } = {},
): Promise<RetentionRun> {
  const due = await casesPastRetention(db, now, options.limit);
  if (options.dryRun) return { dryRun: true, found: due.length, items: due, redactedAt: null };
  const items: RetentionItem[] = [];
  for (const item of due) if (await redactCase(db, item, now)) items.push(item);
  return { dryRun: false, found: due.length, items, redactedAt: now.toISOString() };
}
