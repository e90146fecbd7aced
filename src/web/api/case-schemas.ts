/**
 * What the API answers about cases, one Zod schema per shape (docs/adr/0027): a case as the
 * caller may see it, the list, whose turn it is, the record for the child's file, its
 * notifications and its access log. Re-exported, and named for the document, by schemas.ts.
 */
import { z } from 'zod';
import { CASE_ACTIONS, CATEGORIES } from '../../domain/policy/schema.js';
import { instant, side, uuid } from './schema-parts.js';

const Child = z.object({
  name: z.string().describe('Name or initials'),
  dateOfBirth: z
    .string()
    .optional()
    .describe(
      'YYYY-MM-DD (after the retention rule, like every detail of a child: the notice of its removal)',
    ),
  caseNumber: z.string().optional().describe("The agency's own case number"),
  childProtectionPlan: z.boolean(),
  lookedAfter: z.boolean(),
  childInNeed: z.boolean(),
  cpChairEmail: z.string().optional(),
  iroEmail: z.string().optional(),
});

const Holders = z.object({
  raising: z.array(z.string()).describe('Person ids holding the stage for the raising side'),
  other: z.array(z.string()).describe('Person ids holding it for the other agencies'),
  partnership: z.array(z.string()).optional().describe('The chair, and any panel members'),
  missing: z
    .array(z.object({ side, agencyId: z.string().optional() }))
    .optional()
    .describe('Sides nobody could be named for: the partnership team has been told'),
  outside: z
    .array(z.object({ side, agencyId: z.string(), personId: z.string() }))
    .optional()
    .describe(
      "Agencies whose side is held at this stage by someone at another agency, chosen by sector (the policy's sectorHolders)",
    ),
});

const RecordEntry = z
  .looseObject({
    seq: z.number().int().min(1),
    type: z.string().describe('What happened: raised, stage-entered, discussion-recorded, ...'),
    at: instant,
    by: z.string().describe('The person id of who did it (or `system`)'),
  })
  .describe('One entry of the tamper-evident record; its other fields depend on its type');

export const Notification = z.object({
  to: z.string().describe('The address written to (empty when no address was known)'),
  reason: z.string().describe("Why, in the policy's words"),
  status: z
    .enum(['queued', 'retrying', 'sent', 'failed'])
    .describe('Delivery: queued, retrying after a failure, sent, or failed for good'),
  rule: z.string().describe("The policy's notification rule"),
  sentAt: instant.nullable(),
  error: z.string().nullable().describe('Why the last attempt failed, when it did'),
});

const PanelMember = z.object({
  personId: z.string(),
  agencyId: z.string(),
  boardMember: z.boolean(),
  seat: z.enum(['board', 'executive', 'none']).optional(),
  represents: z.array(z.string()).optional(),
});

export const Case = z
  .object({
    id: uuid,
    reference: z.string().describe('The reference people use, like ESC-2026-0001'),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Send it back as expectedVersion with the next command'),
    policy: z.object({ id: z.string(), version: z.number().int(), title: z.string() }),
    status: z.enum(['open', 'resolved', 'decided', 'withdrawn']),
    stage: z.object({
      number: z.number().int().min(0).describe('0: before the first stage (a consultation)'),
      key: z.string(),
      name: z.string(),
      dueAt: instant.nullable(),
      holders: Holders,
      acknowledgement: z
        .object({
          dueAt: instant.nullable(),
          at: instant.nullable().describe('When the other side acknowledged the stage'),
          by: z.string().nullable().describe('The person id who acknowledged it'),
          overdue: z.boolean(),
        })
        .optional()
        .describe("The other side's acknowledgement, where the stage asks for one"),
    }),
    overdue: z.boolean(),
    planActions: z
      .array(
        z.object({
          actionId: z.string(),
          description: z.string(),
          ownerAgencyId: z.string().describe('The agency in the disagreement that does it'),
          dueOn: z.iso.date().describe('The working day it is due'),
          dueAt: instant.describe("The policy's due time that day"),
          remindAt: instant.nullable().describe('When the owning agency is reminded, if it is'),
          addedAt: instant,
          addedBy: z.string().describe('The person id who added it'),
          done: z
            .object({
              on: z.iso.date(),
              at: instant,
              by: z.string(),
              note: z.string().optional(),
            })
            .nullable()
            .describe('When the owning agency said it was done; null until then'),
          overdue: z.boolean(),
        }),
      )
      .describe(
        'The agreed action plan, where the policy tracks one (actionPlan): each action, its owner and due date, and whether it is done; it stays open after the case is resolved',
      ),
    nextStep: z.object({ text: z.string(), dueAt: instant.nullable() }),
    raisedAt: instant,
    raisedBy: z.string().describe('The person id of the raiser'),
    raisingAgencyId: z.string(),
    otherAgencyIds: z.array(z.string()),
    category: z.string(),
    immediateRisk: z.boolean(),
    children: z.array(Child),
    panel: z
      .object({
        convenedAt: instant,
        convenedBy: z.string(),
        members: z.array(PanelMember),
        proposal: z
          .object({
            at: instant,
            by: z.string(),
            decision: z.string(),
            learning: z.string().optional(),
            agreed: z.array(z.string()),
          })
          .nullable()
          .describe('The decision put to the panel, and the members who have agreed it'),
      })
      .nullable()
      .describe('The Resolution Panel, once convened'),
    record: z.array(RecordEntry).describe('Everything that happened, oldest first'),
    notifications: z.array(Notification).describe('Who was told, and whether it was delivered'),
  })
  .describe('A case as the caller may see it (every read is written to its access log)');

