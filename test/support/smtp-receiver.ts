/**
 * A real SMTP receiver (smtp-server) on loopback for notification tests: records each message
 * per recipient with its Message-ID, subject and decoded body.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  messageId: string;
  subject: string;
  /** the body with quoted-printable soft breaks and escapes undone */
  body: string;
}

export interface Receiver {
  port: number;
  url: string;
  /** one entry per recipient of every message accepted */
  received: ReceivedMail[];
  /** "Message-ID recipient" pairs accepted more than once */
  duplicates(): string[];
  stop(): Promise<void>;
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function parse(raw: string): Omit<ReceivedMail, 'to'> {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) =>
    new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(unfolded)?.[1]?.trim() ?? '';
  return {
    messageId: header('Message-ID'),
    subject: header('Subject'),
    body: decodeQuotedPrintable(rest.join('\n\n')),
  };
}

/** Starts a receiver on `port` (0: any free port); `delayMs` slows each acceptance. */
export function startReceiver(port = 0, delayMs = 0, into: ReceivedMail[] = []): Promise<Receiver> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const mail = parse(raw);
        // recorded when accepted: a slow acceptance can be caught in progress
        setTimeout(() => {
          for (const rcpt of session.envelope.rcptTo) into.push({ to: rcpt.address, ...mail });
          callback();
        }, delayMs);
      });
    },
  });
  return new Promise((resolve, reject) => {
    let listening = false;
    // Before it listens, an error (a port in use) fails the start. After, an error is a client
    // that hung up mid-message (a killed server, a send cut off at its deadline): what a real
    // mail server shrugs off, and left unheard it would end the test run.
    server.on('error', (error) => {
      if (!listening) reject(error);
    });
    server.listen(port, '127.0.0.1', () => {
      listening = true;
      const { port: bound } = server.server.address() as AddressInfo;
      resolve({
        port: bound,
        url: `smtp://127.0.0.1:${bound}`,
        received: into,
        duplicates() {
          const seen = new Set<string>();
          const twice = new Set<string>();
          for (const { messageId, to } of into) {
            const key = `${messageId} ${to}`;
            if (seen.has(key)) twice.add(key);
            seen.add(key);
          }
          return [...twice];
        },
        stop: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
