/**
 * Configuration from the environment (the README's "Configuration").
 * Development has safe defaults; production refuses to start without what it needs.
 * A bad value stops start-up with one clear line naming the variable.
 *
 * Longer than 300 lines because every variable, its default and its one-line error are one schema.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { type TrustProxy, trustProxy } from './trust-proxy.js';

export { ConfigError } from './config-error.js';
export type { TrustProxy } from './trust-proxy.js';

export type DatabaseConfig =
  | { dialect: 'sqlite'; file: string; url: string }
  | { dialect: 'postgres'; url: string };

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** the interface to listen on: all in production (behind a load balancer), loopback otherwise */
  host: string;
  baseUrl: string;
  database: DatabaseConfig;
  sessionSecret: string;
  /** TOTP_ENCRYPTION_KEY: 64 hex digits (32 bytes), the AES-256-GCM key of the TOTP secrets */
  totpEncryptionKey: string;
  mail: {
    from: string;
    transport: 'file' | 'smtp' | 'notify';
    smtpUrl?: string;
    notifyApiKey?: string;
    notifyTemplateId?: string;
    notifyBaseUrl?: string;
    outboxDirectory: string;
  };
  dataDirectory: string;
  /** the background jobs' timing (optional so hand-made test configurations need not set it) */
  jobs?: JobsConfig;
  /**
   * SHUTDOWN_GRACE_MS: on SIGTERM, /readyz answers 503 for this long while requests are still
   * served, so a load balancer stops sending new ones before the server closes (default 0).
   */
  shutdownGraceMs?: number;
  /** SESSION_IDLE_MINUTES (default 30) and SESSION_MAX_HOURS (default 12), in milliseconds */
  sessionLimits?: { idleMs: number; absoluteMs: number };
  /** TRUST_PROXY: the proxies in front whose X-Forwarded-For hops are believed (web/app.ts) */
  trustProxy?: TrustProxy;
  /** OpenID Connect single sign-on, beside passwords; absent when OIDC_ISSUER_URL is not set */
  oidc?: OidcConfig;
}

/** The organisation's identity provider (OIDC_* variables). */
export interface OidcConfig {
  /** OIDC_ISSUER_URL: the issuer identifier; discovery reads its .well-known document */
  issuerUrl: string;
  /** OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: Escalate's registration at the provider */
  clientId: string;
  clientSecret: string;
  /** OIDC_DISPLAY_NAME: who the button names, "Sign in with <displayName>" */
  displayName: string;
  /** plain http is allowed outside production only (a local provider in development and tests) */
  allowHttp: boolean;
}

export interface JobsConfig {
  /** how often each instance runs its jobs (JOB_INTERVAL_MS, default 5000) */
  intervalMs: number;
  /** how long a worker's claim on a notification lasts (OUTBOX_LEASE_SECONDS, default 120) */
  leaseSeconds: number;
  /**
   * the most one send may take, from the claim to the mail service's last answer, after which
   * the connection is closed (OUTBOX_SEND_DEADLINE_SECONDS, default 30); the lease must be at
   * least twice this
   */
  sendDeadlineSeconds: number;
  /** the first retry's delay, doubling each time (OUTBOX_RETRY_SECONDS, default 30) */
  retryBaseSeconds: number;
  /**
   * the read alert: the partnership team is told when one person reads more than this many
   * different cases in an hour (READ_ALERT_CASES_PER_HOUR, default 50)
   */
  readAlertCasesPerHour: number;
}

const Environment = z.enum(['development', 'production', 'test']);

export function parseDatabaseUrl(url: string, cwd: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path.length === 0) {
      throw new ConfigError(
        'DATABASE_URL',
        'give a file after "sqlite:", e.g. sqlite:data/escalate.db',
      );
    }
    const file = path === ':memory:' ? ':memory:' : resolve(cwd, path);
    return { dialect: 'sqlite', file, url };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    return { dialect: 'postgres', url };
  }
  throw new ConfigError(
    'DATABASE_URL',
    'must start with "sqlite:" (e.g. sqlite:data/escalate.db) or "postgres://"',
  );
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `must be a whole number from 0 to 65535, not "${value}"`);
  }
  return port;
}

