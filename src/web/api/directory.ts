/**
 * The directory API: agencies and people of the caller's partnership, and the import of a
 * directory file (administrators only; the same schema as `escalate directory import`). The
 * policies have their own file (policies.ts).
 */
import type { FastifyInstance } from 'fastify';
import { DirectoryFile } from '../../domain/directory.js';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import { DirectoryError, importDirectory } from '../../services/directory.js';
import { listAgencies, listPeople } from '../../services/people.js';
import { registeredPolicies } from '../../services/policy-registry.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { apiActor, partnershipKeyOf } from './auth.js';
import { IDS } from './examples.js';
import { operation } from './operation.js';
import { sendInvalid, sendProblem } from './problem.js';
import { Agencies, DirectoryImported, People, shaped } from './schemas.js';

const directoryExample = () => ({
  partnerships: [
    {
      key: 'bscp',
      name: 'Bromley Safeguarding Children Partnership',
      policy: 'bscp-escalation',
      agencies: [
        {
          name: 'Hillcrest Primary School',
          sector: 'school',
          people: [{ email: 'teacher@school.example', name: 'Ann Example', role: 'frontline' }],
        },
      ],
    },
  ],
});

export async function directoryApi(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  const { db } = deps;

  const partnershipKey = (partnershipId: string) => partnershipKeyOf(db, partnershipId);

  app.get(
    paths.api.agencies.pattern,
    operation(reach('signed-in'), {
      operationId: 'listAgencies',
      summary: "The agencies of the caller's partnership",
      description: 'Their ids are what a raise names in `agencies`.',
      tags: ['Directory'],
      answers: [
        {
          status: 200,
          description: 'The agencies, by name',
          schema: Agencies,
          example: {
            agencies: [
              {
                id: IDS.SOCIAL_CARE,
                name: "Children's Social Care",
                sector: 'childrens-social-care',
                partnership: 'bscp',
                policy: 'bscp-escalation',
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
      return shaped(Agencies, {
        agencies: (await listAgencies(db)).filter((a) => a.partnership === key),
      });
    },
  );

  app.get(
    paths.api.people.pattern,
    operation(reach('signed-in'), {
      operationId: 'listPeople',
      summary: "The people of the caller's partnership",
      description: 'Names, roles and agencies only (no e-mail addresses or phone numbers).',
      tags: ['Directory'],
      answers: [
        {
          status: 200,
          description: 'The people, by agency and name',
          schema: People,
          example: {
            people: [
              {
                id: IDS.SOCIAL_WORKER,
                name: 'Sam Example',
                role: 'frontline',
                agency: {
                  id: IDS.SOCIAL_CARE,
                  name: "Children's Social Care",
                  sector: 'childrens-social-care',
                },
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
      const people = (await listPeople(db)).filter((p) => p.partnership === key);
      return shaped(People, {
        people: people.map(({ id, name, role, agency }) => ({ id, name, role, agency })),
      });
    },
  );

  app.post(
    paths.api.directory.pattern,
    operation(reach('administrator'), {
      operationId: 'importDirectory',
      summary: "Import the caller's partnership's directory",
      description:
        'The same file as `escalate directory import`: partnerships, agencies and people. Nothing is changed when it has any mistake.',
      tags: ['Directory'],
      body: { schema: DirectoryFile, example: directoryExample() },
      answers: [
        {
          status: 200,
          description: 'Imported: how many of each',
          schema: DirectoryImported,
          example: { partnerships: 1, agencies: 2, people: 2 },
        },
      ],
      errors: {
        403: "Not an administrator, or a partnership other than the caller's",
        422: 'The directory has mistakes: `errors` lists every one',
      },
    }),
    async (request, reply) => {
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
        return shaped(DirectoryImported, result);
      } catch (error) {
        if (error instanceof DirectoryError) {
          return sendProblem(reply, 422, 'The directory has mistakes', error.problems.join('; '), {
            errors: error.problems.map((message) => ({ path: message.split(':')[0], message })),
          });
        }
        throw error;
      }
    },
  );
}
