/**
 * Reading a case and opening it for a person. `readCase` is the case as the API answers it;
 * `openCase` adds what the person may do with it, asked of the engine with the same context a
 * command is decided with (context.ts). Every read is written to the access log first.
 */
import type { Selectable } from 'kysely';
import {
  type ActionType,
  availableActions,
  type CaseState,
  type DecideContext,
  nextStep,
} from '../../domain/case/index.js';
import type { Policy } from '../../domain/policy/schema.js';
import { caseById, notificationsOf } from '../../store/case-rows.js';
import type { CaseTable } from '../../store/schema.js';
import { maySeeCaseRow } from '../access.js';
import { logAccess } from '../log-access.js';
import type { Actor } from '../people.js';
import { pinnedPolicy } from '../policy-registry.js';
import { caseContext } from './context.js';
import { CaseNotFound } from './errors.js';
import { foldedCase } from './folded-cases.js';
import { type CaseServiceDeps, type CaseView, isoNow, type Via } from './view.js';

/** A case opened for one person: all the page, the action forms and the API need. */
export interface OpenCase {
  view: CaseView;
  state: CaseState;
  policy: Policy;
  partnershipId: string;
  /** the engine's context for this person now: the one commands are decided with */
  context: DecideContext;
  /** what this person may do now, asked of the engine itself */
  actions: ActionType[];
}

interface Read {
  row: Selectable<CaseTable>;
  state: CaseState;
  policy: Policy;
  view: CaseView;
}

/** The stage's acknowledgement as the case answers it: overdue once due, open and not given. */
function acknowledgementView(
  state: CaseState,
  now: string,
): Pick<CaseView['stage'], 'acknowledgement'> {
  const asked = state.stage.acknowledgement;
  if (!asked) return {};
  const overdue =
    state.status === 'open' &&
    asked.at === null &&
    asked.dueAt !== null &&
    Date.parse(asked.dueAt) < Date.parse(now);
  return { acknowledgement: { ...asked, overdue } };
}

async function read(deps: CaseServiceDeps, actor: Actor, caseId: string, via: Via): Promise<Read> {
  const { db } = deps;
  const row = await caseById.first(db, { caseId });
  if (!row || !(await maySeeCaseRow(db, actor, row))) throw new CaseNotFound();
  const now = isoNow(deps);
  await logAccess(db, actor, caseId, 'read', via, now);
  const { state, record } = await foldedCase(db, row);
  const policy = await pinnedPolicy(db, row);
  const next = nextStep(state, policy, now);
  const outbox = await notificationsOf.execute(db, { caseId });
  const view: CaseView = {
    id: row.id,
    reference: row.reference,
    version: state.version,
    policy: { id: policy.id, version: policy.version, title: policy.title },
    status: state.status,
    stage: {
      number: state.stage.number,
      key: state.stage.key,
      name: state.stage.name,
      dueAt: state.stage.dueAt,
      holders: state.stage.holders,
      ...acknowledgementView(state, now),
    },
    overdue: next.overdue,
    planActions: state.planActions.map((a) => ({
      ...a,
      overdue:
        a.done === null && state.status !== 'withdrawn' && Date.parse(a.dueAt) < Date.parse(now),
    })),
    nextStep: { text: next.text, dueAt: next.dueAt },
    raisedAt: state.raisedAt,
    raisedBy: state.raiser.personId,
    raisingAgencyId: state.raisingAgencyId,
    otherAgencyIds: state.otherAgencyIds,
    category: state.category,
    immediateRisk: state.immediateRisk,
    children: state.children,
    panel: state.panel,
    record,
    notifications: outbox.map((n) => ({
      to: n.recipient_email,
      reason: n.reason,
      status: n.status,
      rule: n.rule_key,
      sentAt: n.sent_at,
      error: n.last_error,
    })),
  };
  return { row, state, policy, view };
}

/** Reads a case the actor may see (else CaseNotFound), and logs the read. */
export async function readCase(
  deps: CaseServiceDeps,
  actor: Actor,
  caseId: string,
  via: Via,
): Promise<CaseView> {
  return (await read(deps, actor, caseId, via)).view;
}

/**
 * Opens a case for a person: the case as readCase gives it, and what they may do with it now.
 * The case page, every action form (shown and sent), the API's turn and the engine all take
 * the person's actions from here, so they cannot disagree.
 */
export async function openCase(
  deps: CaseServiceDeps,
  actor: Actor,
  caseId: string,
  via: Via,
): Promise<OpenCase> {
  const { row, state, policy, view } = await read(deps, actor, caseId, via);
  const partnershipId = row.partnership_id;
  const context = await caseContext(deps.db, { partnershipId, policy }, actor, isoNow(deps));
  return { view, state, policy, partnershipId, context, actions: availableActions(state, context) };
}
