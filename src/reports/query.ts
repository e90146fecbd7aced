/**
 * The one schema for what a dashboard, CSV download or board report is asked for: a period
 * (a preset, or two UK dates) and the filters. Shared by the pages, the CSV links and the
 * CLI; blank values mean "any".
 */
import { z } from 'zod';
import { Category, Sector } from '../domain/policy/schema.js';
import type { Filters } from './figures/index.js';
import { customPeriod, PERIODS, presetPeriod } from './period.js';

const blankIsAbsent = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const UkDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2026-07-01')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'Enter a real date');

export const ReportQuery = z
  .object({
    period: z.preprocess(
      blankIsAbsent,
      z.enum(PERIODS, { error: 'Choose a period from the list' }).default('last-12-months'),
    ),
    from: z.preprocess(blankIsAbsent, UkDate.optional()),
    to: z.preprocess(blankIsAbsent, UkDate.optional()),
    agency: z.preprocess(
      blankIsAbsent,
      z.uuid({ error: 'Choose an agency from the list' }).optional(),
    ),
    sector: z.preprocess(blankIsAbsent, Sector.optional()),
    category: z.preprocess(blankIsAbsent, Category.optional()),
    stage: z.preprocess(
      blankIsAbsent,
      z.coerce
        .number({ error: 'Choose a stage from the list' })
        .int('Choose a stage from the list')
        .min(1, 'Choose a stage from the list')
        .max(20, 'Choose a stage from the list')
        .optional(),
    ),
  })
  .superRefine((q, ctx) => {
    if (q.period !== 'custom') return;
    if (!q.from)
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: 'Enter the first day of the period',
      });
    if (!q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Enter the last day of the period' });
    if (q.from && q.to && q.from > q.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'The last day must be the same as or after the first day',
      });
    }
  });
export type ReportQuery = z.infer<typeof ReportQuery>;

/** The figures' filters for a valid query, as they stand at `now`. */
export function filtersOf(query: ReportQuery, now: Date): Filters {
  const period =
    query.period === 'custom'
      ? customPeriod(query.from as string, query.to as string, now)
      : presetPeriod(query.period, now);
  return {
    period,
    ...(query.agency ? { agencyId: query.agency } : {}),
    ...(query.sector ? { sector: query.sector } : {}),
    ...(query.category ? { category: query.category } : {}),
    ...(query.stage ? { reachedStage: query.stage } : {}),
  };
}

/** The query as URL search parameters (for CSV and report links), blanks left out. */
export function queryString(query: ReportQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (key === 'period' && value === 'last-12-months') continue;
    if ((key === 'from' || key === 'to') && query.period !== 'custom') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
