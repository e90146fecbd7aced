/**
 * The shared SMTP receiver (test/support/smtp-receiver.ts) with the options and `close()` the
 * reliability tests use.
 */
import {
  type Receiver as SharedReceiver,
  startReceiver as start,
} from '../../support/smtp-receiver.js';

export type Receiver = SharedReceiver & { close(): Promise<void> };

export async function startReceiver(
  options: { port?: number; delayMs?: number } = {},
): Promise<Receiver> {
  const receiver = await start(options.port ?? 0, options.delayMs ?? 0);
  return { ...receiver, close: receiver.stop };
}
