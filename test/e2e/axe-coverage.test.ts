/**
 * The check that axe has seen every page template (test/e2e/axe-coverage.ts): which templates
 * are pages, and what the end of a run says. No browser needed.
 */
import { describe, expect, it } from 'vitest';
import { axeTestFiles, pageTemplates, uncheckedTemplates } from './axe-coverage.js';

describe('which templates are pages', () => {
  it('counts what a route renders, not layouts, partials, macros or templates others extend', () => {
    const pages = pageTemplates();
    expect(pages).toEqual(
      expect.arrayContaining([
        '404.njk',
        '500.njk',
        'error.njk',
        'start.njk',
        'case/show.njk',
        'case/actions/escalate.njk',
        'raise/check.njk',
        'partnership/dashboard.njk',
      ]),
    );
    for (const notAPage of [
      'base.njk',
      'layout.njk',
      'case/action.njk',
      'case/actions/reason.njk',
      'raise/question.njk',
      'case-lists/table.njk',
      'partnership/table.njk',
      'partials/csrf.njk',
      'authenticator/code-input.njk',
    ]) {
      expect(pages).not.toContain(notAPage);
    }
  });

  it('knows the page test files that run axe', () => {
    expect(axeTestFiles()).toEqual(
      expect.arrayContaining(['test/e2e/start-page.test.ts', 'test/e2e/every-page.test.ts']),
    );
    expect(axeTestFiles()).not.toContain('test/e2e/chromium.test.ts');
  });
});

describe('the end of a run', () => {
  const files = ['test/e2e/a.test.ts', 'test/e2e/b.test.ts'];
  const pages = ['start.njk', 'sign-in.njk', 'case/show.njk'];

  it('says nothing when some page test file did not run its axe checks', () => {
    const records = { files: new Set(['test/e2e/a.test.ts']), templates: new Set<string>() };
    expect(uncheckedTemplates(records, files, pages)).toBeNull();
  });

  it('names every page template no axe check saw', () => {
    const records = { files: new Set(files), templates: new Set(['start.njk']) };
    expect(uncheckedTemplates(records, files, pages)).toEqual(['sign-in.njk', 'case/show.njk']);
    records.templates.add('sign-in.njk').add('case/show.njk');
    expect(uncheckedTemplates(records, files, pages)).toEqual([]);
  });
});
