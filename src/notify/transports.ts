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
export function once<T>(make: () => Promise<T>): () => Promise<T> {
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

export interface SendOptions {
  /**
   * The send's total deadline (the outbox's): when it aborts, the transport closes its
   * connection at once and rejects, whatever stage the conversation has reached.
   */
  signal?: AbortSignal;
}

export interface Transport {
  send(email: OutgoingEmail, options?: SendOptions): Promise<void>;
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
      // Stryker disable next-line BooleanLiteral: equivalent, because writeFile writes the message's stream as it would its buffer
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

/**
 * Give up early on a server that does not answer at all. These are idle timers (the socket
 * timeout restarts with every byte), so they bound nothing in total: the outbox's send deadline
 * (`signal`) does, by aborting the connection.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function smtpTransport(url: string, from: string): Transport {
  let created: Transporter | undefined;
  const transporter = once(async () => {
    created = (await loadNodemailer()).default.createTransport({ url, ...SMTP_TIMEOUTS });
    return created;
  });
  return {
    async send(email, options) {
      options?.signal?.throwIfAborted();
      // nodemailer closes the connection when the signal aborts, mid-conversation or not
      await (await transporter()).sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        messageId: messageIdFor(email.idempotencyKey),
        signal: options?.signal,
      });
    },
    // Stryker disable next-line ArrowFunction: not seen by a test: closing the pool ends its idle connections sooner, which no test observes
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

type RestClient = (options: object) => Promise<unknown>;

/**
 * The Notify client's HTTP calls have no deadline of their own (axios' `timeout` is an idle
 * timer on the socket). Its request function takes axios options, so each send's requests
 * carry the send's signal, which aborts the request, connection and all, when it fires.
 */
function withSignal(client: NotifyClient, signal: AbortSignal | undefined): NotifyClient {
  const api = (client as unknown as { apiClient?: { restClient?: RestClient } }).apiClient;
  // Stryker disable next-line OptionalChaining: unreachable, because the installed client always has apiClient.restClient
  const request = api?.restClient;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,BlockStatement: unreachable with the installed client (above); the guard names the problem should an upgrade of notifications-node-client change it
  if (!api || !request) {
    // Stryker disable next-line StringLiteral: unreachable, as above
    throw new Error('GOV.UK Notify: this client version cannot be given a deadline');
  }
  api.restClient = (options: object) => request({ ...options, timeout: 30_000, signal });
  return client;
}

/**
 * GOV.UK Notify: one generic template with `subject` and `body` placeholders (its id in
 * NOTIFY_TEMPLATE_ID); Notify's `reference` carries the idempotency key. NOTIFY_BASE_URL
 * points the client elsewhere (a test stub); otherwise it talks to Notify itself.
 */
export function notifyTransport(apiKey: string, templateId: string, baseUrl?: string): Transport {
  const notifyModule = once(() => import('notifications-node-client'));
  return {
    async send(email, options) {
      options?.signal?.throwIfAborted();
      // a client per send (a plain object), so each send's requests carry its own deadline
      const { NotifyClient } = await notifyModule();
      const plain = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
      const client = withSignal(plain, options?.signal);
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
    // Stryker disable next-line StringLiteral: unreachable, because loadConfig refuses the notify transport without NOTIFY_TEMPLATE_ID
    return notifyTransport(mail.notifyApiKey, mail.notifyTemplateId ?? '', mail.notifyBaseUrl);
  }
  return fileTransport(mail.outboxDirectory, mail.from);
}
