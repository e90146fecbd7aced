/**
 * Structured logs with pino. No personal data: request bodies are never logged, and the
 * headers that carry credentials are redacted.
 */
import pino, { type LoggerOptions } from 'pino';
import type { Config } from './config.js';

export function loggerOptions(config: Pick<Config, 'nodeEnv'>): LoggerOptions {
  return {
    level: process.env.LOG_LEVEL ?? (config.nodeEnv === 'test' ? 'silent' : 'info'),
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  };
}

export function createLogger(config: Pick<Config, 'nodeEnv'>) {
  return pino(loggerOptions(config));
}