export const RaisedCase = Case.extend({
  possibleDuplicates: z
    .array(z.object({ id: uuid, reference: z.string() }))
    .describe(
      'Open cases the caller may see about the same child (name and date of birth) with the same other agencies (raised all the same)',
    ),
});

export const CaseList = z.object({
  cases: z.array(
    z.object({
      id: uuid,
      reference: z.string(),
      status: z.enum(['open', 'resolved', 'decided', 'withdrawn']),
      stage: z.object({ number: z.number().int(), key: z.string() }),
      dueAt: instant.nullable(),
      overdue: z.boolean(),
      category: z.enum(CATEGORIES),
      immediateRisk: z.boolean(),
      raisedAt: instant,
      raisedBy: z.string(),
      version: z.number().int(),
    }),
  ),
  page: z.number().int().min(1),
  pageSize: z.number().int(),
  nextPage: z.number().int().nullable().describe('The next page number; null after the last'),
});

export const CaseTurn = z.object({
  id: uuid,
  version: z.number().int(),
  stage: z.object({ number: z.number().int(), key: z.string(), name: z.string() }),
  dueAt: instant.nullable(),
  yours: z.boolean().describe('The caller holds the stage now'),
  side: side.nullable().describe("The caller's side of the disagreement, if any"),
  ask: z.string().describe('What is asked of the caller now, in plain English'),
  actions: z.array(z.enum(CASE_ACTIONS)).describe('The commands the caller may send now'),
  holders: z.array(
    z.object({
      side,
      name: z.string(),
      role: z.string(),
      agency: z.string().nullable(),
      email: z.string(),
      phone: z.string().nullable(),
      heldFor: z
        .string()
        .optional()
        .describe('The agency on that side a holder from another agency holds the stage for'),
    }),
  ),
  missing: z.array(z.string()).describe('For whom nobody could be named to hold the stage'),
});

const TimelineItem = z.object({
  seq: z.number().int(),
  title: z.string(),
  by: z.string().describe('Who, by name and agency'),
  at: z.string().describe('When, in words (UK time)'),
  details: z.array(z.string()),
});

export const CaseRecord = z
  .object({
    reference: z.string(),
    partnership: z.string(),
    policy: z.string(),
    status: z.string(),
    printedAt: instant,
    printedBy: z.string(),
    disagreement: z.array(z.object({ label: z.string(), value: z.string() })),
    children: z.array(Child),
    opening: z.array(TimelineItem).describe('What was recorded before the first stage began'),
    stages: z.array(z.object({ title: z.string(), entries: z.array(TimelineItem) })),
    sharedWith: z.array(
      z.object({
        to: z.string(),
        reason: z.string(),
        status: z.string(),
        sentAt: instant.nullable(),
      }),
    ),
    integrity: z.string().describe('Whether the tamper-evident record verified when printed'),
  })
  .describe("The record for the child's file, in words: what the PDF prints");

export const CaseNotifications = z.object({
  caseId: uuid,
  reference: z.string(),
  notifications: z.array(Notification),
});

export const CaseAccessLog = z.object({
  caseId: uuid,
  reference: z.string(),
  entries: z.array(
    z.object({
      at: instant,
      name: z.string(),
      role: z.string(),
      agency: z.string().nullable(),
      action: z.enum(['read', 'print', 'export', 'access-log']),
      via: z.enum(['api', 'page', 'cli']),
    }),
  ),
  truncated: z.boolean().describe('More entries than were sent (the newest are sent)'),
});
