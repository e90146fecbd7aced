/**
 * Form helpers for the GOV.UK error pattern: Zod issues become an error summary (each linking to
 * its field) and inline messages by field id; form values arrive as strings or string arrays
 * (a repeated name), read with `text` (one answer: a repeat is refused) or `list` (checkboxes).
 */
import { DateTime } from 'luxon';
import type { z } from 'zod';

export interface FormErrors {
  /** for govukErrorSummary's errorList */
  summary: { text: string; href: string }[];
  /** for each component's errorMessage, by field id */
  fields: Record<string, { text: string }>;
}

export type FormBody = Record<string, string | string[] | undefined>;

export function formErrors(list: { field: string; message: string }[]): FormErrors {
  const errors: FormErrors = { summary: [], fields: {} };
  for (const { field, message } of list) {
    if (errors.fields[field]) continue;
    errors.fields[field] = { text: message };
    errors.summary.push({ text: message, href: `#${field}` });
  }
  return errors;
}

/** Maps each issue's path ("evidence.nature") to a field id through `fields`, else the first field. */
export function zodErrors(error: z.ZodError, fields: Record<string, string>): FormErrors {
  const fallback = Object.values(fields)[0] ?? 'main-content';
  return formErrors(
    error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const field = fields[path] ?? fields[String(issue.path[0] ?? '')] ?? fallback;
      return { field, message: issue.message };
    }),
  );
}

/**
 * A single answer sent more than once (`reason=first&reason=second`): refused with a 400 that
 * says so (errors.ts), never "the first one wins". Thrown while the form is read, so before
 * anything is changed.
 */
export class RepeatedAnswer extends Error {
  readonly statusCode = 400;
  readonly code = 'ESC_REPEATED_ANSWER';
  constructor(name: string) {
    super(
      `Send each answer once: "${name.slice(0, 40)}" was sent more than once. Nothing was changed. Go back, reload the page and try again.`,
    );
  }
}

/** A single answer (a text input, a textarea, radios, a hidden field); refuses repeats. */
export function text(body: FormBody, name: string): string {
  const value = body[name];
  if (Array.isArray(value)) throw new RepeatedAnswer(name);
  return typeof value === 'string' ? value : '';
}

/** A value that may be absent: undefined when blank. */
export function optional(body: FormBody, name: string): string | undefined {
  const value = text(body, name).trim();
  return value === '' ? undefined : value;
}

/** The answers of checkboxes sharing one name: the one field that may be sent several times. */
export function list(body: FormBody, name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
}

/** One entry per non-blank line of a textarea. */
export function lines(body: FormBody, name: string): string[] {
  return text(body, name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export type DateResult = { ok: true; iso: string | undefined } | { ok: false; message: string };

/** The GOV.UK date input (`{prefix}-day`, `-month`, `-year`) as YYYY-MM-DD; blank is undefined. */
export function dateInput(body: FormBody, prefix: string, label: string): DateResult {
  const parts = ['day', 'month', 'year'].map((p) => text(body, `${prefix}-${p}`).trim());
  const [day, month, year] = parts as [string, string, string];
  if (parts.every((p) => p === '')) return { ok: true, iso: undefined };
  const missing = ['day', 'month', 'year'].filter((_, i) => parts[i] === '');
  if (missing.length > 0)
    return { ok: false, message: `${label} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { ok: false, message: `${label} must be a real date` };
  }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    return { ok: false, message: `${label} must be a real date` };
  }
  return { ok: true, iso };
}

/** The parts of a YYYY-MM-DD date for refilling a date input. */
export function dateParts(iso: string | undefined): { day: string; month: string; year: string } {
  const [year = '', month = '', day = ''] = (iso ?? '').split('-');
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
}

/** A date input as YYYY-MM-DD; '' when blank or not a real date (the form says so). */
export function realDate(body: FormBody, prefix: string): string {
  const date = dateInput(body, prefix, '');
  return date.ok ? (date.iso ?? '') : '';
}

/**
 * A date input and its `{prefix}-time` (HH:MM on the 24-hour clock, or H.MM) as an instant in
 * Europe/London; '' when not a real date and time.
 */
export function realInstant(body: FormBody, prefix: string): string {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => text(body, `${prefix}-${p}`).trim());
  const time = text(body, `${prefix}-time`).trim().replace('.', ':');
  const t = DateTime.fromFormat(`${d}/${m}/${y} ${time}`, 'd/M/yyyy H:mm', {
    zone: 'Europe/London',
  });
  return t.isValid ? (t.toISO({ suppressMilliseconds: true }) as string) : '';
}

/** A date input (and its time, with `time`) filled in with an instant's London date and time. */
export function dateInputFields(prefix: string, at: Date, { time = false } = {}): FormBody {
  const t = DateTime.fromJSDate(at).setZone('Europe/London');
  return {
    [`${prefix}-day`]: String(t.day),
    [`${prefix}-month`]: String(t.month),
    [`${prefix}-year`]: String(t.year),
    ...(time ? { [`${prefix}-time`]: t.toFormat('HH:mm') } : {}),
  };
}

export const notARealDate = (what: string) => `Enter ${what} as a real date, like 14 12 2026`;

export const notARealTime = (what: string) =>
  `Enter ${what} as a real date and a time on the 24-hour clock, like 27 3 2026 and 14:30`;
