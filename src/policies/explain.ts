/**
 * Validator messages that send the author nowhere to guess (issue 18, item 3): an unknown key
 * names the keys allowed where it stands, or the one it was probably meant to be; a key for a
 * rule Escalate cannot follow yet says so, rather than being called a spelling mistake; a value
 * outside a list names the key and lists what is allowed.
 */
import type { z } from 'zod';
import type { PolicyPath } from '../domain/policy/path.js';
import { Policy } from '../domain/policy/schema.js';

/**
 * Rules real procedures state that the format cannot say yet: the key an author would reach
 * for, and what to do meanwhile. A rule that cannot be expressed is an error saying so.
 */
export const NOT_SUPPORTED: Readonly<Record<string, string>> = {
  informFrom:
    'a party told at every stage but acting only from a later one: add a notification rule "on: stage-entered" to it, and a "permissions" rule for the stages where it acts',
  // found encoding real procedures (docs/policies.md, "Worked examples")
  urgentTimescale:
    'a timescale that applies only when a child is at risk ("take action within 24 hours of concern if there is risk of harm") is not supported yet: say it in "immediateRisk.instruction", and let the holders set a child-protective deadline',
  whenAtRisk:
    'a timescale that applies only when a child is at risk is not supported yet: say it in "immediateRisk.instruction", and let the holders set a child-protective deadline',
  urgentRoute:
    'a final stage that takes an urgent and a non-urgent route ("a) urgent resolution required ... b) ...") is not supported yet: describe both routes in the final stage\'s "guidance"; a stage used only when urgent is "onlyWhenUrgent"',
};

/**
 * Keys an author reaches for that the format writes another way: the key to use instead.
 */
export const WRITE_INSTEAD: Readonly<Record<string, string>> = {
  heldBySector:
    'a stage held by people outside the raiser\'s line, chosen by sector, is written on the stage as "sectorHolders" ({forSector, heldBy: {role, sector, designatedHealth}, source})',
  sectorRoutes:
    'a stage held by people outside the raiser\'s line, chosen by sector, is written on the stage as "sectorHolders" ({forSector, heldBy: {role, sector, designatedHealth}, source})',
};

/** Keys the format has, but in another place: where they go. */
export const ELSEWHERE: Readonly<Record<string, string>> = {
  actionPlan:
    'an agreed action plan is written once for the whole policy, at the top level of the file, not on a stage: "actionPlan: {atResolution: required | optional, reminderBefore: {workingDays: N}, source}" (docs/policies.md)',
  actions:
    'an agreed action plan is written once for the whole policy: "actionPlan: {atResolution: required | optional, reminderBefore: {workingDays: N}, source}" (docs/policies.md); its actions are recorded on each case',
  plan: 'an agreed action plan is written once for the whole policy: "actionPlan: {atResolution: required | optional, reminderBefore: {workingDays: N}, source}" (docs/policies.md)',
  acknowledgement:
    'an acknowledgement by the other side is written on the stage that asks for it: "stages[].acknowledgement: {by: other-side, within, source}" (docs/policies.md)',
  acknowledge:
    'an acknowledgement by the other side is written on the stage that asks for it: "stages[].acknowledgement: {by: other-side, within, source}" (docs/policies.md)',
};

/** A required key whose absence has more to it than "missing": what the author can do today. */
export const MISSING_HELP: Readonly<Record<string, string>> = {
  immediateRisk:
    'every policy says how a child at immediate risk is dealt with: name the referral in "immediateRisk.referral", or, when your procedure routes immediate risk to another procedure, write "immediateRisk: {routedElsewhere: {procedure, source}, instruction, source}"',
};

type AnySchema = z.core.$ZodType;

function def(schema: AnySchema): z.core.$ZodTypeDef & Record<string, unknown> {
  return schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
}

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const d = def(s);
    if (['optional', 'default', 'nullable', 'prefault', 'readonly', 'nonoptional'].includes(d.type))
      s = d.innerType as AnySchema;
    else if (d.type === 'pipe') s = d.in as AnySchema;
    else return s;
  }
}

function at(data: unknown, segment: PropertyKey): unknown {
  return data !== null && typeof data === 'object'
    ? (data as Record<PropertyKey, unknown>)[segment]
    : undefined;
}

/** For a union of objects, the option whose literal fields match the data (its `kind`). */
function pick(schema: AnySchema, data: unknown): AnySchema | undefined {
  const d = def(schema);
  if (d.type !== 'union') return schema;
  const options = d.options as AnySchema[];
  return options.find((option) => {
    const shape = def(unwrap(option)).shape as Record<string, AnySchema> | undefined;
    if (!shape) return false;
    return Object.entries(shape).every(([key, field]) => {
      const fd = def(unwrap(field));
      return fd.type !== 'literal' || (fd.values as unknown[]).includes(at(data, key));
    });
  });
}

