/**
 * The directory: partnerships, their agencies and people, as one input schema shared by the
 * directory file import (CLI), the demo data and the API.
 */
import { z } from 'zod';
import './plain-errors.js';
import { CalendarId, Role, Sector } from './policy/schema.js';

const Key = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and hyphens, starting with a letter');
const Name = z
  .string()
  .trim()
  .min(1, 'Enter a name')
  .max(200, 'Names must be 200 characters or fewer');
const Email = z
  .email('Enter an e-mail address in the correct format, like name@example.org')
  .max(254);

const Phone = z
  .string()
  .trim()
  .regex(/^[0-9+() -]{6,30}$/, 'Enter a phone number, like 020 7946 0000');

export const PersonEntry = z.strictObject({
  email: Email,
  name: Name,
  role: Role,
  /** e-mail of this person's line manager, so "the next manager in line" can be found */
  lineManager: Email.optional(),
  /**
   * the address this person had until now, when it changes: they keep their account (and
   * cases), and are told at the old address
   */
  previousEmail: Email.optional(),
  onBoard: z.boolean().default(false),
  onExecutive: z.boolean().default(false),
  /** a work phone the other agency may call about a disagreement */
  phone: Phone.optional(),
  /**
   * a designated health professional (e.g. the health commissioner's designated nurse or
   * doctor), involved at stage 4 to give health safeguarding advice (002 2.12)
   */
  designatedHealth: z.boolean().default(false),
});
export type PersonEntry = z.infer<typeof PersonEntry>;

export const AgencyEntry = z.strictObject({
  name: Name,
  sector: Sector,
  /** the id of the agency's local version of the partnership policy, when it has one */
  policy: Key.optional(),
  /** e-mail of the agency's named escalation manager (seed 004, Appendix A) */
  escalationManager: Email.optional(),
  /**
   * e-mail of the agency's member of the partnership board / executive: someone at the agency,
   * or, for an agency without a seat of its own (a pre-school), the member who represents its
   * sector; they represent it on a Resolution Panel
   */
  boardMember: Email.optional(),
  /** e-mail of who sits for the agency when its board member cannot */
  boardDeputy: Email.optional(),
  /** the agency's duty inbox: told of a disagreement when no escalation manager or DSL is named */
  dutyEmail: Email.optional(),
  dutyPhone: Phone.optional(),
  people: z.array(PersonEntry).default([]),
});
export type AgencyEntry = z.infer<typeof AgencyEntry>;

/**
 * The partnership's retention rule (data protection, not the escalation policy): how many years
 * after a case closes its personal details are removed. Absent: the default (25 years,
 * src/services/retention.ts).
 */
export const RetentionRule = z.strictObject({
  yearsAfterClosure: z
    .int('Enter the years after closure as a whole number, like 7')
    .min(1, 'Keep personal details for at least 1 year after a case closes')
    .max(100, 'Enter 100 years or fewer after closure'),
});

export const PartnershipEntry = z.strictObject({
  key: Key,
  name: Name,
  /** the id of the partnership's policy */
  policy: Key,
  calendar: CalendarId.default('england-and-wales'),
  businessUnitEmail: Email.optional(),
  /** the phone of the Children and Families Hub / MASH a child at immediate risk is referred to */
  hubPhone: Phone.optional(),
  retention: RetentionRule.optional(),
  /** partnership-wide people: the independent chair and the partnership team */
  people: z.array(PersonEntry).default([]),
  agencies: z.array(AgencyEntry).default([]),
});
export type PartnershipEntry = z.infer<typeof PartnershipEntry>;

export const DirectoryFile = z.strictObject({
  partnerships: z.array(PartnershipEntry).min(1, 'List at least one partnership'),
});
export type DirectoryFile = z.infer<typeof DirectoryFile>;
