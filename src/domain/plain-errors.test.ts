/**
 * Every refusal says what to send instead: the checks with no message of their own (a missing
 * field, a wrong type, an unknown key, a number or a length out of range) are worded in plain
 * English for the directory file, the API and the pages (plain-errors.ts).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import './plain-errors.js';

/** The messages a schema gives for a value it refuses. */
function refusal(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`expected ${String(value)} to be refused`);
  return result.error.issues.map((issue) => issue.message);
}

describe('plain-English refusals', () => {
  it('a missing field says it is required and what to give', () => {
    const entry = z.strictObject({
      name: z.string(),
      years: z.number(),
      count: z.int(),
      onBoard: z.boolean(),
      people: z.array(z.string()),
      address: z.strictObject({}),
      sectors: z.record(z.string(), z.string()),
      born: z.date(),
      other: z.bigint(),
    });
    expect(refusal(entry, {})).toEqual([
      'This is required: give text',
      'This is required: give a number',
      'This is required: give a number',
      'This is required: give true or false',
      'This is required: give a list',
      'This is required: give an object',
      'This is required: give an object',
      'This is required: give a date',
      'This is required: give bigint',
    ]);
  });

  it('a value of the wrong kind says what was given and what to give instead', () => {
    expect(refusal(z.boolean(), null)).toEqual(['Give true or false here, not null']);
    expect(refusal(z.boolean(), ['yes'])).toEqual(['Give true or false here, not a list']);
    expect(refusal(z.boolean(), { yes: true })).toEqual(['Give true or false here, not an object']);
    expect(refusal(z.number(), 'seven')).toEqual(['Give a number here, not text']);
    expect(refusal(z.string(), 7)).toEqual(['Give text here, not a number']);
    expect(refusal(z.string(), false)).toEqual(['Give text here, not true or false']);
    expect(refusal(z.string(), 7n)).toEqual(['Give text here, not bigint']);
    expect(refusal(z.int(), 2.5)).toEqual(['Give a whole number here, not a number']);
  });

  it('an unknown key is named, to be removed', () => {
    expect(
      refusal(z.strictObject({ name: z.string() }), { name: 'A', colour: 1, size: 2 }),
    ).toEqual(['Remove colour, size: not a field this accepts']);
  });

  it('a value outside a list lists the values allowed', () => {
    expect(refusal(z.enum(['manager', 'dsl']), 'boss')).toEqual(['Choose one of: manager, dsl']);
  });

  it('too long, too many or too large says the most, with "1 character" and "2 characters"', () => {
    expect(refusal(z.string().max(1), 'ab')).toEqual(['Keep this to 1 character or fewer']);
    expect(refusal(z.string().max(3), 'abcd')).toEqual(['Keep this to 3 characters or fewer']);
    expect(refusal(z.array(z.string()).max(1), ['a', 'b'])).toEqual(['Give 1 item or fewer']);
    expect(refusal(z.array(z.string()).max(2), ['a', 'b', 'c'])).toEqual(['Give 2 items or fewer']);
    expect(refusal(z.number().max(5), 6)).toEqual(['Give a number no more than 5']);
  });

  it('too short, too few or too small says the least, with "1 item" and "2 items"', () => {
    expect(refusal(z.string().min(1), '')).toEqual(['Enter at least 1 character']);
    expect(refusal(z.string().min(2), 'a')).toEqual(['Enter at least 2 characters']);
    expect(refusal(z.array(z.string()).min(1), [])).toEqual(['Give at least 1 item']);
    expect(refusal(z.array(z.string()).min(2), ['a'])).toEqual(['Give at least 2 items']);
    expect(refusal(z.number().min(5), 4)).toEqual(['Give a number no less than 5']);
  });

  it('a value in the wrong format names the format; a value fitting no form says so', () => {
    expect(refusal(z.email(), 'someone')).toEqual(['Give this in the right format (email)']);
    expect(refusal(z.union([z.string(), z.number()]), true)).toEqual([
      'Give one of the forms this accepts',
    ]);
  });

  it("a check with its own message keeps it; any other keeps Zod's", () => {
    expect(refusal(z.string().min(1, 'Enter a name'), '')).toEqual(['Enter a name']);
    expect(
      refusal(
        z.string().refine(() => false),
        'a',
      ),
    ).toEqual(['Invalid input']);
  });
});