/** The schema (unwrapped) of the field at `path` in the policy, following the data through unions. */
export function schemaAt(path: PolicyPath, data: unknown): AnySchema | undefined {
  let schema: AnySchema | undefined = unwrap(Policy);
  let value = data;
  for (const segment of path) {
    schema = schema && pick(schema, value);
    if (!schema) return undefined;
    const d = def(schema);
    if (d.type === 'object') schema = (d.shape as Record<string, AnySchema>)[String(segment)];
    else if (d.type === 'array') schema = d.element as AnySchema;
    else if (d.type === 'record') schema = d.valueType as AnySchema;
    else return undefined;
    if (!schema) return undefined;
    schema = unwrap(schema);
    value = at(value, segment);
  }
  return schema && pick(schema, value);
}

function enumValues(schema: AnySchema): string[] | undefined {
  const d = def(unwrap(schema));
  if (d.type === 'enum') return Object.values(d.entries as Record<string, string>);
  return undefined;
}

function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const next = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        prev + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
      prev = row[j] as number;
      row[j] = next;
    }
  }
  return row[y.length] as number;
}

/** The allowed word closest to `word`, when it is close enough to be a typo of it. */
export function closest(word: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of allowed) {
    const d = distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = word.length <= 3 ? 1 : Math.min(3, Math.ceil(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

function list(values: readonly string[]): string {
  return values.join(', ');
}

/** The message for a key the schema does not know at `parent`. */
export function unknownKeyMessage(key: string, parent: PolicyPath, data: unknown): string {
  const schema = schemaAt(parent, data);
  const d = schema ? def(schema) : undefined;
  if (d?.type === 'record') {
    const allowed = enumValues(d.keyType as AnySchema) ?? [];
    const near = closest(key, allowed);
    const what = String(parent.at(-1)) === 'examples' ? 'sector' : 'key';
    return `"${key}" is not a ${what}${near ? `: did you mean "${near}"?` : ''} The ${what}s are: ${list(allowed)}`;
  }
  const allowed = d?.type === 'object' ? Object.keys(d.shape as object) : [];
  const unsupported = NOT_SUPPORTED[key];
  if (unsupported && !allowed.includes(key)) return `"${key}" is not supported: ${unsupported}`;
  const elsewhere = ELSEWHERE[key];
  if (elsewhere && !allowed.includes(key)) return `"${key}" does not go here: ${elsewhere}`;
  const instead = WRITE_INSTEAD[key];
  if (instead && !allowed.includes(key)) return `unknown key "${key}": ${instead}`;
  const near = closest(key, allowed);
  if (near) return `unknown key "${key}": did you mean "${near}"?`;
  return allowed.length > 0
    ? `unknown key "${key}": it is not part of the policy format here. The keys allowed here are: ${list(allowed)}`
    : `unknown key "${key}": check its spelling, or remove it`;
}

/** A plain message for a schema issue, naming the key and listing what is allowed; else undefined. */
export function explainIssue(issue: z.core.$ZodIssue, data: unknown): string | undefined {
  const key = issue.path.length > 0 ? String(issue.path.at(-1)) : undefined;
  const value = issue.path.reduce<unknown>((v, s) => at(v, s), data);
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const options = (issue as { options?: unknown[] }).options?.map(String) ?? [];
    const given = String(value);
    const near = closest(given, options);
    const what = issue.discriminator === 'kind' ? 'recipient kind' : `"${issue.discriminator}"`;
    return `"${given}" is not a ${what}${near ? `: did you mean "${near}"?` : ''} The ${what}s are: ${list(options)}`;
  }
  // an acknowledgement's "within" (issue 18): say the forms it takes, not "one of the forms"
  const parent = issue.path.length > 1 ? String(issue.path.at(-2)) : undefined;
  if (issue.code === 'invalid_union' && key === 'within' && parent === 'acknowledgement') {
    return `${value === undefined ? 'missing "within"' : `"${typeof value === 'string' ? value : JSON.stringify(value)}" is not a time for the acknowledgement`}: write "within: immediately", "within: {workingDays: N}" or "within: {hours: N}"`;
  }
  if (issue.code === 'invalid_value' && value !== undefined) {
    const allowed = issue.values.map(String);
    const near = closest(String(value), allowed);
    const name = typeof key === 'string' && !/^\d+$/.test(key) ? `for "${key}"` : 'here';
    return `"${String(value)}" is not allowed ${name}${near ? `: did you mean "${near}"?` : ''} Use one of: ${list(allowed)}`;
  }
  return undefined;
}
