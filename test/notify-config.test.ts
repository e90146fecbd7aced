/** The background jobs' timing from the environment: defaults, and one clear line when wrong. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('JOB_INTERVAL_MS, OUTBOX_LEASE_SECONDS, OUTBOX_RETRY_SECONDS and READ_ALERT_CASES_PER_HOUR', () => {
  it('default to 5 seconds between ticks, a 2-minute lease, a 30-second first retry and 50 cases an hour', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).jobs).toEqual({
      intervalMs: 5000,
      leaseSeconds: 120,
      retryBaseSeconds: 30,
      readAlertCasesPerHour: 50,
    });
  });

  it('take whole numbers from the environment', () => {
    const env = {
      NODE_ENV: 'test',
      JOB_INTERVAL_MS: '100',
      OUTBOX_LEASE_SECONDS: '2',
      OUTBOX_RETRY_SECONDS: '1',
      READ_ALERT_CASES_PER_HOUR: '7',
    };
    expect(loadConfig(env).jobs).toEqual({
      intervalMs: 100,
      leaseSeconds: 2,
      retryBaseSeconds: 1,
      readAlertCasesPerHour: 7,
    });
  });

  it('refuse anything else, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', JOB_INTERVAL_MS: 'soon' })).toThrow(
      'JOB_INTERVAL_MS: must be a whole number of at least 10, not "soon"',
    );
    expect(() => loadConfig({ NODE_ENV: 'test', OUTBOX_LEASE_SECONDS: '0' })).toThrow(
      /^OUTBOX_LEASE_SECONDS: /,
    );
    for (const value of ['0', '-3', '2.5', 'many']) {
      expect(() => loadConfig({ NODE_ENV: 'test', READ_ALERT_CASES_PER_HOUR: value })).toThrow(
        `READ_ALERT_CASES_PER_HOUR: must be a whole number of at least 1, not "${value}"`,
      );
    }
  });
});
