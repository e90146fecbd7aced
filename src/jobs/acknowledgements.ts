/**
 * The overdue prompt for an acknowledgement the other side has not given (issue 18, item 7;
 * docs/adr/0028): once the due time of the current stage's acknowledgement has passed and the
 * policy's `acknowledgement.promptWhenOverdue` asks for it, the other side's holders and their
 * line managers are asked to acknowledge it now. Swept from the database like the stages' own
 * deadlines (ADR 0023): each is claimed by a conditional UPDATE, so it is queued once per due
 * time whatever the number of instances or restarts.
 */
import { type CaseEvent, fold } from '../domain/case/index.js';
import type { NotificationData } from '../notify/data.js';
import { queueOnce } from '../notify/queue.js';
import { policyVersion } from '../services/policy-registry.js';
import type { Db } from '../store/database.js';
import { fromRow, readEventRows } from '../store/event-store.js';
import { managersOf } from './deadlines.js';

async function promptFor(db: Db, caseId: string, dueUtc: string, now: string): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const state = fold((await readEventRows(db, caseId)).map((r) => fromRow<CaseEvent>(r)));
  const policy = await policyVersion(db, row.policy_id, row.policy_version);
  const asked = state?.stage.acknowledgement;
  if (!state || !policy || !asked || asked.at !== null) return 0;
  const rule = policy.stages[state.stage.number - 1]?.acknowledgement;
  if (!rule?.promptWhenOverdue) return 0;
  const holders = state.stage.holders.other;
  const people = [...new Set([...holders, ...(await managersOf(db, holders))])];
  if (people.length === 0) return 0;
  const recipients = await db
    .selectFrom('people')
    .select(['id', 'email'])
    .where('id', 'in', people)
    .execute();
  const data: NotificationData = {
    reference: row.reference,
    eventType: undefined,
    stage: { number: state.stage.number, name: state.stage.name },
    dueAt: state.stage.dueAt,
    status: state.status,
    policyTitle: policy.title,
  };
  const reason =
    'The policy asks the agency the disagreement is with to acknowledge the escalation, and the time for it has passed. Acknowledge it on the case now ("Acknowledge the escalation"), or ask the person holding it for your agency to.';
  let queued = 0;
  for (const recipient of recipients) {
    const added = await queueOnce(db, {
      idempotencyKey: `${caseId}:acknowledgement-overdue:${state.stage.number}:${dueUtc}:${recipient.email}`,
      caseId,
      ruleKey: 'acknowledgement-overdue',
      reason,
      recipientEmail: recipient.email,
      recipientPersonId: recipient.id,
      template: 'acknowledgement-overdue',
      data,
      at: now,
    });
    if (added) queued++;
  }
  return queued;
}

/** Queues the overdue prompts for acknowledgements owed at `now`; returns how many were queued. */
export async function sweepAcknowledgements(db: Db, nowDate: Date, limit = 500): Promise<number> {
  const now = nowDate.toISOString();
  const owed = await db
    .selectFrom('cases')
    .select(['id', 'ack_due_at_utc'])
    .where('status', '=', 'open')
    .where('ack_due_at_utc', '<=', now)
    .where((eb) =>
      eb.or([
        eb('ack_overdue_prompted_for', 'is', null),
        eb('ack_overdue_prompted_for', '!=', eb.ref('ack_due_at_utc')),
      ]),
    )
    .limit(limit)
    .execute();
  let total = 0;
  for (const { id, ack_due_at_utc: dueUtc } of owed) {
    if (!dueUtc) continue;
    // claim and queue in one transaction: only the instance whose UPDATE matched queues
    total += await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('cases')
        .set({ ack_overdue_prompted_for: dueUtc })
        .where('id', '=', id)
        .where('ack_due_at_utc', '=', dueUtc)
        .where((eb) =>
          eb.or([
            eb('ack_overdue_prompted_for', 'is', null),
            eb('ack_overdue_prompted_for', '!=', dueUtc),
          ]),
        )
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return 0;
      return promptFor(trx, id, dueUtc, now);
    });
  }
  return total;
}
