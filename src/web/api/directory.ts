/**
 * The directory API: agencies and people of the caller's partnership, the policies, and the
 * import of a directory file (administrators only; the same schema as `escalate directory import`).
 */
import type { FastifyInstance } from 'fastify';
import { DirectoryFile } from '../../domain/directory.js';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import { DirectoryError, importDirectory } from '../../services/directory.js';
import { listAgencies, listPeople } from '../../services/people.js';
import { latestPolicy } from '../../services/policy-registry.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { apiActor } from './auth.js';
import { sendInvalid, sendProblem } from './problem.js';

export async function directoryApi(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  const { db } = deps;

  const partnershipKey = async (partnershipId: string) =>
    (
      await db
        .selectFrom('partnerships')
        .select('key')
        .where('id', '=', partnershipId)
        .executeTakeFirstOrThrow()
    ).key;

  app.get(paths.api.agencies.pattern, reach('signed-in'), async (request, reply) => {
    const actor = await apiActor(db, request, reply);
    if (!actor) return reply;
    const key = await partnershipKey(actor.partnershipId);
    return { agencies: (await listAgencies(db)).filter((a) => a.partnership === key) };
  });

  app.get(paths.api.people.pattern, reach('signed-in'), async (request, reply) => {
    const actor = await apiActor(db, request, reply);
    if (!actor) return reply;
    const key = await partnershipKey(actor.partnershipId);
    const people = (await listPeople(db)).filter((p) => p.partnership === key);
    return { people: people.map(({ id, name, role, agency }) => ({ id, name, role, agency })) };
  });

  app.get<{ Params: { id: string } }>(
    paths.api.policy.pattern,
    reach('signed-in'),
    async (request, reply) => {
      const actor = await apiActor(db, request, reply);
      if (!actor) return reply;
      const policy = await latestPolicy(db, request.params.id);
      if (!policy)
        return sendProblem(reply, 404, 'Policy not found', 'There is no policy with that id.');
      return policy;
    },
  );

  app.post(paths.api.directory.pattern, reach('administrator'), async (request, reply) => {
    const actor = await apiActor(db, request, reply);
    if (!actor) return reply;
    if (actor.role !== 'administrator') {
      return sendProblem(
        reply,
        403,
        'Administrators only',
        'Only a system administrator can change the directory.',
      );
    }
    const parsed = DirectoryFile.safeParse(request.body);
    if (!parsed.success) return sendInvalid(reply, parsed.error);
    const own = await partnershipKey(actor.partnershipId);
    if (parsed.data.partnerships.some((p) => p.key !== own)) {
      return sendProblem(
        reply,
        403,
        'Your partnership only',
        `You can change only partnership "${own}".`,
      );
    }
    const policies = await db
      .selectFrom('policy_versions')
      .select('policy_id')
      .distinct()
      .execute();
    try {
      const result = await importDirectory(db, parsed.data, {
        policyIds: new Set(policies.map((p) => p.policy_id)),
        now: deps.now().toISOString(),
      });
      return result;
    } catch (error) {
      if (error instanceof DirectoryError) {
        return sendProblem(reply, 422, 'The directory has mistakes', error.problems.join('; '), {
          errors: error.problems.map((message) => ({ path: message.split(':')[0], message })),
        });
      }
      throw error;
    }
  });
}
