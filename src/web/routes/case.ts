/**
 * The case page and its actions. Each action is a page with one form that posts the case
 * version it was shown; the command is parsed with its own schema and run by runCommand. A
 * stale version or a policy refusal comes back as the GOV.UK error summary, values kept.
 *
 * Longer than 300 lines because the case page and its action forms share one way of showing a
 * refusal (the error summary, values kept); the forms themselves are a table (action-forms.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACTIONS, type ActionType, commandSchemas } from '../../domain/case/index.js';
import { caseRecordFileName } from '../../reports/file-names.js';
import { caseRecordPdf } from '../../reports/pdf.js';
import { idsIn, timeline } from '../../reports/record.js';
import { mayReadAccessLog } from '../../services/access-log.js';
import { caseTurn, directoryNames, type Names } from '../../services/case-page.js';
import { caseRecord } from '../../services/case-record.js';
import {
  type CaseServiceDeps,
  type CaseView,
  CommandRefused,
  InvalidRequest,
  type OpenCase,
  openCase,
  runCommand,
  VersionConflict,
} from '../../services/cases/index.js';
import { hubPhoneOf, riskGuidance } from '../../services/immediate-risk.js';
import type { Actor } from '../../services/people.js';
import { CATEGORY_LABELS, dateTimeWords, dateWords, dueWords, STATUS_LABELS } from '../../words.js';
import { caseIdParam } from '../case-id.js';
import { type FormBody, type FormErrors, formErrors, text, zodErrors } from '../forms.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { ACTION_FORMS, type FormContext, MEANS } from './action-forms.js';
import { pageActor } from './guard.js';

const STALE =
  'Someone else changed this case since you opened it. Check what changed below, then send your answer again.';

/** "Ann Smith (Acorn Lane Pre-school); Sam Jones (Children's Social Care)", side by side. */
function heldBy(view: CaseView, nameOf: (id: string) => string, names: Names): string {
  const { raising, other, partnership = [] } = view.stage.holders;
  const agency = (id: string) => names.agencies[id] ?? 'an agency';
  const parts = [
    raising.length ? `${raising.map(nameOf).join(', ')} (${agency(view.raisingAgencyId)})` : '',
    other.length
      ? `${other.map(nameOf).join(', ')} (${view.otherAgencyIds.map(agency).join(', ')})`
      : '',
    partnership.length ? `${partnership.map(nameOf).join(', ')} (the partnership)` : '',
  ].filter((p) => p !== '');
  return parts.length ? parts.join('; ') : 'Nobody named: the partnership team has been told';
}

/**
 * The other side's acknowledgement the stage asks for, in words both sides see (issue 18):
 * "Acknowledged by Sam Jones on 3 December 2026 at 9:30am", or "Due by ... (overdue)".
 */
function acknowledgementWords(view: CaseView, nameOf: (id: string) => string) {
  const asked = view.stage.acknowledgement;
  if (!asked) return null;
  const text =
    asked.at !== null
      ? `Acknowledged by ${nameOf(asked.by ?? '')} on ${dateTimeWords(asked.at)}`
      : asked.dueAt
        ? `Not yet: due by ${dateTimeWords(asked.dueAt)}${asked.overdue ? ' (overdue)' : ''}`
        : 'Not yet';
  return { text, overdue: asked.overdue };
}

/**
 * The agreed action plan as both sides see it (issue 18 item 8): each action, the agency that
 * owns it, when it is due and whether it is done or overdue; open actions after resolution too.
 */
export function planRows(view: CaseView, names: Names, nameOf: (id: string) => string) {
  return view.planActions.map((a) => ({
    description: a.description,
    owner: names.agencies[a.ownerAgencyId] ?? a.ownerAgencyId,
    due: `${dateWords(a.dueOn)}, by ${dateTimeWords(a.dueAt).split(' at ')[1]}`,
    state: a.done
      ? `Done on ${dateWords(a.done.on)} (marked by ${nameOf(a.done.by)})${a.done.note ? `: ${a.done.note}` : ''}`
      : a.overdue
        ? 'Overdue'
        : 'Not done yet',
    done: a.done !== null,
    overdue: a.overdue,
  }));
}

