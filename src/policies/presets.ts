/**
 * The preset registry: the seed policies shipped in the repository's `policies/` folder, one
 * YAML file each, validated on load. A policy's `id` is unique across the presets.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Policy } from '../domain/policy/schema.js';
import { ROOT } from '../repository.js';
import { type PolicyError, PolicyInvalidError } from './errors.js';
import { loadPolicyFile, type ParseResult, parsePolicy, validPolicy } from './load.js';

/** The repository's `policies/` folder. */
export function presetsDirectory(): string {
  return join(ROOT, 'policies');
}

/** The preset files, sorted by name. */
export function presetFiles(directory = presetsDirectory()): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => join(directory, name));
}

/** Problems between presets: duplicate ids, and local versions adapting no loaded partnership policy. */
function crossChecks(policies: { policy: Policy; file: string }[]): PolicyError[] {
  const errors: PolicyError[] = [];
  const byId = new Map<string, Policy>();
  for (const { policy, file } of policies) {
    if (byId.has(policy.id)) {
      errors.push({ path: 'id', file, message: `the id "${policy.id}" is used by another preset` });
    }
    byId.set(policy.id, policy);
  }
  for (const { policy, file } of policies) {
    if (policy.adapts === undefined) continue;
    const adapted = byId.get(policy.adapts);
    if (adapted?.scope !== 'partnership' || adapted.partnership !== policy.partnership) {
      errors.push({
        path: 'adapts',
        file,
        message: `"${policy.adapts}" is not a preset partnership policy of partnership "${policy.partnership}"`,
      });
    }
  }
  return errors;
}

const loadedPresets = new Map<string, Policy[]>();

/**
 * Every preset, validated; throws a PolicyInvalidError with every error when any is invalid.
 * Read once per process: the files are part of the release, not edited while it runs.
 */
export function loadPresets(directory = presetsDirectory()): Policy[] {
  const cached = loadedPresets.get(directory);
  if (cached) return cached;
  const presets = readPresets(directory);
  loadedPresets.set(directory, presets);
  return presets;
}

/**
 * Parsing the presets' YAML was about 0.4 s of start-up (bench/RESULTS.md, session 4), so
 * `npm run build` keeps each preset's YAML as plain data (build-presets.ts), by the SHA-256 of
 * the file's text, in dist/preset-data.json. A file whose text has that digest gives the same
 * data, so the YAML parse is skipped; the schema and every check still run on it. Any other
 * text (an edited preset, a checkout not yet built) is parsed as before.
 */
export function presetDataFile(): string {
  return join(ROOT, 'dist', 'preset-data.json');
}

export function textDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function builtPresetData(): Map<string, unknown> {
  const file = presetDataFile();
  if (!existsSync(file)) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as object));
  } catch {
    return new Map(); // unreadable: parse the YAML, as without it
  }
}

function loadPreset(file: string, built: Map<string, unknown>): ParseResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return loadPolicyFile(file); // which reports the file as unreadable
  }
  const data = built.get(textDigest(text));
  const policy = data === undefined ? undefined : validPolicy(data);
  return policy ? { ok: true, policy } : parsePolicy(text, file);
}

function readPresets(directory: string): Policy[] {
  const loaded: { policy: Policy; file: string }[] = [];
  const errors: PolicyError[] = [];
  const built = builtPresetData();
  for (const file of presetFiles(directory)) {
    const result = loadPreset(file, built);
    if (result.ok) loaded.push({ policy: result.policy, file });
    else errors.push(...result.errors);
  }
  errors.push(...crossChecks(loaded));
  if (errors.length > 0) throw new PolicyInvalidError(errors, `The presets in ${directory}`);
  return loaded.map(({ policy }) => policy);
}

/**
 * A policy by preset id (e.g. "bromley-partnership"), preset file name
 * ("bromley-partnership.yaml") or path to any policy file. Throws when there is none, or when
 * the file is invalid (a PolicyInvalidError with every error).
 */
export function findPolicy(idOrFile: string, directory = presetsDirectory()): Policy {
  const presets = loadPresets(directory);
  const byId = presets.find((policy) => policy.id === idOrFile);
  if (byId) return byId;
  if (existsSync(idOrFile)) {
    const result = loadPolicyFile(idOrFile);
    if (!result.ok) throw new PolicyInvalidError(result.errors, resolve(idOrFile));
    return result.policy;
  }
  const byFileName = presets.find((policy) => `${policy.id}.yaml` === basename(idOrFile));
  if (byFileName) return byFileName;
  const ids = presets.map((policy) => policy.id).join(', ');
  throw new Error(
    `No policy "${idOrFile}": give a preset id (${ids}) or the path to a policy file`,
  );
}
