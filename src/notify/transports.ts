/**
 * Where e-mail goes: an SMTP server (nodemailer), GOV.UK Notify, or, in development, `.eml`
 * files under data/outbox/. Each message's Message-ID is derived from its idempotency key, so a
 * message sent twice after a crash between sending and marking it sent is recognisably the same.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import type { NotifyClient } from 'notifications-node-client';
import type { Config } from '../config.js';

/**
 * nodemailer and the Notify client (with axios) are about a quarter of a second of module
 * loading, so they are loaded at the first message, not at start-up (bench/RESULTS.md, session 4).
 */
let nodemailerModule: Promise<typeof import('nodemailer')> | undefined;
const loadNodemailer = () => {
  nodemailerModule ??= import('nodemailer');
  return nodemailerModule;
};

/** Makes a value on first use only, once (a failed attempt is tried again next time). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  idempotencyKey: string;
}

export interface Transport {
  send(email: OutgoingEmail): Promise<void>;
  close?(): void;
}

/** A refusal that retrying cannot change (a bad address, a rejected key): the outbox stops. */
export class PermanentDeliveryError extends Error {
  readonly permanent = true;
}

/** nodemailer marks SMTP 5xx replies `permanent`; Notify's 400 and 403 become PermanentDeliveryError. */
export function isPermanent(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { permanent?: unknown }).permanent === true
  );
}

export function messageIdFor(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@escalate>`;
}

function fileNameFor(idempotencyKey: string): string {
  return `${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}.eml`;
}

export function fileTransport(directory: string, from: string): Transport {
  const builder = once(async () =>
    (await loadNodemailer()).default.createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'unix',
    }),
  );
  return {
    async send(email) {
      const info = await (await builder()).sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        messageId: messageIdFor(email.idempotencyKey),
      });
      await mkdir(directory, { recursive: true });
      // The same key writes the same file: a repeat after a crash overwrites, never doubles.
      await writeFile(join(directory, fileNameFor(email.idempotencyKey)), info.message as Buffer);
    },
  };
}

/** Short enough that a send never outlives its lease in the outbox (LEASE_SECONDS). */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function smtpTransport(url: string, from: string): Transport {
  let created: Transporter | undefined;
  const transporter = once(async () => {
    created = (await loadNodemailer()).default.createTransport({ url, ...SMTP_TIMEOUTS });
    return created;
  });
  return {
    async send(email) {
      await (await transporter()).sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        messageId: messageIdFor(email.idempotencyKey),
      });
    },
    close: () => created?.close(),
  };
}

interface NotifyFailure {
  response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } };
  message?: string;
}

/** Notify's answer in one line; 400 (bad request) and 403 (bad key) will not change on retry. */
function notifyError(error: unknown): Error {
  const failure = error as NotifyFailure;
  const status = failure.response?.status;
  const first = failure.response?.data?.errors?.[0];
  if (status === undefined) return new Error(`GOV.UK Notify: ${failure.message ?? String(error)}`);
  const message = `GOV.UK Notify ${status}: ${first?.error ?? ''} ${first?.message ?? ''}`.trim();
  return status === 400 || status === 403
    ? new PermanentDeliveryError(message)
    : new Error(message);
}

/**
 * The Notify client's HTTP calls have no time-out of their own; one that hung past the outbox
 * lease could be sent twice. Its request function takes axios options, so add one.
 */
function withTimeout(client: NotifyClient): void {
  const api = (client as unknown as { apiClient?: { restClient?: (o: object) => unknown } })
    .apiClient;
  const request = api?.restClient;
  if (!api || !request) return;
  api.restClient = (options: object) => request({ ...options, timeout: 30_000 });
}

/**
 * GOV.UK Notify: one generic template with `subject` and `body` placeholders (its id in
 * NOTIFY_TEMPLATE_ID); Notify's `reference` carries the idempotency key. NOTIFY_BASE_URL
 * points the client elsewhere (a test stub); otherwise it talks to Notify itself.
 */
export function notifyTransport(apiKey: string, templateId: string, baseUrl?: string): Transport {
  const notifyClient = once(async () => {
    const { NotifyClient } = await import('notifications-node-client');
    const client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
    withTimeout(client);
    return client;
  });
  return {
    async send(email) {
      const client = await notifyClient();
      try {
        await client.sendEmail(templateId, email.to, {
          personalisation: { subject: email.subject, body: email.text },
          reference: email.idempotencyKey,
        });
      } catch (error) {
        throw notifyError(error);
      }
    },
  };
}

export function transportFor(config: Config): Transport {
  const { mail } = config;
  if (mail.transport === 'smtp' && mail.smtpUrl) return smtpTransport(mail.smtpUrl, mail.from);
  if (mail.transport === 'notify' && mail.notifyApiKey) {
    return notifyTransport(mail.notifyApiKey, mail.notifyTemplateId ?? '', mail.notifyBaseUrl);
  }
  return fileTransport(mail.outboxDirectory, mail.from);
}
