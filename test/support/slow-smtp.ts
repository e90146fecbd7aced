/**
 * A slow mail server for tests: a TCP proxy in front of a real receiver (smtp-receiver.ts) that
 * holds back every answer of its first `slowConnections` connections by `delayMs`, each answer
 * well inside any idle time-out, so only a total deadline can cut such a send short; later
 * connections pass straight through. A client that hangs up is hung up on upstream too, so the
 * receiver never sees the end of a message that was cut off.
 */

import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';

export interface SlowProxy {
  port: number;
  url: string;
  /** connections accepted so far */
  connections(): number;
  stop(): Promise<void>;
}

export function startSlowProxy(
  targetPort: number,
  options: { delayMs: number; slowConnections?: number },
): Promise<SlowProxy> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    const slow = accepted <= (options.slowConnections ?? 1);
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // a reset on either side ends both; it is what the tests provoke, not a failure
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    if (!slow) {
      upstream.pipe(client);
      return;
    }
    // each answer waits its turn: in order, each `delayMs` after the one before
    let last = Promise.resolve();
    upstream.on('data', (chunk: Buffer) => {
      last = last.then(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              if (!client.destroyed) client.write(chunk);
              resolve();
            }, options.delayMs),
          ),
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        port,
        url: `smtp://127.0.0.1:${port}`,
        connections: () => accepted,
        stop: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
