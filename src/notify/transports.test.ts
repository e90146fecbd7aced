/**
 * Where e-mail goes (transports.ts): the development transport's files, the Message-ID a resent
 * message keeps, which refusals are permanent, and which transport the configuration chooses.
 * The SMTP and GOV.UK Notify transports against real servers: test/outbox.test.ts and
 * test/notify-govuk-notify.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.js';
import {
  fileTransport,
  isPermanent,
  messageIdFor,
  notifyTransport,
  once,
  PermanentDeliveryError,
  smtpTransport,
  transportFor,
} from './transports.js';

const folder = mkdtempSync(join(tmpdir(), 'escalate-transports-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const email = {
  to: 'reader@agency.example',
  subject: 'Disagreement ESC-TRANS1: now at stage 2',
  text: 'Disagreement ESC-TRANS1 has been escalated.\n',
  idempotencyKey: 'case-1:rule:reader@agency.example',
};

describe('the development transport writes .eml files', () => {
  it('one file per notification, the same file again for a resend, with its Message-ID', async () => {
    const directory = join(folder, 'outbox');
    const transport = fileTransport(directory, 'Escalate <escalate@test.example>');
    await transport.send(email);
    await transport.send(email);
    const files = readdirSync(directory);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{32}\.eml$/);
    const message = readFileSync(join(directory, files[0] as string), 'utf8');
    expect(message).toContain('To: reader@agency.example');
    expect(message).toContain('From: Escalate <escalate@test.example>');
    expect(message).toContain('Subject: Disagreement ESC-TRANS1: now at stage 2');
    expect(message).toContain(`Message-ID: ${messageIdFor(email.idempotencyKey)}`);
    expect(message).toContain('Disagreement ESC-TRANS1 has been escalated.');
    expect(message).not.toContain('\r');
    await transport.send({ ...email, idempotencyKey: 'case-1:rule:other@agency.example' });
    expect(readdirSync(directory)).toHaveLength(2);
  });
});

describe('a resent message is recognisably the same', () => {
  it('its Message-ID comes from its idempotency key alone', () => {
    expect(messageIdFor('a')).toMatch(/^<[0-9a-f]{40}@escalate>$/);
    expect(messageIdFor('a')).toBe(messageIdFor('a'));
    expect(messageIdFor('a')).not.toBe(messageIdFor('b'));
  });
});

describe('which refusals are permanent', () => {
  it('an SMTP 5xx (marked permanent) and a Notify 400 or 403; nothing else', () => {
    expect(isPermanent(new PermanentDeliveryError('400'))).toBe(true);
    expect(isPermanent(Object.assign(new Error('550'), { permanent: true }))).toBe(true);
    expect(isPermanent(Object.assign(new Error('421'), { permanent: 'yes' }))).toBe(false);
    expect(isPermanent(new Error('421'))).toBe(false);
    expect(isPermanent(null)).toBe(false);
    expect(isPermanent(undefined)).toBe(false);
    expect(isPermanent('permanent')).toBe(false);
  });
});

describe('a send whose deadline has passed', () => {
  it('is refused before any connection, by SMTP and by Notify', async () => {
    const signal = AbortSignal.abort(new Error('deadline passed'));
    const smtp = smtpTransport('smtp://127.0.0.1:9', 'Escalate <escalate@test.example>');
    await expect(smtp.send(email, { signal })).rejects.toThrow('deadline passed');
    smtp.close?.();
    const notify = notifyTransport('key', 'template', 'http://127.0.0.1:9');
    await expect(notify.send(email, { signal })).rejects.toThrow('deadline passed');
  });
});

describe('GOV.UK Notify’s refusals, in one line', () => {
  let server: Server;
  let answer: { status: number; body: string };
  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const key = `test-${'0'.repeat(36)}-${'0'.repeat(36)}`;
  const refusal = async (status: number, body: string) => {
    answer = { status, body };
    return notifyTransport(key, 'template', url())
      .send(email, {})
      .catch((error: unknown) => error);
  };

  it('with Notify’s status and words, permanent for a 400 and not for a 500', async () => {
    const bad = await refusal(400, JSON.stringify({ errors: [{ error: 'BadRequestError' }] }));
    expect(bad).toBeInstanceOf(PermanentDeliveryError);
    expect((bad as Error).message).toBe('GOV.UK Notify 400: BadRequestError');
    const down = await refusal(500, JSON.stringify({ errors: [{ message: 'Internal' }] }));
    expect(isPermanent(down)).toBe(false);
    expect((down as Error).message).toBe('GOV.UK Notify 500:  Internal');
    const bare = await refusal(503, JSON.stringify({}));
    expect((bare as Error).message).toBe('GOV.UK Notify 503:');
    const empty = await refusal(502, 'null');
    expect((empty as Error).message).toBe('GOV.UK Notify 502:');
  });

  it('with no answer at all, saying why, to be tried again', async () => {
    const error = await notifyTransport(key, 'template', 'http://127.0.0.1:9')
      .send(email, {})
      .catch((e: unknown) => e);
    expect(isPermanent(error)).toBe(false);
    expect((error as Error).message).toMatch(/^GOV\.UK Notify: connect ECONNREFUSED/);
  });

  it('an SMTP server that does not answer fails the send, with no deadline given', async () => {
    const smtp = smtpTransport('smtp://127.0.0.1:9', 'Escalate <escalate@test.example>');
    await expect(smtp.send(email, {})).rejects.toThrow(/ECONNREFUSED/);
    smtp.close?.();
  });
});

describe('the transport the configuration chooses', () => {
  const mail = (over: Partial<Config['mail']>): Config =>
    ({
      mail: {
        from: 'Escalate <escalate@test.example>',
        transport: 'file',
        outboxDirectory: join(folder, 'chosen'),
        ...over,
      },
    }) as Config;

  it('SMTP with a URL; files when SMTP or Notify is chosen without what it needs', async () => {
    expect(
      transportFor(mail({ transport: 'smtp', smtpUrl: 'smtp://127.0.0.1:9' })).close,
    ).toBeTypeOf('function');
    const closed = 'http://127.0.0.1:9';
    const chosenFile = [
      mail({ transport: 'smtp' }),
      mail({ transport: 'notify' }),
      mail({ smtpUrl: 'smtp://127.0.0.1:9', notifyApiKey: 'key', notifyBaseUrl: closed }),
    ];
    for (const config of chosenFile) {
      const transport = transportFor(config);
      expect(transport.close).toBeUndefined();
      await transport.send({ ...email, idempotencyKey: `${config.mail.transport}-fallback` });
    }
    expect(readdirSync(join(folder, 'chosen'))).toHaveLength(3);
  });
});

describe('a client module loaded on first use (once)', () => {
  it('is made once for every caller, and a failed attempt is tried again next time', async () => {
    let attempts = 0;
    const make = once(async () => {
      attempts++;
      if (attempts === 1) throw new Error('not installed');
      return { made: attempts };
    });
    await expect(make()).rejects.toThrow('not installed');
    expect(await make()).toEqual({ made: 2 });
    expect(await make()).toEqual({ made: 2 });
    expect(attempts).toBe(2);
  });
});
