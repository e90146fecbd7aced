/**
 * The one schema for what a case list is asked for: the filters (status, stage, overdue, agency
 * involved, category) and the page. Shared by the partnership's case list page (a GET form) and
 * GET /api/v1/cases, so both accept and refuse exactly the same things. Blank values mean "any":
 * a GET form sends every field, chosen or not.
 */
import { z } from 'zod';
import { CATEGORIES } from '../domain/policy/schema.js';

const blankIsAbsent = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const CASE_STATUSES = ['open', 'resolved', 'decided', 'withdrawn'] as const;

/** The highest page asked for: a bound on OFFSET, far past any real partnership's list. */
export const MAX_PAGE = 10_000;

export const CaseListQuery = z.strictObject({
  status: z.preprocess(
    blankIsAbsent,
    z
      .enum(CASE_STATUSES, { error: 'status must be open, resolved, decided or withdrawn' })
      .optional(),
  ),
  stage: z.preprocess(
    blankIsAbsent,
    z.coerce
      .number({ error: 'stage must be a stage number' })
      .int('stage must be a stage number')
      .min(0, 'stage must be a stage number')
      .max(20, 'stage must be a stage number')
      .optional(),
  ),
  overdue: z.preprocess(
    blankIsAbsent,
    z
      .enum(['true', 'false'], { error: 'overdue must be true or false' })
      .transform((v) => v === 'true')
      .optional(),
  ),
  agency: z.preprocess(
    blankIsAbsent,
    z.uuid({ error: 'agency must be the id of an agency in your partnership' }).optional(),
  ),
  category: z.preprocess(
    blankIsAbsent,
    z.enum(CATEGORIES, { error: `category must be one of: ${CATEGORIES.join(', ')}` }).optional(),
  ),
  page: z.preprocess(
    blankIsAbsent,
    z.coerce
      .number({ error: 'page must be a whole number, 1 or more' })
      .int('page must be a whole number, 1 or more')
      .min(1, 'page must be a whole number, 1 or more')
      .max(MAX_PAGE, `page must be ${MAX_PAGE} or less`)
      .default(1),
  ),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

/** The query as URL search parameters, blanks and page 1 left out (for pagination links). */
export function caseListSearch(query: Partial<CaseListQuery>, page?: number): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'stage', 'overdue', 'agency', 'category'] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, String(value));
  }
  if (page !== undefined && page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}
