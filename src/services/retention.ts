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
 *
 * Longer than 300 lines because the rule is one transaction per case (find, redact every event, drop
 * the child keys and salts, append the record of it) and reads best in one place.
 */
import { DateTime } from 'luxon';
import { RETENTION_RULE_ACTOR, type Redacted } from '../domain/case/index.js';
import { type RemovalGround, redactedCopy } from '../domain/case/personal.js';
import { deleteChildKeys } from '../store/child-keys.js';
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
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, because a full list asks the next partnership for LIMIT 0 below, which finds nothing; this only saves the query
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
    const events = await removePersonalParts(trx, item.caseId, at, 'rule');
    const event: Redacted = {
      type: 'redacted',
      at,
      by: RETENTION_RULE_ACTOR,
      rule: { yearsAfterClosure: item.yearsAfterClosure },
      closedAt: row.closed_at,
      events,
    };
    await appendEvents(trx, item.caseId, row.version, [event], at);
    return true;
  });
}

/** Replaces every personal part of the case not yet removed by the notice; answers how many. */
async function removePersonalParts(
  trx: Db,
  caseId: string,
  at: string,
  ground: RemovalGround,
): Promise<number> {
  const personal = await trx
    .selectFrom('event_personal')
    .select(['seq', 'data'])
    .where('case_id', '=', caseId)
    .where('redacted_at', 'is', null)
    .execute();
  for (const p of personal) {
    await trx
      .updateTable('event_personal')
      .set({
        data: JSON.stringify(redactedCopy(JSON.parse(p.data), at, ground)),
        salt: null,
        redacted_at: at,
      })
      .where('case_id', '=', caseId)
      .where('seq', '=', p.seq)
      .execute();
  }
  // the duplicate warning's keys stand for the children's names and dates of birth: they go too
  await deleteChildKeys(trx, caseId);
  return personal.length;
}

/** Roles that may decide a removal on request, for their own partnership's cases. */
export const REMOVAL_DECIDERS = ['partnership-team', 'chair', 'administrator'] as const;

export class RemovalRefused extends Error {}

export interface RemovalRequest {
  /** the case id or reference */
  case: string;
  /** why, as recorded in the case's record: say why, name nobody */
  reason: string;
  /** the e-mail address of the person who decided it */
  decidedBy: string;
  dryRun?: boolean;
}

export interface RemovalResult {
  caseId: string;
  reference: string;
  partnership: string;
  closedAt: string;
  /** how many events' personal parts were (or, on a dry run, would be) removed */
  events: number;
  decidedBy: { personId: string; role: string };
  dryRun: boolean;
  removedAt: string | null;
}

export const REMOVAL_REASON_MAX = 500;

/**
 * Removes one closed case's personal details on request, ahead of the retention rule (ASVS
 * V8.3.2): a decision for the partnership (its data protection officer), recorded in the case's
 * `redacted` event with who decided (their person id) and the reason. The decider must be the
 * partnership team, chair or an administrator of the case's partnership. Refused, changing
 * nothing, for an unknown case, an open one, one already removed, an empty reason, or a decider
 * who is unknown or may not decide. Claimed by a conditional UPDATE on the version read, like the
 * rule's removal, so a command or the job at the same moment cannot interleave.
 */
export async function removeOnRequest(
  db: Db,
  request: RemovalRequest,
  now: Date,
): Promise<RemovalResult> {
  const reason = request.reason.trim();
  if (reason === '') {
    throw new RemovalRefused(
      'Give the reason for removing the details (--reason), as it will be recorded: for example "Data protection officer\'s decision 2026-14". Name nobody.',
    );
  }
  if (reason.length > REMOVAL_REASON_MAX) {
    throw new RemovalRefused(`Keep the reason to ${REMOVAL_REASON_MAX} characters or fewer.`);
  }
  const found = await db
    .selectFrom('cases')
    .innerJoin('partnerships', 'partnerships.id', 'cases.partnership_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.partnership_id',
      'cases.status',
      'cases.closed_at',
      'cases.redacted_at',
      'cases.version',
      'partnerships.key as partnership',
    ])
    .where((eb) =>
      eb.or([eb('cases.id', '=', request.case), eb('cases.reference', '=', request.case)]),
    )
    .executeTakeFirst();
  if (!found) throw new RemovalRefused(`There is no case ${request.case}.`);
  const decider = await db
    .selectFrom('people')
    .select(['id', 'role', 'partnership_id'])
    .where('email', '=', request.decidedBy.trim().toLowerCase())
    .executeTakeFirst();
  if (!decider) throw new RemovalRefused(`There is nobody with the e-mail ${request.decidedBy}.`);
  if (
    !(REMOVAL_DECIDERS as readonly string[]).includes(decider.role) ||
    decider.partnership_id !== found.partnership_id
  ) {
    throw new RemovalRefused(
      `${request.decidedBy} may not decide this: a removal on request is decided by the partnership team, the chair or an administrator of the case's partnership (${found.partnership}).`,
    );
  }
  if (found.redacted_at) {
    throw new RemovalRefused(
      `The personal details of ${found.reference} were already removed on ${found.redacted_at.slice(0, 10)}.`,
    );
  }
  if (found.status === 'open' || !found.closed_at) {
    throw new RemovalRefused(
      `${found.reference} is open: only a closed case's details can be removed. It must be resolved, decided or withdrawn first.`,
    );
  }
  const closedAt = found.closed_at;
  const base = {
    caseId: found.id,
    reference: found.reference,
    partnership: found.partnership,
    closedAt,
    decidedBy: { personId: decider.id, role: decider.role },
  };
  if (request.dryRun) {
    const pending = await db
      .selectFrom('event_personal')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
      .where('case_id', '=', found.id)
      .where('redacted_at', 'is', null)
      .executeTakeFirstOrThrow();
    return { ...base, events: Number(pending.count), dryRun: true, removedAt: null };
  }
  const at = now.toISOString();
  const events = await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('cases')
      .set({ redacted_at: at, version: found.version + 1 })
      .where('id', '=', found.id)
      .where('version', '=', found.version)
      .where('redacted_at', 'is', null)
      .where(
        'status',
        '!=',
        // Stryker disable next-line StringLiteral: equivalent, because the case was read closed at this version above, and no status changes without a new version
        'open',
      )
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      throw new RemovalRefused(`${found.reference} changed meanwhile: run the command again.`);
    }
    const removed = await removePersonalParts(trx, found.id, at, 'request');
    const event: Redacted = {
      type: 'redacted',
      at,
      by: decider.id,
      request: { reason },
      closedAt,
      events: removed,
    };
    await appendEvents(trx, found.id, found.version, [event], at);
    return removed;
  });
  return { ...base, events, dryRun: false, removedAt: at };
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
