/**
 * Raising a disagreement: in one transaction, the case row under the policy that governs the
 * raising agency, its agencies on both sides, the first events on the hash chain, the child
 * keys for the duplicate warning, every notification the policy demands, and who takes part.
 */
import { randomUUID } from 'node:crypto';
import type { CaseCommand } from '../../domain/case/index.js';
import { addParticipants, unusedReference } from '../../store/case-rows.js';
import { writeChildKeys } from '../../store/child-keys.js';
import { appendEvents } from '../../store/event-store.js';
import { caseProjection, keepOutcomeMonths, writeStageRows } from '../case-projection.js';
import { queueNotifications } from '../notifications.js';
import type { Actor } from '../people.js';
import { governingPolicy } from '../policy-registry.js';
import { caseContext } from './context.js';
import { decideWithHolders, foldCase, participantsOf } from './decide-with-holders.js';
import { InvalidRequest } from './errors.js';
import { readCase } from './read.js';
import { type CaseServiceDeps, type CaseView, isoNow, type Via } from './view.js';

export async function raiseCase(
  deps: CaseServiceDeps,
  actor: Actor,
  command: Extract<CaseCommand, { type: 'raise' }>,
  via: Via,
  options: { conflictWithLineManager?: boolean } = {},
): Promise<CaseView> {
  const { db } = deps;
  const raisingAgencyId = actor.agencyId;
  if (!raisingAgencyId) {
    throw new InvalidRequest('Only someone working at an agency can raise a disagreement.');
  }
  const governing = await governingPolicy(db, raisingAgencyId);
  if (!governing) throw new Error(`agency ${raisingAgencyId} is not in the directory`);
  const { policy, partnershipId } = governing;
  const otherAgencyIds = [...new Set(command.agencies)];
  const others = await db
    .selectFrom('agencies')
    .select('id')
    .where('id', 'in', otherAgencyIds)
    .where('partnership_id', '=', partnershipId)
    .execute();
  if (others.length !== otherAgencyIds.length) {
    throw new InvalidRequest(
      'Select agencies from your own partnership; one of those given is not one.',
      'agencies',
    );
  }

  const now = isoNow(deps);
  const caseId = randomUUID();
  const ctx = await caseContext(db, governing, actor, now);
  const events = await decideWithHolders(db, undefined, command, ctx, {
    partnershipId,
    raiserId: actor.personId,
    raisingAgencyId,
    otherAgencyIds,
    conflictWithLineManager: options.conflictWithLineManager,
  });
  const state = foldCase(events);
  const projection = caseProjection(state, now);

  await db.transaction().execute(async (trx) => {
    const reference = await unusedReference(trx);
    await trx
      .insertInto('cases')
      .values({
        id: caseId,
        reference,
        partnership_id: partnershipId,
        policy_id: policy.id,
        policy_version: policy.version,
        raising_agency_id: raisingAgencyId,
        raised_by_id: actor.personId,
        category: command.category,
        immediate_risk: command.immediateRisk ? 1 : 0,
        raised_at: now,
        ...projection,
      })
      .execute();
    await trx
      .insertInto('case_agencies')
      .values(
        [
          { agency_id: raisingAgencyId, side: 'raising' as const },
          ...otherAgencyIds.map((id) => ({ agency_id: id, side: 'other' as const })),
        ].map((row) => ({
          ...row,
          case_id: caseId,
          partnership_id: partnershipId,
          raised_at: now,
          raising_agency_id: raisingAgencyId,
          due_at_utc: projection.due_at_utc,
        })),
      )
      .execute();
    await writeStageRows(trx, caseId, partnershipId, state);
    await keepOutcomeMonths(trx, partnershipId, null, projection);
    const rows = await appendEvents(trx, caseId, 0, events, now);
    // keys for the duplicate warning (services/duplicates.ts), never the names themselves
    await writeChildKeys(trx, caseId, partnershipId, command.children);
    const told = await queueNotifications(trx, {
      caseId,
      reference,
      partnershipId,
      policy,
      before: undefined,
      after: state,
      events,
      firstSeq: rows[0]?.seq ?? 1,
      now,
    });
    // whoever is told of the case may open it (e.g. the other agency's escalation manager)
    await addParticipants(trx, caseId, [...new Set([...participantsOf(events), ...told])], now, {
      dueAtUtc: projection.due_at_utc,
      raisedAt: now,
    });
  });
  return readCase(deps, actor, caseId, via);
}
