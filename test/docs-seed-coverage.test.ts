/**
 * docs/seed-coverage.md: every row of every seed's table names a test that exists (a file, and
 * the start of a test title in it), or says GAP; every clause it quotes is in its seed document
 * (when the documents are present).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetsDirectory } from '../src/policies/presets.js';
import { normalise, presets, seedsPresent, seedText } from '../src/policies/testing.js';

const root = dirname(presetsDirectory());
const doc = readFileSync(join(root, 'docs', 'seed-coverage.md'), 'utf8');

interface Row {
  seed: string;
  line: number;
  cells: string[];
}

/** The table rows under each "## 00N" heading. */
function rows(): Row[] {
  const found: Row[] = [];
  let seed: string | undefined;
  doc.split('\n').forEach((text, i) => {
    const heading = /^## (\d{3}):/.exec(text);
    if (heading) seed = heading[1];
    else if (text.startsWith('## ')) seed = undefined;
    if (!seed || !text.startsWith('| ') || text.startsWith('| Clause') || text.startsWith('|---'))
      return;
    const cells = text
      .slice(2, -2)
      .split(' | ')
      .map((c) => c.trim());
    found.push({ seed, line: i + 1, cells });
  });
  return found;
}

/** The text of a test file as its titles read (escaped quotes unescaped). */
const source = (path: string) => readFileSync(join(root, path), 'utf8').replace(/\\'/g, "'");

describe('docs/seed-coverage.md', () => {
  const all = rows();

  it('has a table for each of the five seeds, four cells a row, each clause under its own seed', () => {
    expect([...new Set(all.map((r) => r.seed))]).toEqual(['000', '001', '002', '003', '004']);
    for (const row of all) {
      expect(row.cells, `line ${row.line}`).toHaveLength(4);
      expect(row.cells[0], `line ${row.line}`).toMatch(new RegExp(`^${row.seed} `));
    }
  });

  it('names, for every row, a test file and titles that exist in it, or says GAP', () => {
    for (const { line, cells } of all) {
      const cell = cells[3] ?? '';
      const tokens = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
      const files = tokens.filter((token) => token.endsWith('.test.ts'));
      if (files.length === 0) {
        expect(cell, `line ${line}: no test and no GAP`).toMatch(/GAP/);
        continue;
      }
      let file: string | undefined;
      for (const token of tokens) {
        if (token.endsWith('.test.ts')) {
          file = token;
          expect(existsSync(join(root, file)), `line ${line}: ${file}`).toBe(true);
          continue;
        }
        if (!file) throw new Error(`line ${line}: a title before its file`);
        const title = token.replace(/\s*…$/, '');
        expect(source(file), `line ${line}: ${file} has no test titled "${title}"`).toContain(
          title,
        );
      }
    }
  });

  it.skipIf(!seedsPresent)('quotes only words that are in the seed document', () => {
    const documents = new Map(presets().map((p) => [p.document.slice(0, 3), seedText(p.document)]));
    for (const { seed, line, cells } of all) {
      const clause = cells[0] ?? '';
      for (const quote of clause.matchAll(/"([^"]+)"/g)) {
        expect(documents.get(seed), `line ${line}`).toContain(normalise(quote[1] as string));
      }
    }
  });
});
