import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PolicyInvalidError } from './errors.js';
import { parsePolicy, validPolicy, yamlData } from './load.js';
import { findPolicy, loadPresets, presetFiles, presetsDirectory } from './presets.js';
import { presets, seedsDirectory, seedsPresent, seedText, sourcesOf } from './testing.js';

const here = dirname(fileURLToPath(import.meta.url));
const SEED_TESTS: Record<string, string> = {
  '000_79cfd3201b063709.txt': 'seed-000.test.ts',
  '001_2ba9829c509ef13e.txt': 'seed-001.test.ts',
  '002_bc950ad84b2976ce.txt': 'seed-002.test.ts',
  '003_cc7916261d75d3a6.txt': 'seed-003.test.ts',
  '004_f3cf3532c32e5aa0.txt': 'seed-004.test.ts',
};

describe('the presets', () => {
  it('give the same policy from the data `npm run build` keeps as from their YAML', () => {
    for (const file of presetFiles()) {
      const text = readFileSync(file, 'utf8');
      const parsed = parsePolicy(text, file);
      expect(parsed.ok).toBe(true);
      const kept = JSON.parse(JSON.stringify(yamlData(text)));
      expect(validPolicy(kept)).toEqual(parsed.ok ? parsed.policy : undefined);
    }
  });

  it('are not taken from kept data that fails the schema or the checks', () => {
    expect(validPolicy({ id: 'x' })).toBeUndefined();
    const data = yamlData(readFileSync(presetFiles()[0] as string, 'utf8')) as {
      stages: unknown[];
    };
    expect(validPolicy({ ...data, stages: [] })).toBeUndefined();
  });

  it('are found in the repository policies/ folder', () => {
    expect(basename(presetsDirectory())).toBe('policies');
    expect(presetFiles().map((f) => basename(f))).toEqual([
      'bromley-partnership.yaml',
      'bromley-ready-steady-grow-preschool.yaml',
      'bromley-st-james-preschool.yaml',
      'bscb-partnership.yaml',
      'torbay-white-rock-preschool.yaml',
    ]);
  });

  it('all load, one per seed document, each id matching its file name', () => {
    const loaded = loadPresets();
    expect(loaded.map((p) => p.document).sort()).toEqual(Object.keys(SEED_TESTS));
    expect(loaded.map((p) => `${p.id}.yaml`)).toEqual(presetFiles().map((f) => basename(f)));
    expect(new Set(loaded.map((p) => p.id)).size).toBe(loaded.length);
  });

  it('name no person: signatories and contacts are roles and offices', () => {
    for (const file of presetFiles()) {
      const text = readFileSync(file, 'utf8');
      for (const name of [
        'Ashby',
        'Mason',
        'Fiander',
        'Lockley',
        'Jeannette',
        'Rebecca',
        'Sally',
        'Karen',
      ]) {
        expect(text, `${basename(file)} names ${name}`).not.toContain(name);
      }
    }
  });

  it('cite their own seed document in every source', () => {
    for (const policy of presets()) {
      for (const source of sourcesOf(policy)) {
        expect(source.startsWith(`${policy.document} `), `${policy.id}: ${source}`).toBe(true);
      }
    }
  });

  it.skipIf(!seedsPresent)(
    'cite clauses, headings and quoted anchors that appear in the seed text (skipped when ../shared/seeds is absent)',
    () => {
      for (const policy of presets()) {
        const text = seedText(policy.document);
        for (const source of sourcesOf(policy)) {
          const clause = source.slice(policy.document.length + 1);
          const quoted = [...clause.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
          if (quoted.length > 0) {
            for (const anchor of quoted) expect(text, `${policy.id}: ${source}`).toContain(anchor);
            continue;
          }
          const anchor = clause.replace(/ \(.*\)$/, '');
          if (/^\d+(\.\d+)*$/.test(anchor)) {
            expect(text, `${policy.id}: ${source}`).toMatch(
              new RegExp(`(^|\\s)${anchor.replace('.', '\\.')}\\s`),
            );
          } else {
            expect(text, `${policy.id}: ${source}`).toContain(anchor);
          }
        }
      }
    },
  );

  it('have a test named after every source they cite', () => {
    for (const policy of presets()) {
      const file = SEED_TESTS[policy.document] as string;
      const tests = readFileSync(join(here, file), 'utf8').replace(/\\"/g, '"');
      for (const source of new Set(sourcesOf(policy))) {
        expect(
          tests.includes(`${source}:`) || tests.includes(`${source}'`),
          `${file} cites ${source}`,
        ).toBe(true);
      }
    }
  });

  it.runIf(!seedsPresent)('seed source checks are skipped: no seeds folder', () => {
    console.warn(`Seed documents not found at ${seedsDirectory}: anchor checks skipped.`);
  });
});

describe('loadPresets', () => {
  function tempPresets(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'escalate-presets-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }
  const bscb = readFileSync(join(presetsDirectory(), 'bscb-partnership.yaml'), 'utf8');

  it('throws with every error of every invalid preset', () => {
    const dir = tempPresets({
      'a.yaml': bscb.replace('version: 3', 'version: 0'),
      'b.yaml': bscb.replace('id: bscb-partnership', 'id: other').replace('dueTime', 'dueTim'),
    });
    expect(() => loadPresets(dir)).toThrow(PolicyInvalidError);
    try {
      loadPresets(dir);
    } catch (error) {
      const errors = (error as PolicyInvalidError).errors;
      expect(errors.map((e) => `${basename(e.file ?? '')} ${e.path}`)).toEqual([
        'a.yaml version',
        'b.yaml dueTim',
      ]);
    }
  });

  it('refuses two presets with the same id', () => {
    const dir = tempPresets({ 'a.yaml': bscb, 'b.yaml': bscb });
    expect(() => loadPresets(dir)).toThrow(/the id "bscb-partnership" is used by another preset/);
  });

  it('refuses a local version adapting no preset partnership policy', () => {
    const local = bscb
      .replace('scope: partnership', 'scope: agency\nadapts: missing-policy')
      .replace('id: bscb-partnership', 'id: local');
    const dir = tempPresets({ 'a.yaml': bscb, 'b.yaml': local });
    expect(() => loadPresets(dir)).toThrow(/"missing-policy" is not a preset partnership policy/);
  });

  it('reads only .yaml files', () => {
    const dir = tempPresets({ 'a.yaml': bscb, 'notes.txt': 'not a policy' });
    expect(loadPresets(dir).map((p) => p.id)).toEqual(['bscb-partnership']);
    expect(readdirSync(dir)).toHaveLength(2);
  });
});

describe('findPolicy', () => {
  it('finds a preset by id', () => {
    expect(findPolicy('bscb-partnership').document).toBe('004_f3cf3532c32e5aa0.txt');
  });

  it('finds a preset by file name', () => {
    expect(findPolicy('bromley-partnership.yaml').id).toBe('bromley-partnership');
  });

  it('loads a policy file by path', () => {
    expect(
      findPolicy(join(presetsDirectory(), 'torbay-white-rock-preschool.yaml')).partnership,
    ).toBe('tscp');
  });

  it('throws every error of an invalid file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'escalate-policy-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'id: Bad\n');
    expect(() => findPolicy(file)).toThrow(PolicyInvalidError);
  });

  it('throws naming the presets for an unknown id', () => {
    expect(() => findPolicy('no-such-policy')).toThrow(/bromley-partnership/);
  });
});
