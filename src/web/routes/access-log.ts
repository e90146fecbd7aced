/** A case's access log: who read it, when and how; for the partnership team only (else 404). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { caseAccessLog } from '../../services/access-log.js';
import { CaseNotFound, type CaseServiceDeps } from '../../services/cases.js';
import { dateTimeWords, ROLE_LABELS } from '../../words.js';
import { pageActor } from './guard.js';

const ACTION_LABELS: Record<string, string> = {
  read: 'Read the case',
  'access-log': 'Read this access log',
};
const VIA_LABELS: Record<string, string> = { page: 'Web page', api: 'API', cli: 'Command line' };

export async function accessLogRoutes(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  app.get('/cases/:id/access-log', async (request, reply) => {
    const actor = pageActor(request, reply);
    if (!actor) return reply;
    const id = z.uuid().safeParse((request.params as { id: string }).id);
    try {
      if (!id.success) throw new CaseNotFound();
      const log = await caseAccessLog(deps, actor, id.data, 'page');
      return reply.render('case/access-log.njk', {
        log,
        rows: log.entries.map((e) => [
          { text: dateTimeWords(e.at) },
          {
            text: `${e.name} (${ROLE_LABELS[e.role] ?? e.role}${e.agency ? `, ${e.agency}` : ''})`,
          },
          { text: ACTION_LABELS[e.action] ?? e.action },
          { text: VIA_LABELS[e.via] ?? e.via },
        ]),
      });
    } catch (error) {
      if (error instanceof CaseNotFound) return reply.code(404).render('404.njk');
      throw error;
    }
  });
}
