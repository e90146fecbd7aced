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

/**
 * The rules that keep both sides told (docs/policies.md "Keeping both sides informed"), as each
 * preset has them: what each rule sends, to whom, so a seed's test can name its clause.
 */
export function bothSidesRules(policy: Policy) {
  const rule = (key: string) => policy.notifications.find((r) => r.key === key);
  return {
    otherAgencyTold: () =>
      expectRule(rule('other-agency-told'), 'case-raised', [
        { kind: 'agency-contact', side: 'other' },
        { kind: 'holders', side: 'other' },
      ]),
    holdersTold: () =>
      expectRule(rule('holders-told'), 'stage-entered', [{ kind: 'holders', side: 'all' }]),
    raiserKeptInformed: () =>
      expectRule(rule('raiser-kept-informed'), 'stage-entered', [{ kind: 'raiser' }]),
    outcomeBothSides: (alsoRaiser: boolean) =>
      expectRule(rule('outcome-both-sides'), 'outcome', [
        { kind: 'holders', side: 'all' },
        ...(alsoRaiser ? [{ kind: 'raiser' }] : []),
      ]),
  };
}

function expectRule(
  rule: Policy['notifications'][number] | undefined,
  on: string,
  to: Record<string, string>[],
): void {
  if (!rule) throw new Error('the preset has no such rule');
  if (rule.on !== on) throw new Error(`the rule is on ${rule.on}, not ${on}`);
  if (rule.stages) throw new Error('the rule is limited to some stages: it must fire at every one');
  if (JSON.stringify(rule.to) !== JSON.stringify(to)) {
    throw new Error(`the rule sends to ${JSON.stringify(rule.to)}, not ${JSON.stringify(to)}`);
  }
}
