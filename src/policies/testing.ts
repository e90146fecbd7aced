/** Test support: the presets by id, and the seed documents' text (when the folder is present). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Policy } from '../domain/policy/schema.js';
import { loadPresets, presetsDirectory } from './presets.js';

let cache: Policy[] | undefined;

export function presets(): Policy[] {
  cache ??= loadPresets();
  return cache;
}

export function preset(id: string): Policy {
  const policy = presets().find((p) => p.id === id);
  if (!policy) throw new Error(`no preset ${id}`);
  return policy;
}

/** `../shared/seeds` from the repository root. */
export const seedsDirectory = join(dirname(presetsDirectory()), '..', 'shared', 'seeds');
export const seedsPresent = existsSync(seedsDirectory);

/** Curly quotes made straight and runs of white space made one space, for matching anchors. */
export function normalise(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ');
}

export function seedText(file: string): string {
  return normalise(readFileSync(join(seedsDirectory, file), 'utf8'));
}

/** Every `source` string anywhere in a policy. */
export function sourcesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(sourcesOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'source' && typeof inner === 'string' ? [inner] : sourcesOf(inner),
  );
}
