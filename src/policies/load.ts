/**
 * Reading a policy file: YAML -> schema -> semantic checks, every problem reported with the
 * field's path and its line in the file. Reading from disk lives here, not in the domain.
 */
import { readFileSync } from 'node:fs';
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { checkPolicy } from '../domain/policy/checks.js';
import { formatPath, type PolicyPath } from '../domain/policy/path.js';
import { Policy } from '../domain/policy/schema.js';
import type { PolicyError } from './errors.js';
import { explainIssue, MISSING_HELP, unknownKeyMessage } from './explain.js';
import { lineOf } from './locate.js';

export type ParseResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

function present(data: unknown, path: PolicyPath): boolean {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !(segment in value)) return false;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value !== undefined;
}

function schemaErrors(
  issue: z.core.$ZodIssue,
  data: unknown,
): { path: PolicyPath; message: string }[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message: unknownKeyMessage(key, issue.path, data),
    }));
  }
  if (issue.code === 'invalid_type' && issue.path.length > 0 && !present(data, issue.path)) {
    const key = String(issue.path.at(-1));
    const help = MISSING_HELP[key];
    return [
      { path: issue.path, message: `missing required key "${key}"${help ? `: ${help}` : ''}` },
    ];
  }
  return [{ path: issue.path, message: explainIssue(issue, data) ?? issue.message }];
}

function yamlErrors(doc: Document, text: string, file: string | undefined): PolicyError[] {
  return doc.errors.map((error) => {
    const duplicate =
      error.code === 'DUPLICATE_KEY'
        ? /^["']?([^"':#\n]+?)["']?\s*:/.exec(text.slice(error.pos[0]))?.[1]
        : undefined;
    return {
      path: '',
      ...(error.linePos?.[0] ? { line: error.linePos[0].line } : {}),
      message:
        duplicate !== undefined
          ? `the key "${duplicate}" is written twice in the same place (each key must be unique there): keep one of them`
          : `YAML syntax: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
      ...(file !== undefined ? { file } : {}),
    };
  });
}

/**
 * The text of a policy file as plain data (YAML -> JS), or undefined when it is not valid YAML.
 * What `npm run build` keeps for the presets (presets.ts), so start-up need not parse them.
 */
export function yamlData(text: string): unknown {
  const doc = parseDocument(text);
  return doc.errors.length > 0 ? undefined : doc.toJS();
}

/**
 * The policy in a file's plain data when it passes the schema and every check, else undefined
 * (then `parsePolicy` on the text says why, with lines). The same checks as `parsePolicy`.
 */
export function validPolicy(data: unknown): Policy | undefined {
  const parsed = Policy.safeParse(data);
  return parsed.success && checkPolicy(parsed.data).length === 0 ? parsed.data : undefined;
}

/** Parses and validates the text of a policy file; `fileName` is quoted in the errors. */
export function parsePolicy(text: string, fileName?: string): ParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) return { ok: false, errors: yamlErrors(doc, text, fileName) };
  const located = (path: PolicyPath, message: string, near: PolicyPath = path): PolicyError => {
    const line = lineOf(doc, lines, near) ?? 1;
    return {
      path: formatPath(path),
      line,
      message,
      ...(fileName !== undefined ? { file: fileName } : {}),
    };
  };
  const data: unknown = doc.toJS();
  const parsed = Policy.safeParse(data);
  if (!parsed.success) {
    const errors = parsed.error.issues.flatMap((issue) =>
      schemaErrors(issue, data).map((e) => located(e.path, e.message)),
    );
    return { ok: false, errors };
  }
  const issues = checkPolicy(parsed.data);
  if (issues.length > 0) {
    return { ok: false, errors: issues.map((i) => located(i.path, i.message, i.near ?? i.path)) };
  }
  return { ok: true, policy: parsed.data };
}

/** Reads and validates a policy file; a file that cannot be read is an error like any other. */
export function loadPolicyFile(path: string): ParseResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [{ path: '', message: `cannot read the file: ${reason}`, file: path }],
    };
  }
  return parsePolicy(text, path);
}
