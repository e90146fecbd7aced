/** The policy format's words: roles, sectors, categories, calendars, child flags, keys, contacts. */
import { z } from 'zod';

/** Where a rule comes from: "<seed or document file> <clause>", e.g. "002_bc950ad84b2976ce.txt 2.8". */
export const Source = z.string().min(3).describe('the document and clause this rule comes from');

/** Roles a person can hold at an agency or in the partnership (docs/words.md). */
export const ROLES = [
  'frontline',
  'manager',
  'dsl',
  'senior-manager',
  'director',
  'named-professional',
  'partnership-team',
  'chair',
  'panel-member',
  'administrator',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Sectors named in the seed documents. */
export const SECTORS = [
  'early-years',
  'school',
  'childrens-social-care',
  'health',
  'gp',
  'police',
  'other',
] as const;
export const Sector = z.enum(SECTORS);
export type Sector = z.infer<typeof Sector>;

/** Areas of disagreement (002 1.3; 003 "Disagreements could arise..."). */
export const CATEGORIES = [
  'levels-of-need',
  'roles-and-responsibilities',
  'need-for-action',
  'progressing-plans',
  'communication',
  'other',
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

export const CALENDARS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export const CalendarId = z.enum(CALENDARS);
export type CalendarId = z.infer<typeof CalendarId>;

/** Child flags that change the process (docs/words.md). */
export const CHILD_FLAGS = ['childProtectionPlan', 'lookedAfter', 'childInNeed'] as const;
export const ChildFlag = z.enum(CHILD_FLAGS);
export type ChildFlag = z.infer<typeof ChildFlag>;

export const Key = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and hyphens, starting with a letter');

export const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use 24-hour HH:MM, e.g. 17:00');
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');

/** A mailbox or phone line, e.g. the partnership business unit (002 2.8, 2.16, footnote 1). */
export const Contact = z.strictObject({
  name: z.string().min(1),
  email: z.email().optional(),
  phone: z.string().optional(),
  source: Source,
});
export type Contact = z.infer<typeof Contact>;
