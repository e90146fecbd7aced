import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const cwd = () => mkdtempSync(join(tmpdir(), 'escalate-config-'));

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env, cwd());
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has session time-outs of 30 minutes idle and 12 hours in all, or as configured', () => {
    expect(loadConfig({}, cwd()).sessionLimits).toEqual({
      idleMs: 30 * 60 * 1000,
      absoluteMs: 12 * 60 * 60 * 1000,
    });
    const set = loadConfig({ SESSION_IDLE_MINUTES: '10', SESSION_MAX_HOURS: '8' }, cwd());
    expect(set.sessionLimits).toEqual({ idleMs: 10 * 60 * 1000, absoluteMs: 8 * 60 * 60 * 1000 });
    expect(errorOf({ SESSION_IDLE_MINUTES: '0' }).message).toMatch(/^SESSION_IDLE_MINUTES: /);
    expect(errorOf({ SESSION_MAX_HOURS: 'a day' }).message).toMatch(/^SESSION_MAX_HOURS: /);
  });

  it('has development defaults: SQLite under data/, port 3000, file outbox', () => {
    const dir = cwd();
    const config = loadConfig({}, dir);
    expect(config.nodeEnv).toBe('development');
    expect(config.database).toEqual({
      dialect: 'sqlite',
      file: join(dir, 'data/escalate.db'),
      url: 'sqlite:data/escalate.db',
    });
    expect(config.port).toBe(3000);
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.mail.transport).toBe('file');
    expect(config.mail.outboxDirectory).toBe(join(dir, 'data/outbox'));
  });

  it('generates a session secret in development and keeps it under data/', () => {
    const dir = cwd();
    const first = loadConfig({}, dir).sessionSecret;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'data/session-secret'), 'utf8')).toBe(first);
    expect(loadConfig({}, dir).sessionSecret).toBe(first);
  });

  it('generates a TOTP encryption key in development and keeps it under data/', () => {
    const dir = cwd();
    const first = loadConfig({}, dir).totpEncryptionKey;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'data/totp-encryption-key'), 'utf8')).toBe(first);
    expect(loadConfig({}, dir).totpEncryptionKey).toBe(first);
    const given = 'AB'.repeat(32);
    expect(loadConfig({ TOTP_ENCRYPTION_KEY: given }, dir).totpEncryptionKey).toBe('ab'.repeat(32));
  });

  it('reads PostgreSQL, port, base URL and SMTP from the environment', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://u@db.example:5432/escalate',
        PORT: '8080',
        BASE_URL: 'https://escalate.example.org/',
        SMTP_URL: 'smtp://mail.example:25',
        MAIL_FROM: 'Escalate <escalate@example.org>',
      },
      cwd(),
    );
    expect(config.database).toEqual({
      dialect: 'postgres',
      url: 'postgres://u@db.example:5432/escalate',
    });
    expect(config.port).toBe(8080);
    expect(config.baseUrl).toBe('https://escalate.example.org');
    expect(config.mail).toMatchObject({ transport: 'smtp', smtpUrl: 'smtp://mail.example:25' });
  });

  it('trusts no proxy unless TRUST_PROXY says how many stand in front', () => {
    expect(loadConfig({}, cwd()).trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '2' }, cwd()).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.1,loopback' }, cwd()).trustProxy).toEqual(
      ['10.0.0.0/8', '192.0.2.1', 'loopback'],
    );
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /sqlite:.*postgres:\/\//],
    [{ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL', /give a file/],
    [{ PORT: 'eighty' }, 'PORT', /whole number/],
    [{ PORT: '70000' }, 'PORT', /0 to 65535/],
    [{ BASE_URL: 'not a url' }, 'BASE_URL', /absolute/],
    [{ BASE_URL: 'ftp://example.org' }, 'BASE_URL', /http/],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV', /development, production or test/],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET', /32 characters/],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL', /smtp:\/\//],
    [
      { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) },
      'BASE_URL',
      /required in production/,
    ],
    [
      { NODE_ENV: 'production', BASE_URL: 'https://e.example' },
      'SESSION_SECRET',
      /required in production/,
    ],
    [
      { NODE_ENV: 'production', BASE_URL: 'https://e.example', SESSION_SECRET: 'x'.repeat(40) },
      'TOTP_ENCRYPTION_KEY',
      /required in production/,
    ],
    [
      { NODE_ENV: 'production', BASE_URL: 'http://e.example', SESSION_SECRET: 'x'.repeat(40) },
      'BASE_URL',
      /must start with https:\/\/ in production/,
    ],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY', /whole number/],
    [{ TRUST_PROXY: '-1' }, 'TRUST_PROXY', /CIDR/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY', /CIDR/],
    [{ TRUST_PROXY: 'proxy.example' }, 'TRUST_PROXY', /CIDR/],
    [{ TOTP_ENCRYPTION_KEY: 'secret' }, 'TOTP_ENCRYPTION_KEY', /64 hexadecimal digits/],
    [{ TOTP_ENCRYPTION_KEY: 'g'.repeat(64) }, 'TOTP_ENCRYPTION_KEY', /64 hexadecimal digits/],
  ])('refuses %o with one line naming %s', (env, variable, message) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).not.toContain('\n');
  });

  it('reads OpenID Connect single sign-on: all of issuer, client and secret, or none', () => {
    expect(loadConfig({}, cwd()).oidc).toBeUndefined();
    const oidc = {
      OIDC_ISSUER_URL: 'https://login.example.gov.uk/tenant',
      OIDC_CLIENT_ID: 'escalate',
      OIDC_CLIENT_SECRET: 'a secret from the identity provider',
    };
    expect(loadConfig(oidc, cwd()).oidc).toEqual({
      issuerUrl: 'https://login.example.gov.uk/tenant',
      clientId: 'escalate',
      clientSecret: 'a secret from the identity provider',
      displayName: 'your organisation',
      allowHttp: true,
    });
    expect(
      loadConfig({ ...oidc, OIDC_DISPLAY_NAME: 'Bromley Council' }, cwd()).oidc?.displayName,
    ).toBe('Bromley Council');
    const production = {
      NODE_ENV: 'production',
      BASE_URL: 'https://escalate.example.org',
      SESSION_SECRET: 's'.repeat(40),
      TOTP_ENCRYPTION_KEY: 'ab'.repeat(32),
    };
    expect(loadConfig({ ...production, ...oidc }, cwd()).oidc?.allowHttp).toBe(false);
    expect(errorOf({ OIDC_ISSUER_URL: oidc.OIDC_ISSUER_URL }).message).toMatch(
      /^OIDC_CLIENT_ID: is required for single sign-on \(OIDC_ISSUER_URL is set\)/,
    );
    expect(errorOf({ ...oidc, OIDC_CLIENT_SECRET: '' }).message).toMatch(/^OIDC_CLIENT_SECRET: /);
    expect(errorOf({ OIDC_DISPLAY_NAME: 'Bromley Council' }).message).toMatch(
      /^OIDC_ISSUER_URL: is required/,
    );
    expect(errorOf({ ...oidc, OIDC_ISSUER_URL: 'login.example' }).message).toMatch(
      /^OIDC_ISSUER_URL: must be an absolute https:\/\/ URL/,
    );
    expect(errorOf({ ...oidc, OIDC_ISSUER_URL: 'ftp://login.example' }).message).toMatch(
      /^OIDC_ISSUER_URL: must start with https:\/\//,
    );
    expect(
      errorOf({ ...production, ...oidc, OIDC_ISSUER_URL: 'http://login.example' }).message,
    ).toBe('OIDC_ISSUER_URL: must start with https:// in production');
    expect(errorOf({ ...oidc, OIDC_ISSUER_URL: 'https://login.example/?x=1' }).message).toMatch(
      /^OIDC_ISSUER_URL: must be the issuer identifier alone/,
    );
    expect(errorOf({ ...oidc, OIDC_DISPLAY_NAME: 'x'.repeat(61) }).message).toMatch(
      /^OIDC_DISPLAY_NAME: /,
    );
  });
});
