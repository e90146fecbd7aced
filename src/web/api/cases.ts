/**
 * The cases API (docs/architecture.md "HTTP"). Thin: parse with the one schema, call a
 * service, answer; service errors are answered once, as problem+json (service-errors.ts).
 * Over 300 lines: each route carries its OpenAPI description and examples beside its handler
 * (docs/adr/0027); the handlers themselves are short.
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
import { CASE_EXAMPLE, IDS, RAISE_EXAMPLE } from './examples.js';
import { named, operation } from './operation.js';
import { sendInvalid } from './problem.js';
import { Case, CaseList, CaseTurn, RaisedCase, shaped } from './schemas.js';

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

/** The case id in an address (a malformed one is answered 404, as any case not yours). */
export const CaseIdParams = z.object({ id: z.uuid().describe('The case id') });

/** The body of POST /cases: the raise command, its type implied. */
export const RaiseBody = named(
  'Raise',
  RaiseCommand.omit({ type: true }).extend({
    conflictWithLineManager: CommandBody.shape.conflictWithLineManager,
  }),
);

/** The body of POST /cases/{id}/commands, as the document describes it: one command of each type. */
const CommandBodies = named(
  'Command',
  z.discriminatedUnion(
    'type',
    Object.values(commandSchemas)
      .filter((schema) => schema !== RaiseCommand)
      .map((schema) =>
        (schema as z.ZodObject).extend({
          expectedVersion: CommandBody.shape.expectedVersion,
          ...(schema.shape.type.value === 'escalate'
            ? { conflictWithLineManager: CommandBody.shape.conflictWithLineManager }
            : {}),
        }),
      ) as unknown as [z.ZodObject, ...z.ZodObject[]],
  ),
);

const NOT_YOURS = 'No such case, or not one the caller may see';
const LIST_PARAMETERS: Record<string, string> = {
  status: 'open, resolved, decided or withdrawn',
  stage: 'the stage a case is at now',
  overdue: 'true: open cases past their due time; false: the rest',
  agency: 'an agency id (GET /api/v1/agencies): cases it is in, on either side',
  category: 'what the disagreement is about',
  page: 'the page, from 1',
};

