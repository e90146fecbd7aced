/**
 * Writes generated batches to PostgreSQL in a worker thread, so pg works while the main thread
 * generates the next batch and writes SQLite (both are otherwise synchronous CPU work).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Batch, type Directory, postgresWriter } from './generate.js';

type Message =
  | { id: number; kind: 'directory'; rows: Directory['rows'] }
  | { id: number; kind: 'write'; batch: Batch }
  | { id: number; kind: 'close' };

const writer = await postgresWriter(workerData as string);
parentPort?.on('message', async (message: Message) => {
  try {
    if (message.kind === 'directory') await writer.directory(message.rows);
    else if (message.kind === 'write') await writer.write(message.batch);
    else await writer.close();
    parentPort?.postMessage({ id: message.id });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: String(error) });
  }
});
