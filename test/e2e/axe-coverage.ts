/**
 * Vitest's global setup for the check that axe has seen every page template. Each axe check in a
 * page test records the template of the page it checked (from the `x-template` header the app
 * sends in test mode) in a folder made here for the run (test/e2e/browser.ts). At the end of the
 * run, when every page test file has run its axe checks, any page template under
 * src/web/views that none of them checked fails the run, by name.
 *
 * A page template is one a route renders: it extends layout.njk (directly or through another
 * template, like case/action.njk or raise/question.njk) and no template extends it. Layouts,
 * partials and macros (included or imported) are not pages.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT } from '../../src/repository.js';
import { VIEWS } from '../../src/web/folders.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the folder where this run's axe checks are recorded; null: not recorded */
    axeRecords: string | null;
  }
}

function templatesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.njk'))
    .map((name) => name.split('\\').join('/'))
    .sort();
}

/** The page templates under src/web/views (names as `reply.render` takes them). */
export function pageTemplates(views: string = VIEWS): string[] {
  const all = templatesUnder(views);
  const parent = new Map<string, string>();
  for (const name of all) {
    const extended = /{%-?\s*extends\s+"([^"]+)"/.exec(readFileSync(join(views, name), 'utf8'));
    if (extended?.[1]) parent.set(name, extended[1]);
  }
  const extendsLayout = (name: string): boolean => {
    const up = parent.get(name);
    return up === 'layout.njk' || (up !== undefined && extendsLayout(up));
  };
  const extendedByOthers = new Set(parent.values());
  return all.filter((name) => extendsLayout(name) && !extendedByOthers.has(name));
}

/** The page test files that run axe (they call accessibilityViolations, or seen, which calls it). */
export function axeTestFiles(folder: string = join(ROOT, 'test', 'e2e')): string[] {
  return (
    readdirSync(folder)
      .filter((name) => name.endsWith('.test.ts'))
      // axe runs through accessibilityViolations, or seen (browser.ts), which calls it
      .filter((name) =>
        /\b(accessibilityViolations|seen)\(/.test(readFileSync(join(folder, name), 'utf8')),
      )
      .map((name) => `test/e2e/${name}`)
      .sort()
  );
}

/** From the run's records: which test files ran axe, and which templates it checked. */
export function readRecords(folder: string): { files: Set<string>; templates: Set<string> } {
  const files = new Set<string>();
  const templates = new Set<string>();
  for (const name of readdirSync(folder)) {
    for (const line of readFileSync(join(folder, name), 'utf8').split('\n')) {
      const [file, template] = line.split('\t');
      if (!file || !template) continue;
      files.add(relative(ROOT, file).split('\\').join('/'));
      templates.add(template);
    }
  }
  return { files, templates };
}

/**
 * What the end of the run says: nothing when some page test file did not run its axe checks
 * (a run of a few files, or with the page tests skipped); otherwise the page templates no axe
 * check saw, if any.
 */
export function uncheckedTemplates(
  records: { files: Set<string>; templates: Set<string> },
  testFiles: string[] = axeTestFiles(),
  pages: string[] = pageTemplates(),
): string[] | null {
  if (!testFiles.every((file) => records.files.has(file))) return null;
  return pages.filter((page) => !records.templates.has(page));
}

export default function setup(project: TestProject): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'escalate-axe-'));
  project.provide('axeRecords', folder);
  return () => {
    const unchecked = uncheckedTemplates(readRecords(folder));
    rmSync(folder, { recursive: true, force: true });
    if (unchecked !== null && unchecked.length > 0) {
      process.exitCode = 1;
      throw new Error(
        `axe checked no page rendered from these templates: ${unchecked.join(', ')}. ` +
          'Add a page test that opens each and runs accessibilityViolations (test/e2e/browser.ts).',
      );
    }
  };
}