export async function caseRoutes(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  /**
   * The person and the case opened for them, or undefined after sending them to sign in. A case
   * they may not see (or a malformed id) throws CaseNotFound: the error handler answers 404.
   */
  async function load(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    const actor = pageActor(request, reply);
    if (!actor) return undefined;
    const id = caseIdParam(request.params);
    return { actor, opened: await openCase(deps, actor, id, 'page') };
  }

  async function pageData(actor: Actor, opened: OpenCase) {
    const { view } = opened;
    const ids = idsIn(view);
    const names = await directoryNames(deps.db, ids.people, ids.agencies);
    const nameOf = (id: string) => names.people[id]?.name ?? 'someone';
    return {
      view,
      names,
      timeline: timeline(view.record, names),
      raisedBy: names.people[view.raisedBy],
      raisingAgency: names.agencies[view.raisingAgencyId],
      otherAgencies: view.otherAgencyIds.map((id) => names.agencies[id] ?? id),
      heldBy: heldBy(view, nameOf, names),
      panel: view.panel && {
        proposal: view.panel.proposal,
        members: view.panel.members.map((m) => ({
          name: nameOf(m.personId),
          seat: m.seat,
          represents: (m.represents ?? []).map((id) => names.agencies[id] ?? id).sort(),
          agreed: view.panel?.proposal?.agreed.includes(m.personId) ?? false,
        })),
      },
      category: CATEGORY_LABELS[view.category] ?? view.category,
      status: STATUS_LABELS[view.status] ?? view.status,
      due: view.nextStep.dueAt ? dueWords(view.nextStep.dueAt, deps.now()) : null,
      acknowledgement: acknowledgementWords(view, nameOf),
      plan: planRows(view, names, nameOf),
      openPlanActions: view.planActions.filter((a) => !a.done).length,
      planOverdue: view.planActions.some((a) => a.overdue),
      accessLog: mayReadAccessLog(actor),
      ...(await immediateRisk(actor, opened)),
      turn: await caseTurn(deps, actor, opened),
      actions: opened.actions.map((type) => ({
        type,
        label: ACTION_FORMS[type].label,
      })),
    };
  }

  /** For a child at immediate risk: what the viewer should do, and the referral once recorded. */
  async function immediateRisk(actor: Actor, { view, policy }: OpenCase) {
    if (!view.immediateRisk) return {};
    const referral = view.record.findLast((e) => e.type === 'hub-referral-recorded');
    return {
      risk: riskGuidance(policy, actor.role, await hubPhoneOf(deps.db, actor.partnershipId)),
      referral: referral && {
        service: String(referral.service),
        reference: typeof referral.reference === 'string' ? referral.reference : null,
        when: dateTimeWords(String(referral.when)),
      },
    };
  }

  app.get<{ Params: { id: string }; Querystring: { done?: string; refused?: string } }>(
    paths.caseShow.pattern,
    reach('need-to-know', ['read']),
    async (request, reply) => {
      const loaded = await load(request, reply);
      if (!loaded) return reply;
      const query = request.query;
      const done = ACTIONS.find((a) => a === query.done);
      const refused = ACTIONS.find((a) => a === query.refused);
      return reply.render('case/show.njk', {
        ...(await pageData(loaded.actor, loaded.opened)),
        done: done ? ACTION_FORMS[done].title : undefined,
        refused: refused ? ACTION_FORMS[refused].label : undefined,
      });
    },
  );

  /** The record for the child's file, as a PDF (a read and a print in the access log). */
  app.get<{ Params: { id: string } }>(
    paths.caseRecordPdf.pattern,
    reach('need-to-know', ['read', 'print']),
    async (request, reply) => {
      const actor = pageActor(request, reply);
      if (!actor) return reply;
      const id = caseIdParam(request.params);
      const record = await caseRecord(deps, actor, id, 'page');
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="${caseRecordFileName(record.reference)}"`,
        )
        .send(await caseRecordPdf(record));
    },
  );

  function formContext(actor: Actor, { view, policy, partnershipId }: OpenCase): FormContext {
    return { db: deps.db, view, policy, actor, partnershipId, now: deps.now() };
  }

  async function renderForm(
    reply: FastifyReply,
    type: ActionType,
    ctx: FormContext,
    values: FormBody,
    errors?: FormErrors,
    status = 200,
  ) {
    const form = ACTION_FORMS[type];
    return reply.code(status).render(`case/actions/${type}.njk`, {
      ...(form.view ? await form.view(ctx) : {}),
      type,
      form,
      view: ctx.view,
      policy: ctx.policy,
      actor: ctx.actor,
      choices: form.choices ? await form.choices(ctx) : [],
      caseAgencies: await caseAgencies(ctx.view),
      means: MEANS,
      values,
      errors,
      latest:
        status === 409 ? timeline(ctx.view.record.slice(-3), await namesFor(ctx.view)) : undefined,
    });
  }

  /** the agencies in the disagreement, raising first, by name */
  async function caseAgencies(view: CaseView) {
    const ids = [view.raisingAgencyId, ...view.otherAgencyIds];
    const names = await directoryNames(deps.db, [], ids);
    return ids.map((id) => ({ id, name: names.agencies[id] ?? id }));
  }

  async function namesFor(view: CaseView) {
    const ids = idsIn(view);
    return directoryNames(deps.db, ids.people, ids.agencies);
  }

  type ActionRequest = FastifyRequest<{ Params: { id: string; action: string } }>;
  const actionOf = (request: ActionRequest) => ACTIONS.find((a) => a === request.params.action);

  app.get<{ Params: { id: string; action: string } }>(
    paths.caseAction.pattern,
    reach('need-to-know', ['read']),
    async (request, reply) => {
      const type = actionOf(request);
      if (!type) return reply.code(404).render('404.njk');
      const loaded = await load(request, reply);
      if (!loaded) return reply;
      const { actor, opened } = loaded;
      const { view } = opened;
      if (!opened.actions.includes(type)) {
        return reply.redirect(`${paths.caseShow({ id: view.id })}?refused=${type}`, 303);
      }
      const ctx = formContext(actor, opened);
      return renderForm(reply, type, ctx, ACTION_FORMS[type].initial?.(ctx) ?? {});
    },
  );

  app.post<{ Params: { id: string; action: string }; Body: FormBody }>(
    paths.caseAction.pattern,
    reach('need-to-know', ['read']),
    async (request, reply) => {
      const type = actionOf(request);
      if (!type) return reply.code(404).render('404.njk');
      const loaded = await load(request, reply);
      if (!loaded) return reply;
      const { actor, opened } = loaded;
      const { view } = opened;
      const body = request.body;
      const form = ACTION_FORMS[type];
      const ctx = formContext(actor, opened);
      const choices = form.choices ? await form.choices(ctx) : [];
      const conflictWithLineManager = text(body, 'conflictWithLineManager') === 'yes';
      const parsed = commandSchemas[type].safeParse({
        ...form.toInput(body, choices),
        type,
        expectedVersion: Number(text(body, 'version')) || 0,
      });
      const problems = form.problems?.(body) ?? [];
      if (!parsed.success || problems.length > 0) {
        // an action not theirs: say so, not which of its fields are missing
        if (!opened.actions.includes(type)) {
          return reply.redirect(`${paths.caseShow({ id: view.id })}?refused=${type}`, 303);
        }
        const invalid = parsed.success ? [] : zodErrors(parsed.error, form.fields).summary;
        // in the order of the page's fields
        const order = Object.values(form.fields);
        const at = (field: string) =>
          (order.indexOf(field) + order.length + 1) % (order.length + 1);
        const errors = formErrors(
          [...problems, ...invalid.map((e) => ({ field: e.href.slice(1), message: e.text }))].sort(
            (a, b) => at(a.field) - at(b.field),
          ),
        );
        return renderForm(reply, type, ctx, body, errors, 400);
      }
      // withdrawing or resolving closes the case for everyone: the Interruption panel asks first
      // (not for someone whose action it is not, nor on a version someone else has changed since:
      // the refusal or the conflict below says why)
      if (
        form.interruption &&
        text(body, 'confirmed') !== 'yes' &&
        opened.actions.includes(type) &&
        parsed.data.expectedVersion === view.version
      ) {
        return reply.render('case/interruption.njk', { form, view, values: body });
      }
      try {
        await runCommand(deps, actor, view.id, parsed.data, 'page', { conflictWithLineManager });
        return reply.redirect(`${paths.caseShow({ id: view.id })}?done=${type}`, 303);
      } catch (error) {
        const first = Object.values(form.fields)[0] ?? 'main-content';
        if (error instanceof VersionConflict) {
          const errors = formErrors([{ field: first, message: STALE }]);
          return renderForm(reply, type, ctx, body, errors, 409);
        }
        if (error instanceof CommandRefused || error instanceof InvalidRequest) {
          // a refusal about one answer (a due date not a working day) is shown against it
          const field =
            (error instanceof CommandRefused && form.refusedAt?.[error.error.code]) || first;
          return renderForm(
            reply,
            type,
            ctx,
            body,
            formErrors([{ field, message: error.message }]),
            422,
          );
        }
        throw error;
      }
    },
  );
}
