/**
 * Reminders and overdue prompts for the actions of an agreed action plan (issue 18, item 8;
 * docs/adr/0030): the policy's `actionPlan.reminderBefore` working days before an action is due,
 * and once its due time has passed without it being marked done (`promptWhenOverdue`, default
 * on), the owning agency's holders on the case are e-mailed. Swept from `plan_actions` like the
 * acknowledgement (src/jobs/acknowledgements.ts): each e-mail is claimed by a conditional UPDATE,
 * so it is queued once per action whatever the number of instances or restarts. A withdrawn
 * case's plan is not chased; a resolved or decided case's still is (resolving does not close it).
 */
import { type CaseEvent, type CaseState, fold } from '../domain/case/index.js';
import type { Policy } from '../domain/policy/schema.js';
import type { NotificationData } from '../notify/data.js';
import { queueOnce } from '../notify/queue.js';
import { policyVersion } from '../services/policy-registry.js';
import type { Db } from '../store/database.js';
import { fromRow, readEventRows } from '../store/event-store.js';

type Kind = 'reminder' | 'overdue';

/** The owning agency's side's holders at the stage the case is in (or ended in). */
function ownersOf(state: CaseState, ownerAgencyId: string): string[] {
  const raising = ownerAgencyId === state.raisingAgencyId;
  const side = (h: { raising: string[]; other: string[] }) => (raising ? h.raising : h.other);
  return side(state.stage.holders);
}

async function holdersAtAgency(db: Db, ids: string[], agencyId: string): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('people')
    .select('id')
    .where('id', 'in', ids)
    .where('agency_id', '=', agencyId)
    .execute();
  return rows.map((r) => r.id);
}

/** The owning agency's people to tell: its holders on the case, else anyone there who took part. */
async function recipientsFor(db: Db, caseId: string, state: CaseState, ownerAgencyId: string) {
  let ids = await holdersAtAgency(db, ownersOf(state, ownerAgencyId), ownerAgencyId);
  if (ids.length === 0) {
    // at the chair's stage the sides hold nothing: those at the agency who took part in the case
    const took = await db
      .selectFrom('case_participants')
      .select('person_id')
      .where('case_id', '=', caseId)
      .execute();
    ids = await holdersAtAgency(
      db,
      took.map((r) => r.person_id),
      ownerAgencyId,
    );
  }
  if (ids.length === 0) return [];
  return db.selectFrom('people').select(['id', 'email']).where('id', 'in', ids).execute();
}

const REASON: Record<Kind, string> = {
  reminder:
    'The policy asks that the agency doing an agreed action is reminded before it is due. Do it by then, and mark it done on the case ("Mark an action done"), or tell the person who holds the disagreement for your agency.',
  overdue:
    'Your agency agreed to this action, and the time for it has passed. Do it now and mark it done on the case ("Mark an action done"), or tell the other agency why it is late.',
};

async function tell(
  db: Db,
  row: { case_id: string; action_id: string; owner_agency_id: string; due_at_utc: string },
  kind: Kind,
  now: string,
): Promise<number> {
  const caseRow = await db
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', row.case_id)
    .executeTakeFirstOrThrow();
  const state = fold((await readEventRows(db, row.case_id)).map((r) => fromRow<CaseEvent>(r)));
  const policy: Policy | undefined = await policyVersion(
    db,
    caseRow.policy_id,
    caseRow.policy_version,
  );
  const action = state?.planActions.find((a) => a.actionId === row.action_id);
  if (!state || !policy?.actionPlan || !action || action.done || state.status === 'withdrawn')
    return 0;
  if (kind === 'overdue' && !policy.actionPlan.promptWhenOverdue) return 0;
  const data: NotificationData = {
    reference: caseRow.reference,
    eventType: undefined,
    stage: { number: state.stage.number, name: state.stage.name },
    dueAt: state.status === 'open' ? state.stage.dueAt : null,
    planActionDueAt: action.dueAt,
    status: state.status,
    policyTitle: policy.title,
  };
  let queued = 0;
  for (const recipient of await recipientsFor(db, row.case_id, state, row.owner_agency_id)) {
    const added = await queueOnce(db, {
      idempotencyKey: `${row.case_id}:plan-action-${kind}:${row.action_id}:${recipient.email}`,
      caseId: row.case_id,
      ruleKey: `plan-action-${kind}`,
      reason: REASON[kind],
      recipientEmail: recipient.email,
      recipientPersonId: recipient.id,
      template: `plan-action-${kind}`,
      data,
      at: now,
    });
    if (added) queued++;
  }
  return queued;
}

/** Queues the reminders and overdue prompts owed at `now`; returns how many e-mails were queued. */
export async function sweepActionPlans(db: Db, nowDate: Date, limit = 500): Promise<number> {
  const now = nowDate.toISOString();
  let total = 0;
  for (const kind of ['overdue', 'reminder'] as const) {
    const at = kind === 'overdue' ? 'due_at_utc' : 'remind_at_utc';
    const mark = kind === 'overdue' ? 'overdue_prompted_at' : 'reminded_at';
    const owed = await db
      .selectFrom('plan_actions')
      .select(['case_id', 'action_id', 'owner_agency_id', 'due_at_utc'])
      .where('done_on', 'is', null)
      .where(at, '<=', now)
      .where(mark, 'is', null)
      // a reminder not sent before the action fell due is overtaken by the overdue prompt
      .$if(kind === 'reminder', (q) => q.where('due_at_utc', '>', now))
      .limit(limit)
      .execute();
    for (const row of owed) {
      // claim and queue in one transaction: only the instance whose UPDATE matched queues
      total += await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('plan_actions')
          .set({ [mark]: now })
          .where('case_id', '=', row.case_id)
          .where('action_id', '=', row.action_id)
          .where(mark, 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return 0;
        return tell(trx, row, kind, now);
      });
    }
  }
  return total;
}
