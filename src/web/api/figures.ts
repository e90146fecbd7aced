/**
 * The partnership's figures as JSON, for the partnership team's own tools: the dashboard's
 * numbers and tables for a period and filters (the same ReportQuery as the page and CSV).
 * Anyone but the partnership team and chair: 404, as for a case they may not see.
 */
import type { FastifyInstance } from 'fastify';
import { ReportQuery } from '../../reports/query.js';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import { dashboard, mayOversee } from '../../services/oversight.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { apiActor } from './auth.js';
import { sendInvalid, sendProblem } from './problem.js';

export async function figuresApi(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  app.get(paths.api.partnershipFigures.pattern, reach('oversight'), async (request, reply) => {
    const actor = await apiActor(deps.db, request, reply);
    if (!actor) return reply;
    if (!mayOversee(actor)) {
      return sendProblem(reply, 404, 'Not found', 'There is nothing here that you can see.');
    }
    const query = ReportQuery.safeParse(request.query);
    if (!query.success) return sendInvalid(reply, query.error);
    const shown = await dashboard(deps, actor, query.data, { charts: false });
    return reply
      .header('cache-control', 'no-store')
      .send({ figures: shown.figures, tables: shown.tables });
  });
}
