/**
 * Plain-English messages for the Zod checks that have no message of their own (a missing field,
 * a wrong type, an unknown key), so that every refusal says what to send instead of Zod's
 * "Invalid input: expected array, received undefined". Checks with their own message keep it.
 * Imported for its effect by the schemas (domain/case/commands.ts, domain/directory.ts).
 */
import { z } from 'zod';

const WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
  record: 'an object',
};

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'an object';
  if (typeof input === 'string') return 'text';
  if (typeof input === 'number') return 'a number';
  if (typeof input === 'boolean') return 'true or false';
  return typeof input;
}

const plural = (n: number | bigint, one: string) => `${n} ${one}${Number(n) === 1 ? '' : 's'}`;

export function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const want = WORDS[issue.expected] ?? issue.expected;
      return issue.input === undefined
        ? `This is required: give ${want}`
        : `Give ${want} here, not ${describe(issue.input)}`;
    }
    case 'unrecognized_keys':
      return `Remove ${issue.keys.join(', ')}: not a field this accepts`;
    case 'invalid_value':
      return `Choose one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_big':
      if (issue.origin === 'string')
        return `Keep this to ${plural(issue.maximum, 'character')} or fewer`;
      if (issue.origin === 'array') return `Give ${plural(issue.maximum, 'item')} or fewer`;
      return `Give a number no more than ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string') return `Enter at least ${plural(issue.minimum, 'character')}`;
      if (issue.origin === 'array') return `Give at least ${plural(issue.minimum, 'item')}`;
      return `Give a number no less than ${issue.minimum}`;
    case 'invalid_format':
      return `Give this in the right format (${issue.format})`;
    case 'invalid_union':
      return 'Give one of the forms this accepts';
  }
  return undefined;
}

z.config({ customError: plainMessage });
