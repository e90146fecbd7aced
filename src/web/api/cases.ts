/**
 * The cases API (docs/architecture.md "HTTP"). Thin: parse with the one schema, call a
 * service, answer; service errors map to problem+json here.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CaseCommand, commandSchemas, RaiseCommand } from '../../domain/case/index.js';
import { caseTurn } from '../../services/case-page.js';
import {
  type CaseServiceDeps,
  openCase,
  raiseCase,
  readCase,
  runCommand,
} from '../../services/cases/index.js';
import { possibleDuplicates } from '../../services/duplicates.js';
import { listCases } from '../../services/list-cases.js';
import { caseIdParam } from '../case-id.js';
import { CaseListQuery } from '../case-list-query.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { apiActor } from './auth.js';
import { sendInvalid } from './problem.js';

/** A page of GET /api/v1/cases: as many as the list gave before paging (200). */
export const API_PAGE_SIZE = 200;

const COMMAND_TYPES = Object.keys(commandSchemas).filter((type) => type !== 'raise') as [
  string,
  ...string[],
];

/** The body of POST /cases/{id}/commands: any command but raise, naming the version seen. */
export const CommandBody = z.looseObject({
  type: z.enum(COMMAND_TYPES, { error: `type must be one of: ${COMMAND_TYPES.join(', ')}` }),
  expectedVersion: z
    .number({ error: 'Give expectedVersion: the case version you last saw' })
    .int()
    .min(1),
  /** escalate: the disagreement is with the line manager, so go to the next manager in line */
  conflictWithLineManager: z.boolean().optional(),
});

export async function casesApi(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  const { db } = deps;

  app.post(paths.api.cases.pattern, reach('agency-worker', ['read']), async (request, reply) => {
    const actor = await apiActor(db, request, reply);
    if (!actor) return reply;
    const parsed = RaiseCommand.safeParse({ ...(request.body as object), type: 'raise' });
    if (!parsed.success) return sendInvalid(reply, parsed.error);
    const conflictWithLineManager =
      (request.body as { conflictWithLineManager?: unknown })?.conflictWithLineManager === true;
    const view = await raiseCase(deps, actor, parsed.data, 'api', { conflictWithLineManager });
    // Raised all the same: the caller is told of open cases about the same child with the same
    // agencies, those they may see only (the page also says when there are others).
    const duplicates = await possibleDuplicates(db, actor, parsed.data, {
      exceptCaseId: view.id,
    });
    return reply
      .code(201)
      .header('location', paths.api.case({ id: view.id }))
      .header('cache-control', 'no-store')
      .send({ ...view, possibleDuplicates: duplicates.visible });
  });

  app.get(paths.api.cases.pattern, reach('signed-in'), async (request, reply) => {
    const actor = await apiActor(db, request, reply);
    if (!actor) return reply;
    const query = CaseListQuery.safeParse(request.query);
    if (!query.success) return sendInvalid(reply, query.error);
    const { page, ...filters } = query.data;
    // one more than the page, to know whether there is a next one
    const found = await listCases(deps, actor, {
      ...filters,
      offset: (page - 1) * API_PAGE_SIZE,
      limit: API_PAGE_SIZE + 1,
    });
    return reply.header('cache-control', 'no-store').send({
      cases: found.slice(0, API_PAGE_SIZE),
      page,
      pageSize: API_PAGE_SIZE,
      nextPage: found.length > API_PAGE_SIZE ? page + 1 : null,
    });
  });

  app.get<{ Params: { id: string } }>(
    paths.api.case.pattern,
    reach('need-to-know', ['read']),
    async (request, reply) => {
      const actor = await apiActor(db, request, reply);
      if (!actor) return reply;
      const id = caseIdParam(request.params);
      return reply.header('cache-control', 'no-store').send(await readCase(deps, actor, id, 'api'));
    },
  );

  /**
   * Whose turn it is and what the caller may do now, as the case page shows it: the same rules
   * (asked of the engine), so a case system can offer its user only what Escalate would accept.
   */
  app.get<{ Params: { id: string } }>(
    paths.api.caseTurn.pattern,
    reach('need-to-know', ['read']),
    async (request, reply) => {
      const actor = await apiActor(db, request, reply);
      if (!actor) return reply;
      const id = caseIdParam(request.params);
      const opened = await openCase(deps, actor, id, 'api');
      const { view } = opened;
      const turn = await caseTurn(deps, actor, opened);
      return reply.header('cache-control', 'no-store').send({
        id: view.id,
        version: view.version,
        stage: { number: view.stage.number, key: view.stage.key, name: view.stage.name },
        dueAt: view.stage.dueAt,
        yours: turn.yours,
        side: turn.side,
        ask: turn.ask,
        actions: opened.actions,
        holders: turn.holders.map(({ isYou: _you, ...h }) => h),
        missing: turn.missing,
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    paths.api.caseCommands.pattern,
    reach('need-to-know', ['read']),
    async (request, reply) => {
      const actor = await apiActor(db, request, reply);
      if (!actor) return reply;
      const id = caseIdParam(request.params);
      const body = CommandBody.safeParse(request.body);
      if (!body.success) return sendInvalid(reply, body.error);
      const command = CaseCommand.safeParse(body.data);
      if (!command.success) return sendInvalid(reply, command.error);
      const view = await runCommand(deps, actor, id, command.data, 'api', {
        conflictWithLineManager: body.data.conflictWithLineManager,
      });
      return reply.header('cache-control', 'no-store').send(view);
    },
  );
}
