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

  it('`escalate serve` fails readiness for the grace period on SIGTERM, then exits cleanly', async () => {
    const port = await freePort();
    const { child } = await startProcess(
      process.execPath,
      ['bin/escalate.js', 'serve', '--port', String(port)],
      {
        DATABASE_URL: database.url,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        SHUTDOWN_GRACE_MS: '1500',
      },
      /Escalate is running/,
    );
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const stopped = stopProcess(child);
    // during the grace period the server still answers, but says it is not ready
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(await stopped).toEqual({ code: 0, signal: null });
  });
});
