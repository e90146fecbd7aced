/**
 * The examples in the API description: one fictional case, as the API answers it. Redocly's
 * lint (test/api-description.test.ts) checks every example against its schema.
 */
import type { z } from 'zod';
import type { Case, CaseRecord, PartnershipFigures } from './schemas.js';

const CASE_ID = '0b9d6f1e-3c1a-4d8e-9f57-2a6c4b1e8d30';
const TEACHER = '5f0c2a7e-8b1d-4c3e-a9f6-7d2e1b0c9a84';
const SOCIAL_WORKER = 'c3e8a1f0-6d2b-4f7a-b5c9-1e0d3a2b7f65';
const SCHOOL = '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
const SOCIAL_CARE = 'e7d6c5b4-a392-4817-9605-f4e3d2c1b0a9';

export const RAISE_EXAMPLE = {
  children: [
    {
      name: 'Child A (fictional)',
      dateOfBirth: '2021-05-14',
      childProtectionPlan: true,
      lookedAfter: false,
      cpChairEmail: 'cp-chair@council.example',
    },
  ],
  agencies: [SOCIAL_CARE],
  category: 'need-for-action',
  disagreement:
    'The school believes a strategy discussion is needed; social care closed the referral.',
  evidence: {
    nature: 'Repeated bruising seen by staff',
    source: 'Class teacher and school nurse records',
  },
  actionsToDate: 'Referral made on 27 October; telephone call with the duty social worker.',
  outcomeSought: 'A strategy discussion within two working days.',
  immediateRisk: false,
};

export const CASE_EXAMPLE: z.output<typeof Case> = {
  id: CASE_ID,
  reference: 'ESC-2026-0001',
  version: 3,
  policy: { id: 'bscp-escalation', version: 1, title: 'Resolving professional disagreements' },
  status: 'open',
  stage: {
    number: 2,
    key: 'managers',
    name: 'Line managers',
    dueAt: '2026-11-06T17:00:00.000Z',
    holders: { raising: [TEACHER], other: [SOCIAL_WORKER] },
  },
  overdue: false,
  planActions: [],
  nextStep: {
    text: 'The line managers discuss the disagreement',
    dueAt: '2026-11-06T17:00:00.000Z',
  },
  raisedAt: '2026-11-02T09:30:00.000Z',
  raisedBy: TEACHER,
  raisingAgencyId: SCHOOL,
  otherAgencyIds: [SOCIAL_CARE],
  category: 'need-for-action',
  immediateRisk: false,
  children: [
    {
      name: 'Child A (fictional)',
      dateOfBirth: '2021-05-14',
      childProtectionPlan: true,
      lookedAfter: false,
      childInNeed: false,
      cpChairEmail: 'cp-chair@council.example',
    },
  ],
  panel: null,
  record: [
    { seq: 1, type: 'raised', at: '2026-11-02T09:30:00.000Z', by: TEACHER },
    {
      seq: 2,
      type: 'discussion-recorded',
      at: '2026-11-03T10:00:00.000Z',
      by: TEACHER,
      means: 'phone',
      summary: 'Discussed with the duty social worker; we still disagree.',
    },
    { seq: 3, type: 'escalated', at: '2026-11-03T10:05:00.000Z', by: TEACHER },
  ],
  notifications: [
    {
      to: 'manager@school.example',
      reason: 'Tell the line manager the disagreement has reached them',
      status: 'sent',
      rule: 'stage-entered',
      sentAt: '2026-11-03T10:05:04.000Z',
      error: null,
    },
  ],
};

export const RECORD_EXAMPLE: z.output<typeof CaseRecord> = {
  reference: 'ESC-2026-0001',
  partnership: 'Bromley Safeguarding Children Partnership',
  policy: 'Resolving professional disagreements (version 1)',
  status: 'Open',
  printedAt: '2026-11-04T09:00:00.000Z',
  printedBy: 'Sam Example (Partnership team)',
  disagreement: [
    { label: 'Reference', value: 'ESC-2026-0001' },
    { label: 'About', value: 'Need for action' },
  ],
  children: CASE_EXAMPLE.children,
  opening: [
    {
      seq: 1,
      title: 'Disagreement raised',
      by: 'Ann Example, Hillcrest Primary School',
      at: '2 November 2026 at 9:30am',
      details: [],
    },
  ],
  stages: [],
  sharedWith: [
    {
      to: 'manager@school.example',
      reason: 'Tell the line manager the disagreement has reached them',
      status: 'sent',
      sentAt: '2026-11-03T10:05:04.000Z',
    },
  ],
  integrity:
    'This record has 3 entries. Its tamper-evident chain verified when this copy was printed: nothing in it has been changed, reordered or removed.',
};

export const FIGURES_EXAMPLE: z.output<typeof PartnershipFigures> = {
  figures: {
    period: {
      from: '2025-11-01T00:00:00.000Z',
      to: '2026-11-01T00:00:00.000Z',
      firstDay: '2025-11-01',
      lastDay: '2026-10-31',
      label: '1 November 2025 to 31 October 2026',
    },
    now: '2026-11-04T09:00:00.000Z',
    totals: { openNow: 1, overdueNow: 0, raised: 1, closed: 0, immediateRisk: 0, lateStages: 0 },
    openByStage: [{ stage: 2, key: 'managers', name: 'Line managers', count: 1 }],
    overdue: { count: 0, cases: [] },
    raisedPerMonth: [],
    categories: [],
    agencyPairs: [],
    outcomes: [],
    stages: [],
  },
  tables: [
    {
      key: 'open-by-stage',
      title: 'Open cases by stage',
      caption: 'Cases open now, by the stage they are at',
      columns: [{ label: 'Stage' }, { label: 'Cases', numeric: true }],
      rows: [['2. Line managers', 1]],
    },
  ],
};

export const IDS = { CASE_ID, TEACHER, SOCIAL_WORKER, SCHOOL, SOCIAL_CARE };
