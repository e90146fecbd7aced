/**
 * What the API answers, one Zod schema per shape (docs/adr/0027). Each route registers its
 * answers' schemas (src/web/api/operation.ts): Fastify compiles them to serialize the answer,
 * and the OpenAPI document (openapi.ts) is generated from the same registrations. Handlers pass
 * what they send through `shaped(Schema, value)`, so the services' types and these schemas
 * cannot drift apart without the compiler saying so; the API tests validate every answer
 * against the document (test/support/conformance.ts).
 *
 * The shapes of a case (its view, list, turn, record, notifications, access log) are in
 * case-schemas.ts; this file has the error, the directory's, the policies' and the figures', and
 * names every shape for the document's components.
 */
import { z } from 'zod';
import { DirectoryFile } from '../../domain/directory.js';
import { Policy, ROLES, SECTORS } from '../../domain/policy/schema.js';
import { TABLE_KEYS } from '../../reports/tables.js';
import {
  Case,
  CaseAccessLog,
  CaseList,
  CaseNotifications,
  CaseRecord,
  CaseTurn,
  RaisedCase,
} from './case-schemas.js';
import { named } from './operation.js';
import { count, day, instant, uuid } from './schema-parts.js';

export {
  Case,
  CaseAccessLog,
  CaseList,
  CaseNotifications,
  CaseRecord,
  CaseTurn,
  RaisedCase,
} from './case-schemas.js';

/** The value, checked by the compiler to have the schema's shape (what Fastify serializes). */
export const shaped = <S extends z.ZodType>(_schema: S, value: z.output<S>): z.output<S> => value;

export const Problem = z
  .object({
    type: z.string().describe('`about:blank`: the status and title say what went wrong'),
    title: z.string().describe('The kind of problem, the same for every answer of its kind'),
    status: z.number().int().min(400).max(599).describe('The HTTP status, again'),
    detail: z.string().describe('What went wrong and what to do about it, in plain English'),
    errors: z
      .array(
        z.object({
          path: z.string().describe('The field, as a dotted path (`children.0.name`), or `(body)`'),
          line: z.number().int().min(1).optional().describe('The line of a policy file'),
          message: z.string(),
        }),
      )
      .optional()
      .describe('Every mistake found, field by field (400, 409 and 422)'),
    currentVersion: z
      .number()
      .int()
      .optional()
      .describe('409: the case version now; read the case again before sending the command'),
    code: z
      .string()
      .optional()
      .describe("422: the policy's refusal code (`not-your-part`, `wrong-stage`, ...)"),
    reference: z
      .string()
      .optional()
      .describe('500: give the service desk this reference; it is in our log beside the fault'),
  })
  .describe('An error, as RFC 9457 problem details. Every error the API gives has this shape.');

export const Agencies = z.object({
  agencies: z.array(
    z.object({
      id: uuid,
      name: z.string(),
      sector: z.enum(SECTORS),
      partnership: z.string(),
      policy: z.string().describe('The policy a case this agency raises is run under'),
    }),
  ),
});

export const People = z.object({
  people: z.array(
    z.object({
      id: uuid,
      name: z.string(),
      role: z.enum(ROLES),
      agency: z.object({ id: uuid, name: z.string(), sector: z.enum(SECTORS) }).nullable(),
    }),
  ),
});

export const PolicyVersions = z.object({
  policies: z.array(
    z.object({
      id: z.string(),
      version: z.number().int(),
      title: z.string(),
      partnership: z.string(),
      scope: z.enum(['partnership', 'agency']),
      origin: z.enum(['release', 'added']),
      registeredAt: instant,
      newest: z.boolean().describe('New cases are raised under it'),
      openCases: count.describe('Open cases that started under this version'),
      stages: count,
      source: z.string().describe('The document the policy encodes'),
      addedBy: z
        .object({
          kind: z.enum(['person', 'cli']).describe('person: through the API; cli: `policy add`'),
          id: z.string().optional().describe('The person id, when a person added it'),
          name: z.string().nullable().optional().describe("The person's name, when known"),
        })
        .nullable()
        .describe('Who added this version: a person, the command line, or null for the release'),
    }),
  ),
});

export const PolicyAdded = z.object({
  outcome: z.enum(['added', 'unchanged']),
  id: z.string(),
  version: z.number().int(),
  partnership: z.string(),
  warnings: z.array(z.object({ path: z.string(), message: z.string() })),
});

export const DirectoryImported = z.object({
  partnerships: count,
  agencies: count,
  people: count,
});

const StageCount = z.object({ stage: z.number().int(), key: z.string(), name: z.string(), count });

export const PartnershipFigures = z.object({
  figures: z.object({
    period: z.object({
      from: instant,
      to: instant,
      firstDay: day,
      lastDay: day,
      label: z.string(),
    }),
    now: instant,
    totals: z.object({
      openNow: count,
      overdueNow: count,
      raised: count,
      closed: count,
      immediateRisk: count,
      lateStages: count,
    }),
    openByStage: z.array(StageCount),
    overdue: z.object({
      count,
      cases: z.array(
        z.object({
          id: uuid,
          reference: z.string(),
          stageName: z.string(),
          dueAt: instant,
          raisingAgency: z.string(),
          category: z.string(),
        }),
      ),
    }),
    raisedPerMonth: z.array(
      z.object({
        month: z.string(),
        label: z.string(),
        immediateRisk: count,
        other: count,
        total: count,
      }),
    ),
    categories: z.array(z.object({ category: z.string(), label: z.string(), count })),
    agencyPairs: z.array(
      z.object({
        raisingAgencyId: z.string(),
        raisingAgency: z.string(),
        otherAgencyId: z.string(),
        otherAgency: z.string(),
        count,
      }),
    ),
    outcomes: z.array(
      z.object({
        outcome: z.string(),
        stage: z.number().int(),
        key: z.string(),
        name: z.string(),
        label: z.string(),
        count,
      }),
    ),
    stages: z.array(
      z.object({
        stage: z.number().int(),
        key: z.string(),
        name: z.string(),
        entered: count,
        closed: count,
        closedWithTimescale: count,
        closedInTime: count,
        late: count,
        timeliness: z.number().nullable(),
        medianDays: z.number().nullable(),
        p90Days: z.number().nullable(),
      }),
    ),
  }),
  tables: z.array(
    z.object({
      key: z.enum(TABLE_KEYS),
      title: z.string(),
      caption: z.string(),
      columns: z.array(
        z.object({
          label: z.string(),
          numeric: z.boolean().optional(),
          format: z.enum(['percent', 'days', 'date-time']).optional(),
        }),
      ),
      rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
    }),
  ),
});

for (const [name, schema] of Object.entries({
  Problem,
  Case,
  RaisedCase,
  CaseList,
  CaseTurn,
  CaseRecord,
  CaseNotifications,
  CaseAccessLog,
  Agencies,
  People,
  PolicyVersions,
  PolicyAdded,
  DirectoryImported,
  PartnershipFigures,
  Policy,
  Directory: DirectoryFile,
})) {
  named(name, schema);
}
