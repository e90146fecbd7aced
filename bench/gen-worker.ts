/**
 * Generates the history in a thread of its own, so making the next batch overlaps writing the
 * last one. Each batch goes to every writer's port (SQLite on the main thread, PostgreSQL in
 * bench/pg-worker.ts); a writer hands back a credit for each batch written, and this thread
 * stays at most two batches ahead of the slowest, so memory stays bounded.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { CaseGenerator, type Directory } from './generate.js';

export interface GenWorkerData {
  dir: Directory;
  nowMs: number;
  ports: MessagePort[];
}

export interface BatchMessage {
  batch: import('./generate.js').Batch;
  /** the last batch of the step asked for */
  last: boolean;
}

const BATCH = 2000;
const AHEAD = 2;

const { dir, nowMs, ports } = workerData as GenWorkerData;
const generator = new CaseGenerator(dir, new Date(nowMs));
const credits = ports.map(() => AHEAD);
let until = 0;

function pump(): void {
  while (generator.generated < until && credits.every((c) => c > 0)) {
    const batch = generator.next(Math.min(BATCH, until - generator.generated));
    const last = generator.generated >= until;
    ports.forEach((port, i) => {
      credits[i] = (credits[i] as number) - 1;
      port.postMessage({ batch, last } satisfies BatchMessage);
    });
    if (last) {
      parentPort?.postMessage({ generated: generator.generated, events: generator.events });
    }
  }
}

ports.forEach((port, i) => {
  port.on('message', () => {
    credits[i] = (credits[i] as number) + 1;
    pump();
  });
});
parentPort?.on('message', (message: { until: number }) => {
  until = message.until;
  pump();
});
