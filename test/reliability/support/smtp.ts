/**
 * A real SMTP receiver on loopback (smtp-server) that counts every message by its Message-ID,
 * so a test can tell a notification sent twice from two notifications. `delayMs` makes each
 * message slow to accept, so a delivery tick can be caught in progress.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Receiver {
  port: number;
  url: string;
  /** one entry per recipient of every message accepted */
  received: { to: string; messageId: string }[];
  /** Message-IDs accepted more than once */
  duplicates(): string[];
  close(): Promise<void>;
}

export function startReceiver(
  options: { port?: number; delayMs?: number } = {},
): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const messageId = /^Message-ID:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? '';
        setTimeout(() => {
          for (const rcpt of session.envelope.rcptTo)
            received.push({ to: rcpt.address, messageId });
          callback();
        }, options.delayMs ?? 0);
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const port = (server.server.address() as AddressInfo).port;
      resolve({
        port,
        url: `smtp://127.0.0.1:${port}`,
        received,
        duplicates() {
          const seen = new Set<string>();
          const twice = new Set<string>();
          for (const { messageId, to } of received) {
            const key = `${messageId} ${to}`;
            if (seen.has(key)) twice.add(key);
            seen.add(key);
          }
          return [...twice];
        },
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
