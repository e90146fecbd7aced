/**
 * Deadline sweeps, driven by the database so they survive restarts: a reminder to the stage's
 * holders at the start of the day a stage falls due, and an overdue prompt to both sides and
 * their line managers once it has passed, saying what the policy says happens next. Each is
 * claimed by a conditional UPDATE, so with several instances it is queued exactly once per
 * stage due time.
 */
import { type CaseEvent, fold, nextStep } from '../domain/case/index.js';
import type { NotificationData } from '../notify/data.js';
import { queueOnce } from '../notify/queue.js';
import { policyVersion } from '../services/policy-registry.js';
import type { Db } from '../store/database.js';
import { fromRow, readEventRows } from '../store/event-store.js';

type Sweep = 'reminder' | 'overdue';

/** The line managers of these people (an overdue prompt goes to them too). */
export async function managersOf(db: Db, personIds: string[]): Promise<string[]> {
  // Stryker disable next-line ConditionalExpression: equivalent on SQLite only, because it answers an empty IN list with no rows; PostgreSQL refuses one, and deadline-sweeps.test.ts fails there
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('people')
    .select('line_manager_id')
    .where('id', 'in', personIds)
    .execute();
  return rows.map((r) => r.line_manager_id).filter((id): id is string => id !== null);
}

async function queueFor(
  db: Db,
  caseId: string,
  sweep: Sweep,
  dueUtc: string,
  now: string,
): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const state = fold((await readEventRows(db, caseId)).map((r) => fromRow<CaseEvent>(r)));
  const policy = await policyVersion(db, row.policy_id, row.policy_version);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, because a case row always has its raised event and its pinned policy version registered
  if (!state || !policy) return 0;
  const holders = [...state.stage.holders.raising, ...state.stage.holders.other];
  const people = sweep === 'overdue' ? [...holders, ...(await managersOf(db, holders))] : holders;
  // Stryker disable next-line ConditionalExpression: equivalent on SQLite only (an empty IN list has no rows; PostgreSQL refuses one), and a stage always has a holder on the raising side
  if (people.length === 0) return 0;
  const recipients = await db
    .selectFrom('people')
    .select(['id', 'email'])
    .where('id', 'in', [...new Set(people)])
    .execute();
  const next = nextStep(state, policy, now);
  const reason =
    sweep === 'reminder'
      ? `Work to resolve the disagreement at this stage before it falls due. ${next.text}`
      : `The stage's time has passed. ${next.text}`;
  const data: NotificationData = {
    reference: row.reference,
    eventType: undefined,
    stage: { number: state.stage.number, name: state.stage.name },
    dueAt: state.stage.dueAt,
    status: state.status,
    policyTitle: policy.title,
  };
  let queued = 0;
  for (const recipient of recipients) {
    const added = await queueOnce(db, {
      idempotencyKey: `${caseId}:${sweep}:${state.stage.number}:${dueUtc}:${recipient.email}`,
      caseId,
      ruleKey: sweep,
      reason,
      recipientEmail: recipient.email,
      recipientPersonId: recipient.id,
      template: sweep,
      data,
      at: now,
    });
    // Stryker disable next-line ConditionalExpression: equivalent, because only the instance whose claim matched gets here, and each key holds the due time claimed, so it is always new
    if (added) queued++;
  }
  return queued;
}

/** Queues the reminders and overdue prompts owed at `now`; returns how many were queued. */
export async function sweepDeadlines(
  db: Db,
  nowDate: Date,
  limit = 500,
): Promise<{ reminders: number; overdue: number }> {
  const now = nowDate.toISOString();
  const totals = { reminders: 0, overdue: 0 };
  const jobs: [Sweep, 'remind_at_utc' | 'due_at_utc', 'reminded_for' | 'overdue_prompted_for'][] = [
    ['reminder', 'remind_at_utc', 'reminded_for'],
    ['overdue', 'due_at_utc', 'overdue_prompted_for'],
  ];
  for (const [sweep, when, doneFor] of jobs) {
    let query = db
      .selectFrom('cases')
      .select(['id', 'due_at_utc'])
      .where('status', '=', 'open')
      .where(when, '<=', now);
    // a stage already overdue gets the overdue prompt, not a reminder as well
    if (sweep === 'reminder') query = query.where('due_at_utc', '>', now);
    const owed = await query
      .where((eb) => eb.or([eb(doneFor, 'is', null), eb(doneFor, '!=', eb.ref('due_at_utc'))]))
      .limit(limit)
      .execute();
    for (const { id, due_at_utc } of owed) {
      // Stryker disable next-line ConditionalExpression: equivalent, because both sweeps' queries compare due_at_utc with now, so a case without one is never read
      if (!due_at_utc) continue;
      // Claim and queue in one transaction: only the instance whose UPDATE matched queues.
      const count = await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('cases')
          .set({ [doneFor]: due_at_utc })
          .where('id', '=', id)
          .where('due_at_utc', '=', due_at_utc)
          .where((eb) => eb.or([eb(doneFor, 'is', null), eb(doneFor, '!=', due_at_utc)]))
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return 0;
        return queueFor(trx, id, sweep, due_at_utc, now);
      });
      if (sweep === 'reminder') totals.reminders += count;
      else totals.overdue += count;
    }
  }
  return totals;
}
