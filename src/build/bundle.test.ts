import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../repository.js';
import { BUNDLE_EXTERNAL, bundleOptions, writeBundle } from './bundle.js';

const root = ROOT;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  bin: Record<string, string>;
};

describe('the bundle escalate runs (ADR 33)', () => {
  it('leaves out only packages a deployment installs: each is a dependency, not a development one', () => {
    for (const name of BUNDLE_EXTERNAL) expect(manifest.dependencies, name).toHaveProperty(name);
  });

  it('is what the escalate command runs: the bundle of the compiled command line', () => {
    const options = bundleOptions(root);
    expect(options.entryPoints).toEqual([join(root, 'dist', 'cli', 'main.js')]);
    const bin = readFileSync(join(root, manifest.bin.escalate ?? ''), 'utf8');
    expect(bin).toContain("new URL('../dist/bundle/main.js', import.meta.url)");
    expect(join(root, 'bin', '../dist/bundle')).toBe(options.outdir);
  });
});

describe('writing the bundle', () => {
  it('rewrites no file when nothing changed, and removes only what the new build no longer has', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'escalate-bundle-'));
    try {
      writeFileSync(join(folder, 'main.js'), "export const main = () => import('./command.js');\n");
      writeFileSync(join(folder, 'command.js'), 'export const run = () => 1;\n');
      const options = { ...bundleOptions(folder), entryPoints: [join(folder, 'main.js')] };
      const outdir = options.outdir as string;
      const files = () => readdirSync(outdir, { recursive: true, encoding: 'utf8' }).sort();

      expect(await writeBundle(options)).toEqual({ written: 4, removed: 0 }); // main and a chunk, each with its map
      const before = files();
      const times = before.map((name) => statSync(join(outdir, name)).mtimeMs);
      expect(await writeBundle(options)).toEqual({ written: 0, removed: 0 });
      expect(files()).toEqual(before);
      expect(before.map((name) => statSync(join(outdir, name)).mtimeMs)).toEqual(times);

      writeFileSync(join(folder, 'command.js'), 'export const run = () => 2;\n');
      writeFileSync(join(outdir, 'left-over.js'), '');
      const changed = await writeBundle(options);
      expect(changed.removed).toBe(3); // the old chunk, its map and the file no build wrote
      expect(files()).not.toContain('left-over.js');
      expect(files()).toHaveLength(before.length);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
