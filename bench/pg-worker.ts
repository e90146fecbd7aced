/**
 * Writes generated batches to PostgreSQL in a worker thread, so pg works while the main thread
 * writes SQLite and the generator thread makes the next batch. Batches arrive on a port from
 * bench/gen-worker.ts; each one written is acknowledged there (a credit) and, at the end of a
 * step, to the main thread.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { BatchMessage } from './gen-worker.js';
import { type Directory, postgresWriter } from './generate.js';

type Message =
  | { id: number; kind: 'directory'; rows: Directory['rows'] }
  | { id: number; kind: 'port'; port: MessagePort }
  | { id: number; kind: 'begin' | 'end' | 'close' };

const writer = await postgresWriter(workerData as string);
let queue: Promise<void> = Promise.resolve();

function fail(error: unknown): void {
  parentPort?.postMessage({ kind: 'failed', error: String(error) });
}

parentPort?.on('message', async (message: Message) => {
  try {
    if (message.kind === 'directory') await writer.directory(message.rows);
    else if (message.kind === 'port') {
      message.port.on('message', ({ batch, last }: BatchMessage) => {
        queue = queue
          .then(async () => {
            await writer.write(batch);
            message.port.postMessage('credit');
            if (last) parentPort?.postMessage({ kind: 'step-written' });
          })
          .catch(fail);
      });
    } else if (message.kind === 'begin') await writer.beginLoad();
    else if (message.kind === 'end') await writer.endLoad();
    else await writer.close();
    parentPort?.postMessage({ id: message.id });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: String(error) });
  }
});
