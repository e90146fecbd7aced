/**
 * Where e-mail goes: an SMTP server (nodemailer), GOV.UK Notify, or, in development, `.eml`
 * files under data/outbox/. Each message's Message-ID is derived from its idempotency key, so a
 * message sent twice after a crash between sending and marking it sent is recognisably the same.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { NotifyClient } from 'notifications-node-client';
import type { Config } from '../config.js';

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

export function messageIdFor(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@escalate>`;
}

function fileNameFor(idempotencyKey: string): string {
  return `${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}.eml`;
}

export function fileTransport(directory: string, from: string): Transport {
  const builder = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  return {
    async send(email) {
      const info = await builder.sendMail({
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

export function smtpTransport(url: string, from: string): Transport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(email) {
      await transporter.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        messageId: messageIdFor(email.idempotencyKey),
      });
    },
    close: () => transporter.close(),
  };
}

/**
 * GOV.UK Notify: one generic template with `subject` and `body` placeholders (its id in
 * NOTIFY_TEMPLATE_ID); Notify's `reference` carries the idempotency key.
 */
export function notifyTransport(apiKey: string, templateId: string, baseUrl?: string): Transport {
  const client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
  return {
    async send(email) {
      await client.sendEmail(templateId, email.to, {
        personalisation: { subject: email.subject, body: email.text },
        reference: email.idempotencyKey,
      });
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