export async function casesApi(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  const { db } = deps;

  app.post(
    paths.api.cases.pattern,
    operation(reach('agency-worker', ['read']), {
      operationId: 'raiseCase',
      summary: 'Raise a disagreement as the caller',
      description:
        "The caller's own agency is the raising agency. The answer lists `possibleDuplicates`: open cases the caller may see about the same child with the same agencies (the case is raised all the same).",
      tags: ['Cases'],
      body: { schema: RaiseBody, example: RAISE_EXAMPLE },
      answers: [
        {
          status: 201,
          description: 'Raised: the case, and any possible duplicates',
          schema: RaisedCase,
          example: { ...CASE_EXAMPLE, possibleDuplicates: [] },
          headers: { location: 'The address of the case (GET)' },
        },
      ],
      errors: { 422: 'The policy refuses it (the agency named is not in the partnership, say)' },
    }),
    async (request, reply) => {
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
        .send(shaped(RaisedCase, { ...view, possibleDuplicates: duplicates.visible }));
    },
  );

  app.get(
    paths.api.cases.pattern,
    operation(reach('signed-in'), {
      operationId: 'listCases',
      summary: 'The cases the caller may see',
      description:
        'Soonest due first, then the cases with no due time (closed ones), newest raised first; ties by id. A page holds 200; nextPage is the next page number, or null after the last. Blank values mean any.',
      tags: ['Cases'],
      query: CaseListQuery,
      queryDescriptions: LIST_PARAMETERS,
      answers: [
        {
          status: 200,
          description: 'A page of cases',
          schema: CaseList,
          example: {
            cases: [
              {
                id: CASE_EXAMPLE.id,
                reference: CASE_EXAMPLE.reference,
                status: 'open',
                stage: { number: 2, key: 'managers' },
                dueAt: CASE_EXAMPLE.stage.dueAt,
                overdue: false,
                category: 'need-for-action',
                immediateRisk: false,
                raisedAt: CASE_EXAMPLE.raisedAt,
                raisedBy: IDS.TEACHER,
                version: 3,
              },
            ],
            page: 1,
            pageSize: API_PAGE_SIZE,
            nextPage: null,
          },
        },
      ],
    }),
    async (request, reply) => {
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
      return reply.header('cache-control', 'no-store').send(
        shaped(CaseList, {
          cases: found.slice(0, API_PAGE_SIZE),
          page,
          pageSize: API_PAGE_SIZE,
          nextPage: found.length > API_PAGE_SIZE ? page + 1 : null,
        }),
      );
    },
  );

  app.get<{ Params: { id: string } }>(
    paths.api.case.pattern,
    operation(reach('need-to-know', ['read']), {
      operationId: 'getCase',
      summary: 'One case, with its record and notifications',
      tags: ['Cases'],
      params: CaseIdParams,
      answers: [{ status: 200, description: 'The case', schema: Case, example: CASE_EXAMPLE }],
      errors: { 404: NOT_YOURS },
    }),
    async (request, reply) => {
      const actor = await apiActor(db, request, reply);
      if (!actor) return reply;
      const id = caseIdParam(request.params);
      return reply
        .header('cache-control', 'no-store')
        .send(shaped(Case, await readCase(deps, actor, id, 'api')));
    },
  );

  /**
   * Whose turn it is and what the caller may do now, as the case page shows it: the same rules
   * (asked of the engine), so a case system can offer its user only what Escalate would accept.
   */
  app.get<{ Params: { id: string } }>(
    paths.api.caseTurn.pattern,
    operation(reach('need-to-know', ['read']), {
      operationId: 'getCaseTurn',
      summary: 'Whose turn it is, and what the caller may do now',
      description:
        'What is asked of the caller, the holders (phone and e-mail) and the commands the caller may send now, by the same rules the case page uses.',
      tags: ['Cases'],
      params: CaseIdParams,
      answers: [
        {
          status: 200,
          description: 'The turn',
          schema: CaseTurn,
          example: {
            id: CASE_EXAMPLE.id,
            version: 3,
            stage: { number: 2, key: 'managers', name: 'Line managers' },
            dueAt: CASE_EXAMPLE.stage.dueAt,
            yours: false,
            side: 'raising',
            ask: 'Nothing is asked of you now: the line managers discuss the disagreement.',
            actions: ['withdraw'],
            holders: [
              {
                side: 'raising',
                name: 'Pat Example',
                role: 'Line manager',
                agency: 'Hillcrest Primary School',
                email: 'manager@school.example',
                phone: '020 7946 0000',
              },
            ],
            missing: [],
          },
        },
      ],
      errors: { 404: NOT_YOURS },
    }),
    async (request, reply) => {
      const actor = await apiActor(db, request, reply);
      if (!actor) return reply;
      const id = caseIdParam(request.params);
      const opened = await openCase(deps, actor, id, 'api');
      const { view } = opened;
      const turn = await caseTurn(deps, actor, opened);
      return reply.header('cache-control', 'no-store').send(
        shaped(CaseTurn, {
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
        }),
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    paths.api.caseCommands.pattern,
    operation(reach('need-to-know', ['read']), {
      operationId: 'sendCaseCommand',
      summary: 'Act on a case',
      description:
        'Record a discussion or consultation, escalate, resolve, refer to the chair, convene a panel, decide, withdraw, reopen... Name the case version last seen as expectedVersion. GET .../turn says which commands the caller may send now.',
      tags: ['Cases'],
      params: CaseIdParams,
      body: {
        schema: CommandBodies,
        example: {
          type: 'record-discussion',
          expectedVersion: 1,
          when: '2026-11-03T10:00:00.000Z',
          how: 'phone',
          participants: ['Ann Example (teacher)', 'Sam Example (duty social worker)'],
          summary: 'Discussed the bruising and the closed referral.',
          outcome: 'We still disagree: the school will escalate to the line managers.',
        },
      },
      answers: [
        {
          status: 200,
          description: 'The case after the command',
          schema: Case,
          example: CASE_EXAMPLE,
        },
      ],
      errors: {
        404: NOT_YOURS,
        409: 'expectedVersion is stale: someone else changed the case (currentVersion says to what)',
        422: "The policy refuses the command, or it is not the caller's part (code not-your-part: only the raising side withdraws, only the holders escalate, only the chair or panel decides ...); detail says why and who may",
      },
    }),
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
      return reply.header('cache-control', 'no-store').send(shaped(Case, view));
    },
  );
}
