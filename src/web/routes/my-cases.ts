/** "My cases": what needs me now, then what waits on others, then what is closed. */
import type { FastifyInstance } from 'fastify';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import { type MyCase, myCases } from '../../services/my-cases.js';
import { CATEGORY_LABELS, dueWords, STATUS_LABELS } from '../../words.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { pageActor } from './guard.js';

export async function myCasesRoutes(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  app.get(paths.myCases.pattern, reach('signed-in'), async (request, reply) => {
    const actor = pageActor(request, reply);
    if (!actor) return reply;
    const groups = await myCases(deps, actor);
    const now = deps.now();
    const rows = (cases: MyCase[]) =>
      cases.map((c) => ({
        ...c,
        category: CATEGORY_LABELS[c.category] ?? c.category,
        status: STATUS_LABELS[c.status] ?? c.status,
        due: c.dueAt ? dueWords(c.dueAt, now) : 'No due time',
      }));
    return reply.render('my-cases.njk', {
      name: actor.name,
      wider: groups.wider,
      groups: [
        { id: 'overdue', title: 'Overdue', cases: rows(groups.overdue) },
        { id: 'due-next', title: 'Due next', cases: rows(groups.dueNext) },
        { id: 'waiting', title: 'Waiting on others', cases: rows(groups.waiting) },
        { id: 'closed', title: 'Closed', cases: rows(groups.closed) },
      ],
    });
  });
}
