/** The background jobs' timing from the environment: defaults, and one clear line when wrong. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('JOB_INTERVAL_MS, OUTBOX_LEASE_SECONDS, OUTBOX_SEND_DEADLINE_SECONDS, OUTBOX_RETRY_SECONDS and READ_ALERT_CASES_PER_HOUR', () => {
  it('default to 5 seconds between ticks, a 2-minute lease, a 30-second send deadline, a 30-second first retry and 50 cases an hour', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).jobs).toEqual({
      intervalMs: 5000,
      leaseSeconds: 120,
      sendDeadlineSeconds: 30,
      retryBaseSeconds: 30,
      readAlertCasesPerHour: 50,
    });
  });

  it('take whole numbers from the environment', () => {
    const env = {
      NODE_ENV: 'test',
      JOB_INTERVAL_MS: '100',
      OUTBOX_LEASE_SECONDS: '2',
      OUTBOX_SEND_DEADLINE_SECONDS: '1',
      OUTBOX_RETRY_SECONDS: '1',
      READ_ALERT_CASES_PER_HOUR: '7',
    };
    expect(loadConfig(env).jobs).toEqual({
      intervalMs: 100,
      leaseSeconds: 2,
      sendDeadlineSeconds: 1,
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

  it('refuse a lease shorter than twice the send deadline, naming both settings', () => {
    // the default lease (120 s) with a deadline of a minute and a half
    expect(() => loadConfig({ NODE_ENV: 'test', OUTBOX_SEND_DEADLINE_SECONDS: '90' })).toThrow(
      /^OUTBOX_LEASE_SECONDS: 120 is less than twice OUTBOX_SEND_DEADLINE_SECONDS \(90\).*set OUTBOX_LEASE_SECONDS to 180 or more, or lower OUTBOX_SEND_DEADLINE_SECONDS$/,
    );
    // the default deadline (30 s) with a 45-second lease
    expect(() => loadConfig({ NODE_ENV: 'test', OUTBOX_LEASE_SECONDS: '45' })).toThrow(
      'OUTBOX_LEASE_SECONDS: 45 is less than twice OUTBOX_SEND_DEADLINE_SECONDS (30)',
    );
    expect(() => loadConfig({ NODE_ENV: 'test', OUTBOX_SEND_DEADLINE_SECONDS: '0' })).toThrow(
      'OUTBOX_SEND_DEADLINE_SECONDS: must be a whole number of at least 1, not "0"',
    );
    expect(
      loadConfig({
        NODE_ENV: 'test',
        OUTBOX_LEASE_SECONDS: '60',
        OUTBOX_SEND_DEADLINE_SECONDS: '30',
      }).jobs?.leaseSeconds,
    ).toBe(60);
  });
});
