/**
 * `npm start` as a person runs it: the real server process on a temporary database, migrated,
 * with the demo loaded, serving the start page; then a clean stop on SIGTERM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { freePort, startProcess, stopProcess } from './support/process.js';

describe('npm start', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.destroy());

  it('migrates, loads the demo, prints the sign-ins, serves the start page and stops on SIGTERM', async () => {
    const port = await freePort();
    const { child, output } = await startProcess(
      'npm',
      ['start', '--silent'],
      {
        DATABASE_URL: database.url,
        PORT: String(port),
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
      },
      /Escalate is running/,
    );
    try {
      expect(output()).toMatch(/Demo loaded: 3 partnerships/);
      expect(output()).toMatch(/password for every demo person/);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Resolve a professional disagreement');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ok' });
    } finally {
      await stopProcess(child);
    }
  });

  it('`escalate serve` finishes and exits cleanly on SIGTERM', async () => {
    const port = await freePort();
    const { child } = await startProcess(
      process.execPath,
      ['bin/escalate.js', 'serve', '--port', String(port)],
      { DATABASE_URL: database.url, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
      /Escalate is running/,
    );
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(await stopProcess(child)).toEqual({ code: 0, signal: null });
  });
});
