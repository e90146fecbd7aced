import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VIEWS } from '../folders.js';
import { createViewEnvironment, watchTemplates } from './views.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function viewsFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'escalate-views-'));
  folders.push(folder);
  writeFileSync(join(folder, 'page.njk'), 'Hello {{ who }}');
  return folder;
}

async function eventually(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

describe('templates in development', () => {
  it('are compiled once and kept while their files do not change', () => {
    const folder = viewsFolder();
    const views = createViewEnvironment({ production: false, serviceName: 'Escalate' }, folder);
    const watcher = watchTemplates(views, folder);
    try {
      const first = views.env.getTemplate('page.njk');
      expect(views.env.getTemplate('page.njk')).toBe(first);
      expect(views.env.render('page.njk', { who: 'Ada' })).toBe('Hello Ada');
    } finally {
      watcher?.close();
    }
  });

  it('show an edit on the next render: the watcher forgets what was compiled', async () => {
    const folder = viewsFolder();
    const views = createViewEnvironment({ production: false, serviceName: 'Escalate' }, folder);
    const watcher = watchTemplates(views, folder);
    expect(watcher).toBeDefined();
    try {
      expect(views.env.render('page.njk', { who: 'Ada' })).toBe('Hello Ada');
      writeFileSync(join(folder, 'page.njk'), 'Goodbye {{ who }}');
      const changed = await eventually(
        () => views.env.render('page.njk', { who: 'Ada' }) === 'Goodbye Ada',
      );
      expect(changed).toBe(true);
    } finally {
      watcher?.close();
    }
  });

  it('without a watcher (production), an edit is not seen: templates are read once', () => {
    const folder = viewsFolder();
    const views = createViewEnvironment({ production: true, serviceName: 'Escalate' }, folder);
    expect(views.env.render('page.njk', { who: 'Ada' })).toBe('Hello Ada');
    writeFileSync(join(folder, 'page.njk'), 'Goodbye {{ who }}');
    expect(views.env.render('page.njk', { who: 'Ada' })).toBe('Hello Ada');
    views.forget();
    expect(views.env.render('page.njk', { who: 'Ada' })).toBe('Goodbye Ada');
  });
});

describe("GOV.UK's page template", () => {
  it('renders the header and footer blocks once with the speed-ups, where stock nunjucks renders them twice', () => {
    const renders = (speedUps: boolean) => {
      const folder = viewsFolder();
      copyFileSync(join(VIEWS, 'base.njk'), join(folder, 'base.njk')); // GOV.UK's template
      writeFileSync(
        join(folder, 'counted.njk'),
        '{% extends "base.njk" %}{% block headerEnd %}header {{ count() }}{% endblock %}' +
          '{% block govukFooter %}footer {{ count() }}{% endblock %}',
      );
      const views = createViewEnvironment({ production: true, serviceName: 'Escalate' }, folder, {
        speedUps,
      });
      let calls = 0;
      views.env.addGlobal('count', () => ++calls);
      const html = views.env.render('counted.njk', {});
      return { calls, html };
    };
    const fast = renders(true);
    const stock = renders(false);
    expect(stock.calls).toBe(4);
    expect(fast.calls).toBe(2);
    expect(fast.html).toContain('<header class="govuk-template__header">');
    expect(fast.html).toContain('<footer class="govuk-template__footer">');
  });
});
