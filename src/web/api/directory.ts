/**
 * The directory API: agencies and people of the caller's partnership, the policies (and a
 * partnership's own, added by its partnership team: `escalate policy add`), and the import of a
 * directory file (administrators only; the same schema as `escalate directory import`).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DirectoryFile } from '../../domain/directory.js';
import { formatPath } from '../../domain/policy/path.js';
import { policyWarnings } from '../../domain/policy/warnings.js';
import { formatPolicyError, parsePolicy } from '../../policies/index.js';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import { DirectoryError, importDirectory } from '../../services/directory.js';
import { listAgencies, listPeople } from '../../services/people.js';
import {
  addPolicy,
  latestPolicy,
  listPolicyVersions,
  PolicyRefused,
  registeredPolicies,
} from '../../services/policy-registry.js';
import { sectorHolderWarnings } from '../../services/sector-holders.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { apiActor } from './auth.js';
import { sendInvalid, sendProblem } from './problem.js';

/** A policy file to add: its YAML text, as `escalate policy add FILE` reads it. */
const PolicyUpload = z.strictObject({
  yaml: z.string().min(1, 'Send the policy file\'s text as "yaml"').max(1_000_000),
});

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

  // The caller's partnership's policies: every stored version (the release's and its own).
  app.get(paths.api.policies.pattern, reach('signed-in'), async (request, reply) => {
    const actor = await apiActor(db, request, reply);
    if (!actor) return reply;
    const key = await partnershipKey(actor.partnershipId);
    return { policies: (await listPolicyVersions(db)).filter((p) => p.partnership === key) };
  });

  // A partnership's own policy file, stored as a new version (docs/adr/0026): the partnership
  // team of the partnership the file names, the file's text as `yaml`; every problem listed.
  app.post(paths.api.policies.pattern, reach('partnership-team'), async (request, reply) => {
    const actor = await apiActor(db, request, reply);
    if (!actor) return reply;
    if (actor.role !== 'partnership-team') {
      request.log.warn(
        { personId: actor.personId, outcome: 'refused', reason: 'not the partnership team' },
        'policy not added',
      );
      return sendProblem(
        reply,
        403,
        'Partnership team only',
        "Only the partnership team can add the partnership's policy.",
      );
    }
    const body = PolicyUpload.safeParse(request.body);
    if (!body.success) return sendInvalid(reply, body.error);
    const parsed = parsePolicy(body.data.yaml);
    // the audit of an administrative change (as sign-ins are): who tried to add which policy
    // version, and how it went; never the file's text
    const audit = (outcome: string, reason?: string) => {
      const policy = parsed.ok
        ? {
            id: parsed.policy.id,
            version: parsed.policy.version,
            partnership: parsed.policy.partnership,
          }
        : undefined;
      const line = { personId: actor.personId, policy, outcome, ...(reason ? { reason } : {}) };
      if (outcome === 'refused') request.log.warn(line, 'policy not added');
      else request.log.info(line, outcome === 'added' ? 'policy added' : 'policy unchanged');
    };
    if (!parsed.ok) {
      audit('refused', 'invalid');
      const errors = parsed.errors.map(({ path, line, message }) => ({
        path: path || '(file)',
        ...(line !== undefined ? { line } : {}),
        message,
      }));
      return sendProblem(
        reply,
        422,
        'The policy has mistakes',
        `Nothing was added. ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}: ${parsed.errors.map(formatPolicyError).join('; ')}`,
        { errors },
      );
    }
    const own = await partnershipKey(actor.partnershipId);
    if (parsed.policy.partnership !== own) {
      audit('refused', 'another partnership');
      return sendProblem(
        reply,
        403,
        'Your partnership only',
        `The policy says "partnership: ${parsed.policy.partnership}", but you can add policies only for partnership "${own}".`,
      );
    }
    try {
      const added = await addPolicy(db, parsed.policy, {
        now: deps.now().toISOString(),
        addedBy: actor.personId,
      });
      audit(added.outcome);
      const warnings = [
        ...policyWarnings(parsed.policy),
        ...(await sectorHolderWarnings(db, parsed.policy)),
      ].map((w) => ({
        path: formatPath(w.path),
        message: w.message,
      }));
      return reply.code(added.outcome === 'added' ? 201 : 200).send({ ...added, warnings });
    } catch (error) {
      if (error instanceof PolicyRefused) {
        audit('refused', 'conflict');
        return sendProblem(reply, 409, 'The policy was not added', error.problems.join('; '), {
          errors: error.problems.map((message) => ({ path: '(file)', message })),
        });
      }
      throw error;
    }
  });

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
    const policies = await registeredPolicies(db);
    try {
      const result = await importDirectory(db, parsed.data, {
        policyIds: new Set(policies.keys()),
        policies,
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
