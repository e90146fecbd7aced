/** A case's access log: who read it, when and how; for the partnership team only (else 404). */
import type { FastifyInstance } from 'fastify';
import { caseAccessLog } from '../../services/access-log.js';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import { ACCESS_LOG_ACTION_LABELS, dateTimeWords, ROLE_LABELS, VIA_LABELS } from '../../words.js';
import { caseIdParam } from '../case-id.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { pageActor } from './guard.js';

export async function accessLogRoutes(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  app.get<{ Params: { id: string } }>(
    paths.caseAccessLog.pattern,
    reach('case-access-log', ['access-log']),
    async (request, reply) => {
      const actor = pageActor(request, reply);
      if (!actor) return reply;
      const id = caseIdParam(request.params);
      const log = await caseAccessLog(deps, actor, id, 'page');
      return reply.render('case/access-log.njk', {
        log,
        rows: log.entries.map((e) => [
          { text: dateTimeWords(e.at) },
          {
            text: `${e.name} (${ROLE_LABELS[e.role] ?? e.role}${e.agency ? `, ${e.agency}` : ''})`,
          },
          { text: ACCESS_LOG_ACTION_LABELS[e.action] },
          { text: VIA_LABELS[e.via] },
        ]),
      });
    },
  );
}