function parseBaseUrl(value: string | undefined, port: number, nodeEnv: Config['nodeEnv']): string {
  if (value === undefined || value === '') {
    if (nodeEnv === 'production') {
      throw new ConfigError(
        'BASE_URL',
        'is required in production (e.g. https://escalate.example.org)',
      );
    }
    return `http://localhost:${port}`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('BASE_URL', `must be an absolute http(s) URL, not "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('BASE_URL', 'must start with http:// or https://');
  }
  // the links in e-mails and the single sign-on redirect must not send anyone over plain http
  if (nodeEnv === 'production' && url.protocol !== 'https:') {
    throw new ConfigError('BASE_URL', `must start with https:// in production, not "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

/** Development keeps a generated secret under data/ so sessions survive a restart. */
function sessionSecret(
  value: string | undefined,
  nodeEnv: Config['nodeEnv'],
  dataDirectory: string,
): string {
  if (value !== undefined && value !== '') {
    if (value.length < 32) {
      throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters long');
    }
    return value;
  }
  if (nodeEnv === 'production') {
    throw new ConfigError(
      'SESSION_SECRET',
      'is required in production (at least 32 random characters)',
    );
  }
  if (nodeEnv === 'test') return randomBytes(32).toString('hex');
  const file = resolve(dataDirectory, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * The key that encrypts the TOTP secrets at rest: 32 random bytes as 64 hex digits. Development
 * keeps a generated one under data/ (as it does the session secret); production requires it, so
 * the key lives apart from the database (a secrets store, the environment), never beside it.
 */
function totpEncryptionKey(
  value: string | undefined,
  nodeEnv: Config['nodeEnv'],
  dataDirectory: string,
): string {
  if (value !== undefined && value !== '') {
    if (!/^[0-9a-fA-F]{64}$/.test(value)) {
      throw new ConfigError(
        'TOTP_ENCRYPTION_KEY',
        'must be 64 hexadecimal digits (32 random bytes, e.g. from "openssl rand -hex 32")',
      );
    }
    return value.toLowerCase();
  }
  if (nodeEnv === 'production') {
    throw new ConfigError(
      'TOTP_ENCRYPTION_KEY',
      'is required in production: 64 hexadecimal digits, e.g. from "openssl rand -hex 32"',
    );
  }
  if (nodeEnv === 'test') return randomBytes(32).toString('hex');
  const file = resolve(dataDirectory, 'totp-encryption-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('hex');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

function mail(env: NodeJS.ProcessEnv, dataDirectory: string): Config['mail'] {
  const from = env.MAIL_FROM || 'Escalate <no-reply@escalate.invalid>';
  const outboxDirectory = resolve(dataDirectory, 'outbox');
  if (env.SMTP_URL) {
    if (!/^smtps?:\/\//.test(env.SMTP_URL)) {
      throw new ConfigError('SMTP_URL', 'must start with smtp:// or smtps://');
    }
    return { from, transport: 'smtp', smtpUrl: env.SMTP_URL, outboxDirectory };
  }
  if (env.NOTIFY_API_KEY) {
    if (!env.NOTIFY_TEMPLATE_ID) {
      throw new ConfigError(
        'NOTIFY_TEMPLATE_ID',
        'is required with NOTIFY_API_KEY: the id of a Notify e-mail template with ((subject)) and ((body))',
      );
    }
    return {
      from,
      transport: 'notify',
      notifyApiKey: env.NOTIFY_API_KEY,
      notifyTemplateId: env.NOTIFY_TEMPLATE_ID,
      notifyBaseUrl: env.NOTIFY_BASE_URL || undefined,
      outboxDirectory,
    };
  }
  return { from, transport: 'file', outboxDirectory };
}

function wholeNumber(
  env: NodeJS.ProcessEnv,
  variable: string,
  fallback: number,
  min: number,
): number {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new ConfigError(variable, `must be a whole number of at least ${min}, not "${value}"`);
  }
  return parsed;
}

/**
 * A send is cut off at its deadline, and no other worker may claim the notification until the
 * lease ends: the lease must outlast the deadline by a margin as long again (for reading and
 * marking the row, a slow database, clocks a little apart), or one e-mail could go out twice.
 */
function jobs(env: NodeJS.ProcessEnv): JobsConfig {
  const leaseSeconds = wholeNumber(env, 'OUTBOX_LEASE_SECONDS', 120, 1);
  const sendDeadlineSeconds = wholeNumber(env, 'OUTBOX_SEND_DEADLINE_SECONDS', 30, 1);
  if (leaseSeconds < 2 * sendDeadlineSeconds) {
    throw new ConfigError(
      'OUTBOX_LEASE_SECONDS',
      `${leaseSeconds} is less than twice OUTBOX_SEND_DEADLINE_SECONDS (${sendDeadlineSeconds}): a send cut off at its deadline needs as long again before another worker may claim the e-mail, or it could go out twice; set OUTBOX_LEASE_SECONDS to ${2 * sendDeadlineSeconds} or more, or lower OUTBOX_SEND_DEADLINE_SECONDS`,
    );
  }
  return {
    intervalMs: wholeNumber(env, 'JOB_INTERVAL_MS', 5000, 10),
    leaseSeconds,
    sendDeadlineSeconds,
    retryBaseSeconds: wholeNumber(env, 'OUTBOX_RETRY_SECONDS', 30, 1),
    readAlertCasesPerHour: wholeNumber(env, 'READ_ALERT_CASES_PER_HOUR', 50, 1),
  };
}

const OIDC_VARIABLES = [
  'OIDC_ISSUER_URL',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_DISPLAY_NAME',
] as const;

/** All of issuer, client id and secret, or none of them: half a configuration is a mistake. */
function oidc(env: NodeJS.ProcessEnv, nodeEnv: Config['nodeEnv']): OidcConfig | undefined {
  const given = (name: string) => (env[name] ?? '').trim();
  if (OIDC_VARIABLES.every((name) => given(name) === '')) return undefined;
  for (const name of ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET']) {
    if (given(name) === '') {
      const others = OIDC_VARIABLES.filter((other) => given(other) !== '').join(', ');
      throw new ConfigError(
        name,
        `is required for single sign-on (${others} is set); set it, or unset the OIDC_ variables`,
      );
    }
  }
  const issuerUrl = given('OIDC_ISSUER_URL');
  let url: URL;
  try {
    url = new URL(issuerUrl);
  } catch {
    throw new ConfigError(
      'OIDC_ISSUER_URL',
      `must be an absolute https:// URL, not "${issuerUrl}"`,
    );
  }
  const production = nodeEnv === 'production';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !production)) {
    throw new ConfigError(
      'OIDC_ISSUER_URL',
      production
        ? 'must start with https:// in production'
        : 'must start with https:// (or http:// outside production)',
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError(
      'OIDC_ISSUER_URL',
      'must be the issuer identifier alone, without a query, fragment or credentials',
    );
  }
  const displayName = given('OIDC_DISPLAY_NAME') || 'your organisation';
  if (displayName.length > 60) {
    throw new ConfigError('OIDC_DISPLAY_NAME', 'must be 60 characters or fewer');
  }
  return {
    issuerUrl,
    clientId: given('OIDC_CLIENT_ID'),
    // a secret's spaces may be deliberate: kept as given
    clientSecret: env.OIDC_CLIENT_SECRET as string,
    displayName,
    allowHttp: !production,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsedEnv = Environment.safeParse(env.NODE_ENV || 'development');
  if (!parsedEnv.success) {
    throw new ConfigError('NODE_ENV', 'must be development, production or test');
  }
  const nodeEnv = parsedEnv.data;
  const dataDirectory = resolve(cwd, 'data');
  const port = parsePort(env.PORT);
  const database = parseDatabaseUrl(env.DATABASE_URL || 'sqlite:data/escalate.db', cwd);
  return {
    nodeEnv,
    port,
    host: env.HOST || (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
    baseUrl: parseBaseUrl(env.BASE_URL, port, nodeEnv),
    database,
    sessionSecret: sessionSecret(env.SESSION_SECRET, nodeEnv, dataDirectory),
    totpEncryptionKey: totpEncryptionKey(env.TOTP_ENCRYPTION_KEY, nodeEnv, dataDirectory),
    mail: mail(env, dataDirectory),
    dataDirectory,
    jobs: jobs(env),
    shutdownGraceMs: wholeNumber(env, 'SHUTDOWN_GRACE_MS', 0, 0),
    trustProxy: trustProxy(env.TRUST_PROXY),
    sessionLimits: {
      idleMs: wholeNumber(env, 'SESSION_IDLE_MINUTES', 30, 1) * 60 * 1000,
      absoluteMs: wholeNumber(env, 'SESSION_MAX_HOURS', 12, 1) * 60 * 60 * 1000,
    },
    oidc: oidc(env, nodeEnv),
  };
}
