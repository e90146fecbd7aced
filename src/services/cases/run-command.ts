/**
 * Running a command on a case (escalating, recording a discussion, resolving...). One
 * transaction: check the version the person saw, let the pure engine decide, append the events
 * to the hash chain, update the case projection, record who takes part, and queue every
 * notification the policy demands: all or nothing.
 */
import type { CaseCommand, CaseEvent } from '../../domain/case/index.js';
import { addParticipants, keepListOrder } from '../../store/case-rows.js';
import { appendEvents, fromRow, readEventRows } from '../../store/event-store.js';
import { maySeeCase } from '../access.js';
import {
  caseProjection,
  keepOutcomeMonths,
  writePlanRows,
  writeStageRows,
} from '../case-projection.js';
import { checkNamedPeople, NamedPersonRefused } from '../command-people.js';
import { queueForChildContacts, queueNotifications } from '../notifications.js';
import type { Actor } from '../people.js';
import { pinnedPolicy } from '../policy-registry.js';
import { caseContext } from './context.js';
import { decideWithHolders, foldCase, participantsOf } from './decide-with-holders.js';
import { CaseNotFound, InvalidRequest, VersionConflict } from './errors.js';
import { readCase } from './read.js';
import { type CaseServiceDeps, type CaseView, isoNow, type Via } from './view.js';

export async function runCommand(
  deps: CaseServiceDeps,
  actor: Actor,
  caseId: string,
  command: CaseCommand,
  via: Via,
  options: { conflictWithLineManager?: boolean } = {},
): Promise<CaseView> {
  const { db } = deps;
  if (command.type === 'raise')
    throw new InvalidRequest('Raise a new case with POST /api/v1/cases.');
  if (!(await maySeeCase(db, actor, caseId))) throw new CaseNotFound();
  const now = isoNow(deps);

  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    if (row.redacted_at) {
      throw new InvalidRequest(
        "This case's personal details have been removed (under the retention rule, or on request), so it can no longer be changed.",
      );
    }
    if (command.expectedVersion !== undefined && command.expectedVersion !== row.version) {
      throw new VersionConflict(row.version);
    }
    // Only the events of the version read above: under PostgreSQL's read committed, another
    // command may commit between that read and this one, and deciding on its newer state would
    // refuse (422) what should be a conflict (409, from the guarded UPDATE below).
    const before = foldCase(
      (await readEventRows(trx, caseId))
        .filter((r) => r.seq <= row.version)
        .map((r) => fromRow<CaseEvent>(r)),
    );
    const policy = await pinnedPolicy(trx, row);
    const checked = await checkNamedPeople(trx, command, {
      partnershipId: row.partnership_id,
      raisingAgencyId: row.raising_agency_id,
      otherAgencyIds: before.otherAgencyIds,
      // Stryker disable next-line StringLiteral: equivalent, because any value but 'other-agency' means the consultation is with the raiser's own agency
      consultationWith: policy.consultation?.discussWith ?? 'own-agency',
    }).catch((error: unknown) => {
      if (error instanceof NamedPersonRefused) throw new InvalidRequest(error.message, error.field);
      throw error;
    });
    const ctx = await caseContext(trx, { partnershipId: row.partnership_id, policy }, actor, now);
    const events = await decideWithHolders(trx, before, checked, ctx, {
      partnershipId: row.partnership_id,
      raiserId: row.raised_by_id,
      raisingAgencyId: row.raising_agency_id,
      otherAgencyIds: before.otherAgencyIds,
      conflictWithLineManager: options.conflictWithLineManager,
    });
    const after = foldCase(events, before);
    const updated = await trx
      .updateTable('cases')
      .set(caseProjection(after, now))
      .where('id', '=', caseId)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      // Another command committed first (PostgreSQL: this UPDATE waited for it, then matched
      // nothing). Tell the person the version it is now at, which this new statement sees.
      const current = await trx
        .selectFrom('cases')
        .select('version')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      throw new VersionConflict(current.version);
    }
    await writeStageRows(trx, caseId, row.partnership_id, after);
    // Stryker disable next-line ConditionalExpression,MethodExpression: equivalent, because writing the plan's rows after any command writes them as they are (none without a plan; an action's done date is the state's), and a plan action is added or marked done by a command of its own, whose one event it is
    if (events.some((e) => e.type === 'plan-action-added' || e.type === 'plan-action-done')) {
      await writePlanRows(trx, caseId, after);
    }
    await keepOutcomeMonths(trx, row.partnership_id, row, {
      ...row,
      ...caseProjection(after, now),
    });
    // numbered on from the version read: the first is row.version + 1
    await appendEvents(trx, caseId, row.version, events, now);
    const dueAtUtc = caseProjection(after, now).due_at_utc;
    // Stryker disable next-line ConditionalExpression: equivalent, because with the due time unchanged the lists are given the time they have
    if (dueAtUtc !== row.due_at_utc) await keepListOrder(trx, caseId, dueAtUtc);
    const told = await queueNotifications(trx, {
      caseId,
      reference: row.reference,
      partnershipId: row.partnership_id,
      policy,
      before,
      after,
      events,
      firstSeq: row.version + 1,
      now,
    });
    await addParticipants(trx, caseId, [...new Set([...participantsOf(events), ...told])], now, {
      dueAtUtc,
      raisedAt: row.raised_at,
    });
    // Stryker disable next-line ConditionalExpression,MethodExpression: equivalent, because replaying the child's contacts after any command queues nothing new (each demand was queued to the addresses known when it was made, under the same key, or to those added since when they were added), and a child's contacts are updated by a command of their own, whose one event it is
    if (events.some((e) => e.type === 'child-contacts-updated')) {
      const record = (await readEventRows(trx, caseId)).map((r) => fromRow<CaseEvent>(r));
      await queueForChildContacts(
        trx,
        { caseId, reference: row.reference, partnershipId: row.partnership_id, policy, after, now },
        record,
      );
    }
  });
  return readCase(deps, actor, caseId, via);
}
