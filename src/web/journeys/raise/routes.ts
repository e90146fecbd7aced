/**
 * The raise journey under /cases/new/: one question per page, answers kept in the session,
 * out-of-order steps sent back to the first unanswered question, then Check your answers,
 * raiseCase with the shared RaiseCommand schema, and the confirmation.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatDue, RaiseCommand } from '../../../domain/case/index.js';
import {
  type CaseServiceDeps,
  CommandRefused,
  InvalidRequest,
  raiseCase,
  readCase,
} from '../../../services/cases/index.js';
import { possibleDuplicates } from '../../../services/duplicates.js';
import { raiseContext } from '../../../services/raise-context.js';
import type { Session } from '../../../services/sessions.js';
import { dueWords } from '../../../words.js';
import { caseIdParam } from '../../case-id.js';
import { type FormBody, formErrors } from '../../forms.js';
import { paths } from '../../paths.js';
import { reach } from '../../route-access.js';
import { pageActor } from '../../routes/guard.js';
import {
  answersOf,
  backPath,
  keepAnswers,
  lastQuestionPath,
  mayVisit,
  mayVisitChild,
  nextPath,
  progressOf,
  type RaiseAnswers,
} from './answers.js';
import { raiseInput, summaryRows } from './check.js';
import { childView, saveAddAnother, saveChild } from './children.js';
import { QUESTIONS } from './questions.js';

const NEW = paths.raise.pattern;

export async function raiseRoutes(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  /** The person, their raise context and their answers so far; undefined when answered already. */
  async function journey(request: FastifyRequest, reply: FastifyReply) {
    const actor = pageActor(request, reply);
    if (!actor) return undefined;
    const ctx = await raiseContext(deps.db, actor);
    if (!ctx) {
      reply.code(403).render('error.njk', {
        title: 'You cannot raise a disagreement',
        detail:
          'Only someone working at an agency can raise a disagreement. Ask a practitioner or manager at the agency.',
      });
      return undefined;
    }
    const session = request.session as Session;
    return { actor, ctx, session, answers: answersOf(session) };
  }

  async function keep(request: FastifyRequest, session: Session, answers: RaiseAnswers) {
    keepAnswers(session, answers);
    await app.sessions.save(request);
  }

  const goNext = (
    reply: FastifyReply,
    a: RaiseAnswers,
    j: { ctx: { policy: Parameters<typeof nextPath>[1] } },
  ) => reply.redirect(`${NEW}/${nextPath(a, j.ctx.policy)}`, 303);

  app.get(NEW, reach('agency-worker'), async (request, reply) => {
    const j = await journey(request, reply);
    return j ? goNext(reply, j.answers, j) : reply;
  });

  for (const question of QUESTIONS) {
    const path = `${NEW}/${question.key}`;
    app.get(path, reach('agency-worker'), async (request, reply) => {
      const j = await journey(request, reply);
      if (!j) return reply;
      if (!mayVisit(question.key, j.answers, j.ctx.policy)) return goNext(reply, j.answers, j);
      return reply.render(question.template, {
        ...question.view(j.answers, j.ctx),
        back: backPath(question.key, j.answers, j.ctx.policy),
        progress: progressOf(question.key, j.answers, j.ctx.policy),
      });
    });
    app.post(path, reach('agency-worker'), async (request, reply) => {
      const j = await journey(request, reply);
      if (!j) return reply;
      if (!mayVisit(question.key, j.answers, j.ctx.policy)) return goNext(reply, j.answers, j);
      const saved = question.save(request.body as FormBody, j.answers, j.ctx, deps.now());
      if (!saved.ok) {
        return reply.code(400).render(question.template, {
          ...saved.values,
          errors: saved.errors,
          back: backPath(question.key, j.answers, j.ctx.policy),
          progress: progressOf(question.key, j.answers, j.ctx.policy),
        });
      }
      await keep(request, j.session, saved.answers);
      return goNext(reply, saved.answers, j);
    });
  }

  const childNumber = (request: FastifyRequest<{ Params: { n: string } }>) =>
    Number(request.params.n);

  app.get<{ Params: { n: string } }>(
    `${NEW}/child/:n`,
    reach('agency-worker'),
    async (request, reply) => {
      const j = await journey(request, reply);
      if (!j) return reply;
      const n = childNumber(request);
      if (!mayVisitChild(n, j.answers, j.ctx.policy)) return goNext(reply, j.answers, j);
      const back = n > 1 ? `${NEW}/children` : backPath('children', j.answers, j.ctx.policy);
      return reply.render('raise/child.njk', {
        ...childView(j.answers.children[n - 1], n),
        back,
        progress: progressOf('child', j.answers, j.ctx.policy, n),
      });
    },
  );

  app.post<{ Params: { n: string } }>(
    `${NEW}/child/:n`,
    reach('agency-worker'),
    async (request, reply) => {
      const j = await journey(request, reply);
      if (!j) return reply;
      const n = childNumber(request);
      if (!mayVisitChild(n, j.answers, j.ctx.policy)) return goNext(reply, j.answers, j);
      const saved = saveChild(request.body as FormBody, j.answers, n, deps.now());
      if (!saved.ok) {
        return reply.code(400).render('raise/child.njk', {
          ...saved.values,
          errors: saved.errors,
          progress: progressOf('child', j.answers, j.ctx.policy, n),
        });
      }
      await keep(request, j.session, saved.answers);
      return goNext(reply, saved.answers, j);
    },
  );

  app.get(`${NEW}/children`, reach('agency-worker'), async (request, reply) => {
    const j = await journey(request, reply);
    if (!j) return reply;
    if (!mayVisit('children', j.answers, j.ctx.policy) || j.answers.children.length === 0) {
      return goNext(reply, j.answers, j);
    }
    return reply.render('raise/children.njk', {
      children: j.answers.children,
      back: `${NEW}/child/${j.answers.children.length}`,
      progress: progressOf('children', j.answers, j.ctx.policy),
    });
  });

  app.post(`${NEW}/children`, reach('agency-worker'), async (request, reply) => {
    const j = await journey(request, reply);
    if (!j) return reply;
    if (!mayVisit('children', j.answers, j.ctx.policy) || j.answers.children.length === 0) {
      return goNext(reply, j.answers, j);
    }
    const saved = saveAddAnother(request.body as FormBody, j.answers);
    if (!saved.ok) {
      return reply.code(400).render('raise/children.njk', {
        ...saved.values,
        errors: saved.errors,
        progress: progressOf('children', j.answers, j.ctx.policy),
      });
    }
    await keep(request, j.session, saved.answers);
    return goNext(reply, saved.answers, j);
  });

  type Journey = NonNullable<Awaited<ReturnType<typeof journey>>>;

  const renderCheck = (reply: FastifyReply, j: Journey, errors?: unknown) =>
    reply.code(errors ? 422 : 200).render('raise/check.njk', {
      rows: summaryRows(j.answers, j.ctx),
      policyTitle: j.ctx.policy.title,
      back: lastQuestionPath(j.answers, j.ctx.policy),
      errors,
    });

  app.get(`${NEW}/check`, reach('agency-worker'), async (request, reply) => {
    const j = await journey(request, reply);
    if (!j) return reply;
    if (!mayVisit('check', j.answers, j.ctx.policy)) return goNext(reply, j.answers, j);
    return renderCheck(reply, j);
  });

  /** The raise command the answers make, or the check page again with what is wrong. */
  function commandOf(reply: FastifyReply, j: Journey) {
    const command = RaiseCommand.safeParse(raiseInput(j.answers, j.ctx));
    if (command.success) return command.data;
    const messages = command.error.issues.map((i) => ({
      field: 'check-answers',
      message: i.message,
    }));
    renderCheck(reply, j, formErrors(messages));
    return undefined;
  }

  async function raise(
    request: FastifyRequest,
    reply: FastifyReply,
    j: Journey,
    command: NonNullable<ReturnType<typeof commandOf>>,
  ) {
    try {
      const view = await raiseCase(deps, j.actor, command, 'page');
      keepAnswers(j.session, undefined);
      await app.sessions.save(request);
      request.log.info({ caseId: view.id }, 'disagreement raised');
      return reply.redirect(paths.caseRaised({ id: view.id }), 303);
    } catch (error) {
      if (error instanceof CommandRefused || error instanceof InvalidRequest) {
        return renderCheck(
          reply,
          j,
          formErrors([{ field: 'check-answers', message: error.message }]),
        );
      }
      throw error;
    }
  }

  const duplicatesOf = (j: Journey) =>
    possibleDuplicates(deps.db, j.actor, {
      children: j.answers.children,
      agencies: j.answers.agencies ?? [],
    });

  app.post(`${NEW}/check`, reach('agency-worker'), async (request, reply) => {
    const j = await journey(request, reply);
    if (!j) return reply;
    if (!mayVisit('check', j.answers, j.ctx.policy)) return goNext(reply, j.answers, j);
    const command = commandOf(reply, j);
    if (!command) return reply;
    // the same child with the same agencies already open: say so first (it does not stop them)
    const duplicates = await duplicatesOf(j);
    if (duplicates.visible.length > 0 || duplicates.hidden) {
      return reply.redirect(`${NEW}/possible-duplicate`, 303);
    }
    return raise(request, reply, j, command);
  });

  app.get(`${NEW}/possible-duplicate`, reach('agency-worker'), async (request, reply) => {
    const j = await journey(request, reply);
    if (!j) return reply;
    if (!mayVisit('check', j.answers, j.ctx.policy)) return goNext(reply, j.answers, j);
    const duplicates = await duplicatesOf(j);
    // closed meanwhile, or the answers changed: nothing to warn of, so back to check them
    if (duplicates.visible.length === 0 && !duplicates.hidden) {
      return reply.redirect(`${NEW}/check`, 303);
    }
    return reply.render('raise/possible-duplicate.njk', {
      duplicates,
      partnershipTeam: j.ctx.policy.contacts.businessUnit,
      back: `${NEW}/check`,
    });
  });

  // "Continue and raise it": the person has seen the warning and goes on
  app.post(`${NEW}/possible-duplicate`, reach('agency-worker'), async (request, reply) => {
    const j = await journey(request, reply);
    if (!j) return reply;
    if (!mayVisit('check', j.answers, j.ctx.policy)) return goNext(reply, j.answers, j);
    const command = commandOf(reply, j);
    if (!command) return reply;
    return raise(request, reply, j, command);
  });

  app.get<{ Params: { id: string } }>(
    paths.caseRaised.pattern,
    reach('need-to-know', ['read']),
    async (request, reply) => {
      const actor = pageActor(request, reply);
      if (!actor) return reply;
      const id = caseIdParam(request.params);
      const view = await readCase(deps, actor, id, 'page');
      return reply.render('raise/raised.njk', {
        view,
        due: view.nextStep.dueAt ? dueWords(view.nextStep.dueAt, deps.now()) : null,
        dueLong: view.nextStep.dueAt ? formatDue(view.nextStep.dueAt) : null,
        // who is being told, as the outbox has it: the page says what happened, not what should
        told: [...new Set(view.notifications.filter((n) => n.to).map((n) => n.to))],
        notTold: view.notifications.filter((n) => !n.to).map((n) => n.error ?? n.reason),
      });
    },
  );
}
