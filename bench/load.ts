/**
 * The load steps of the scale benchmark: one generator thread (bench/gen-worker.ts) feeds the
 * SQLite writer on this thread and the PostgreSQL writer in its own (bench/pg-worker.ts), batch
 * by batch, so both databases get the same history and the three kinds of work overlap.
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { BatchMessage, GenWorkerData } from './gen-worker.js';
import type { Directory, sqliteWriter } from './generate.js';

/** The PostgreSQL writer's thread, and a way to ask it things. */
export class PgWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private next = 0;
  private stepDone: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(url: string) {
    this.worker = new Worker(new URL('./pg-worker.js', import.meta.url), { workerData: url });
    this.worker.on(
      'message',
      (m: { id?: number; error?: string; kind?: 'step-written' | 'failed' }) => {
        if (m.kind === 'step-written') {
          this.stepDone?.resolve();
          this.stepDone = undefined;
          return;
        }
        if (m.kind === 'failed') {
          this.fail(new Error(m.error));
          return;
        }
        const w = this.waiting.get(m.id as number);
        this.waiting.delete(m.id as number);
        if (m.error) w?.reject(new Error(m.error));
        else w?.resolve();
      },
    );
    this.worker.on('error', (error) => this.fail(error));
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
    this.stepDone?.reject(error);
    this.stepDone = undefined;
  }

  call(
    kind: 'directory' | 'port' | 'begin' | 'end' | 'close',
    extra: object = {},
    transfer: MessagePort[] = [],
  ): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      const id = this.next++;
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...extra, kind, id }, transfer);
    });
  }

  /** resolves when the worker has written the last batch of the step now running */
  stepWritten(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.failure) reject(this.failure);
      else this.stepDone = { resolve, reject };
    });
  }

  async close(): Promise<void> {
    await this.call('close').catch(() => {});
    await this.worker.terminate();
  }
}

type SqliteWriter = ReturnType<typeof sqliteWriter>;

/** The generator thread, wired to the writers it feeds. */
export class Feed {
  private readonly worker: Worker;
  private readonly sqlitePort: MessagePort | undefined;
  private generatedDone:
    | { resolve: (m: { generated: number; events: number }) => void; reject: (e: Error) => void }
    | undefined;
  private sqliteDone: (() => void) | undefined;
  private failure: Error | undefined;

  private constructor(
    dir: Directory,
    nowMs: number,
    private readonly sqlite: SqliteWriter | undefined,
    pgPort: MessagePort | undefined,
  ) {
    const ports: MessagePort[] = [];
    if (sqlite) {
      const channel = new MessageChannel();
      ports.push(channel.port2);
      this.sqlitePort = channel.port1;
      this.sqlitePort.on('message', ({ batch, last }: BatchMessage) => {
        try {
          sqlite.writeNow(batch);
        } catch (error) {
          this.failure = error as Error;
        }
        this.sqlitePort?.postMessage('credit');
        if (last) this.sqliteDone?.();
      });
    }
    if (pgPort) ports.push(pgPort);
    this.worker = new Worker(new URL('./gen-worker.js', import.meta.url), {
      workerData: { dir, nowMs, ports } satisfies GenWorkerData,
      transferList: ports,
    });
    this.worker.on('message', (m: { generated: number; events: number }) =>
      this.generatedDone?.resolve(m),
    );
    this.worker.on('error', (error) => {
      this.failure = error;
      this.generatedDone?.reject(error);
    });
  }

  static async start(
    dir: Directory,
    nowMs: number,
    sqlite: SqliteWriter | undefined,
    pg: PgWorker | undefined,
  ): Promise<Feed> {
    let pgPort: MessagePort | undefined;
    if (pg) {
      const channel = new MessageChannel();
      await pg.call('port', { port: channel.port1 }, [channel.port1]);
      pgPort = channel.port2;
    }
    return new Feed(dir, nowMs, sqlite, pgPort);
  }

  /** Generates cases until there are `until` in all; resolves when every writer has them. */
  async grow(until: number, pg: PgWorker | undefined): Promise<{ events: number }> {
    const generated = new Promise<{ generated: number; events: number }>((resolve, reject) => {
      this.generatedDone = { resolve, reject };
    });
    const sqliteWritten = this.sqlite
      ? new Promise<void>((resolve) => {
          this.sqliteDone = resolve;
        })
      : Promise.resolve();
    const pgWritten = pg ? pg.stepWritten() : Promise.resolve();
    this.worker.postMessage({ until });
    const [done] = await Promise.all([generated, sqliteWritten, pgWritten]);
    if (this.failure) throw this.failure;
    return { events: done.events };
  }

  async close(): Promise<void> {
    this.sqlitePort?.close();
    await this.worker.terminate();
  }
}
