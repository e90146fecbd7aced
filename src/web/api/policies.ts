/**
 * The policies API: the newest version of a policy, every stored version of the caller's
 * partnership's policies, and a partnership's own policy file added by its partnership team
 * (`escalate policy add` through the API: docs/adr/0026), each version validated first with
 * every problem listed, and audited.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatPath } from '../../domain/policy/path.js';
import { Policy } from '../../domain/policy/schema.js';
import { policyWarnings } from '../../domain/policy/warnings.js';
import { formatPolicyError, loadPresets, parsePolicy } from '../../policies/index.js';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import {
  addPolicy,
  latestPolicy,
  listPolicyVersions,
  PolicyRefused,
} from '../../services/policy-registry.js';
import { sectorHolderWarnings } from '../../services/sector-holders.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { apiActor, partnershipKeyOf } from './auth.js';
import { operation } from './operation.js';
import { sendInvalid, sendProblem } from './problem.js';
import { PolicyAdded, PolicyVersions, shaped } from './schemas.js';

/** A policy file to add: its YAML text, as `escalate policy add FILE` reads it. */
const PolicyUpload = z.strictObject({
  yaml: z.string().min(1, 'Send the policy file\'s text as "yaml"').max(1_000_000),
});

const PolicyIdParams = z.object({ id: z.string().min(1).max(100).describe('The policy id') });

/** A policy the release ships with: the example of a normalised policy. */
const policyExample = () => loadPresets().find((p) => p.scope === 'partnership');

export async function policiesApi(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  const { db } = deps;
  const partnershipKey = (partnershipId: string) => partnershipKeyOf(db, partnershipId);

  app.get<{ Params: { id: string } }>(
    paths.api.policy.pattern,
    operation(reach('signed-in'), {
      operationId: 'getPolicy',
      summary: 'The newest version of a policy, normalised',
      description:
        'Every field as the policy file gives it, with the defaults filled in (docs/policies.md).',
      tags: ['Policies'],
      params: PolicyIdParams,
      answers: [
        {
          status: 200,
          description: 'The policy',
          schema: Policy,
          example: policyExample(),
        },
      ],
      errors: { 404: 'No such policy' },
    }),
    async (request, reply) => {
      const actor = await apiActor(db, request, reply);
      if (!actor) return reply;
      const policy = await latestPolicy(db, request.params.id);
      if (!policy)
        return sendProblem(reply, 404, 'Policy not found', 'There is no policy with that id.');
      return shaped(Policy, policy);
    },
  );

  // The caller's partnership's policies: every stored version (the release's and its own).
  app.get(
    paths.api.policies.pattern,
    operation(reach('signed-in'), {
      operationId: 'listPolicies',
      summary: "Every stored version of the caller's partnership's policies",
      description:
        "The release's policies and the partnership's own, oldest version first; `newest` marks the version new cases are raised under (open cases stay on the version they started under).",
      tags: ['Policies'],
      answers: [
        {
          status: 200,
          description: 'The policy versions',
          schema: PolicyVersions,
          example: {
            policies: [
              {
                id: 'bscp-escalation',
                version: 1,
                title: 'Resolving professional disagreements',
                partnership: 'bscp',
                scope: 'partnership',
                origin: 'release',
                registeredAt: '2026-01-05T09:00:00.000Z',
                newest: true,
                openCases: 1,
                stages: 4,
                source: 'Bromley Safeguarding Children Partnership escalation policy (2024)',
                addedBy: null,
              },
            ],
          },
        },
      ],
    }),
    async (request, reply) => {
      const actor = await apiActor(db, request, reply);
      if (!actor) return reply;
      const key = await partnershipKey(actor.partnershipId);
      return shaped(PolicyVersions, {
        policies: (await listPolicyVersions(db)).filter((p) => p.partnership === key),
      });
    },
  );

  // A partnership's own policy file, stored as a new version (docs/adr/0026): the partnership
  // team of the partnership the file names, the file's text as `yaml`; every problem listed.
  app.post(
    paths.api.policies.pattern,
    operation(reach('partnership-team'), {
      operationId: 'addPolicy',
      summary: "Add a version of the caller's partnership's own policy",
      description:
        "The policy file's YAML text as `yaml`, as `escalate policy add FILE` reads it (docs/policies.md). Nothing is added when it has any mistake; every one is listed.",
      tags: ['Policies'],
      body: {
        schema: PolicyUpload,
        example: { yaml: 'id: bscp-escalation\nversion: 2\npartnership: bscp\n# ...' },
      },
      answers: [
        {
          status: 201,
          description: 'Added as a new version',
          schema: PolicyAdded,
          example: {
            outcome: 'added',
            id: 'bscp-escalation',
            version: 2,
            partnership: 'bscp',
            warnings: [],
          },
        },
        {
          status: 200,
          description: 'This version was already stored with the same content: nothing changed',
          schema: PolicyAdded,
          example: {
            outcome: 'unchanged',
            id: 'bscp-escalation',
            version: 2,
            partnership: 'bscp',
            warnings: [],
          },
        },
      ],
      errors: {
        403: 'Not the partnership team, or the policy is for another partnership',
        409: 'Refused: the id belongs to another partnership, or the version number is taken',
        422: 'The policy has mistakes: `errors` lists every one, with its path and line',
      },
    }),
    async (request, reply) => {
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
        return reply
          .code(added.outcome === 'added' ? 201 : 200)
          .send(shaped(PolicyAdded, { ...added, warnings }));
      } catch (error) {
        if (error instanceof PolicyRefused) {
          audit('refused', 'conflict');
          return sendProblem(reply, 409, 'The policy was not added', error.problems.join('; '), {
            errors: error.problems.map((message) => ({ path: '(file)', message })),
          });
        }
        throw error;
      }
    },
  );
}
