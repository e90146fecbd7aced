/**
 * The documentation holds together: every relative link in README.md and docs/**\/*.md leads to
 * a file in the repository (and a `#fragment` to a heading there), every path in code they name
 * in backticks (`src/...`) exists, every section a comment cites
 * as `docs/NAME.md "Heading"` is a heading of that file, and no file of code cites a document
 * outside the repository (the brief's ARCHITECTURE.md, PRODUCT.md, QUALITY.md or STYLE.md, or one
 * under ../shared). Reading the seed documents
 * themselves from ../shared/seeds (the policy tests) is not a citation and is not checked here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/repository.js';

function filesUnder(folder: string, ending: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(ending))
    .map((name) => join(folder, name).split('\\').join('/'))
    .sort();
}

const MARKDOWN = ['README.md', ...filesUnder('docs', '.md')];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

function headings(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return [...text.matchAll(/^#{1,6} +(.+?) *$/gm)].map((m) => m[1] ?? '');
}

/** The inline links of a Markdown file, outside code blocks and code spans. */
function links(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
    .replace(/^```[\s\S]*?^```/gm, '')
    .replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)].map((m) => m[1] ?? '');
}

describe('the documentation', () => {
  it('has relative links in README.md and docs/ that all lead to a file, and fragments to a heading', () => {
    const broken: string[] = [];
    for (const file of MARKDOWN) {
      for (const link of links(file)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto: and the like
        const [path = '', fragment] = link.split('#');
        const target = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), path);
        if (!target.startsWith(ROOT) || !existsSync(target)) {
          broken.push(`${file}: ${link} (no such file)`);
          continue;
        }
        if (fragment && statSync(target).isFile() && target.endsWith('.md')) {
          const anchors = headings(relative(ROOT, target)).map(anchor);
          if (!anchors.includes(fragment)) broken.push(`${file}: ${link} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('names only files and folders that exist, where README.md and docs/ name a path in code', () => {
    const stale: string[] = [];
    for (const file of MARKDOWN) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/`((?:src|test|bench|policies|bin)\/[\w./-]+)`/g)) {
        const path = m[1] ?? '';
        if (/00N|\*/.test(path)) continue; // a pattern (seed-00N.test.ts), not one file
        if (!existsSync(join(ROOT, path))) stale.push(`${file}: ${path}`);
      }
    }
    expect(stale).toEqual([]);
  });

  it('links every architecture decision record from its index, and the index from the README', () => {
    const index = readFileSync(join(ROOT, 'docs', 'adr', 'README.md'), 'utf8');
    const records = filesUnder('docs/adr', '.md').filter((f) => /\/\d{4}-[^/]+\.md$/.test(f));
    expect(records.length).toBeGreaterThan(1);
    const unlisted = records.filter((f) => !index.includes(`](${f.replace('docs/adr/', '')})`));
    expect(unlisted).toEqual([]);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](docs/adr/README.md)');
  });

  it('gives every decision record a number, a status, and its four parts', () => {
    for (const file of filesUnder('docs/adr', '.md').filter((f) => /\/\d{4}-/.test(f))) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const number = Number(/\/(\d{4})-/.exec(file)?.[1]);
      expect(text, file).toMatch(new RegExp(`^# ${number}\\. `));
      expect(text, file).toMatch(/^- Status: /m);
      for (const part of ['Context', 'Decision', 'Consequences']) {
        expect(text, `${file}: ${part}`).toMatch(new RegExp(`^## ${part}$`, 'm'));
      }
    }
  });

  it('has every section that a source file cites as docs/NAME.md "Heading" (or its start)', () => {
    const missing: string[] = [];
    const sources = [...filesUnder('src', '.ts'), ...filesUnder('test', '.ts')];
    for (const file of sources.filter((f) => f !== 'test/docs-links.test.ts')) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/(docs\/[\w/.-]+\.md) "([^"]+)"/g)) {
        const [, doc = '', cited = ''] = m;
        const section = cited.replace(/\s*\n\s*(\*|\/\/)?\s*/g, ' '); // a comment's line breaks
        if (!existsSync(join(ROOT, doc))) missing.push(`${file}: ${doc} (no such file)`);
        else if (!headings(doc).some((h) => h === section || h.startsWith(`${section}:`))) {
          missing.push(`${file}: ${doc} "${section}"`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('is not cited from the code outside the repository (a brief ARCHITECTURE, PRODUCT, QUALITY or STYLE.md, or ../shared)', () => {
    const outside: string[] = [];
    const code = ['src', 'test', 'bench', 'bin'].flatMap((folder) => filesUnder(folder, '.ts'));
    // this file names them to look for them
    for (const file of code.filter((name) => name !== 'test/docs-links.test.ts')) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\b(ARCHITECTURE|PRODUCT|QUALITY|STYLE)\.md/.test(line))
            outside.push(`${file}:${i + 1}: ${line.trim()}`);
          // ../shared/seeds is where the seed documents are read from, not a citation
          if (/\.\.\/shared(?!\/seeds)/.test(line))
            outside.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(outside).toEqual([]);
  });

  it('does not send README or docs/ readers to ../shared', () => {
    const outside = MARKDOWN.filter((file) =>
      readFileSync(join(ROOT, file), 'utf8').includes('../shared'),
    );
    expect(outside).toEqual([]);
  });
});
