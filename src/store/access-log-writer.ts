/**
 * The access log of a SQLite database, written from a worker thread with its own connection.
 *
 * Every read of a case is logged, durably, before it is answered (services/cases.ts logAccess).
 * better-sqlite3 is synchronous, so on the main thread each commit's fsync stopped the whole
 * server until the disk answered: 1 to 13 ms a batch on this machine, in which no other request
 * moved (bench/RESULTS.md, session 3). Here the worker commits while the main thread goes on
 * serving; the rows that arrive meanwhile wait, and go together in the next commit as soon as it
 * is done (group commit: the busier the server, the more reads share an fsync).
 *
 * The guarantee is the one logAccess always gave: a read's promise resolves only after the
 * transaction holding its row has committed (synchronous=FULL, WAL), and rejects if that failed.
 * The worker is a second connection, so a write on the main connection that arrives while the
 * worker commits waits for it (busy timeout), as it would wait for any other process.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { AccessLogTable } from './schema.js';

/** At most this many rows in one commit. */
const MAX_BATCH = 1000;

// Plain CommonJS run by the worker (eval), so it needs no build step and runs the same from
// src/ under Vitest and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const insert = db.prepare(workerData.sql);
const insertAll = db.transaction((rows) => { for (const row of rows) insert.run(row); });
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    insertAll.immediate(message.rows);
    parentPort.postMessage({ batch: message.batch });
  } catch (error) {
    parentPort.postMessage({ batch: message.batch, error: String((error && error.message) || error) });
  }
});
`;

/** A row of every column (typed: a new column must be added here), to compile the INSERT from. */
export const ACCESS_LOG_SAMPLE: AccessLogTable = {
  id: '',
  case_id: '',
  person_id: '',
  action: 'read',
  via: 'page',
  at: '',
};
/** The columns in the order the worker binds them: the order of the INSERT compiled from SAMPLE. */
const ACCESS_LOG_COLUMNS = Object.keys(ACCESS_LOG_SAMPLE) as (keyof AccessLogTable)[];

interface Waiting {
  rows: unknown[][];
  done: { resolve: () => void; reject: (error: Error) => void }[];
}

export interface AccessLogWriter {
  /** resolves once the row is committed */
  append(row: AccessLogTable): Promise<void>;
  /** waits for every row appended so far, then stops the worker */
  close(): Promise<void>;
}

export function accessLogWriter(options: {
  file: string;
  /** the pragmas the main connection runs (durability, foreign keys, busy timeout) */
  pragmas: readonly string[];
  /** the INSERT of ACCESS_LOG_SAMPLE, as Kysely compiles it: its columns, in their order */
  sql: string;
}): AccessLogWriter {
  let worker: Worker | undefined;
  let waiting: Waiting = { rows: [], done: [] };
  let inFlight: (Waiting & { batch: number }) | undefined;
  let scheduled = false;
  let batches = 0;
  let closing: Promise<void> | undefined;
  let drained: (() => void) | undefined;

  function settle(error?: Error) {
    const finished = inFlight;
    inFlight = undefined;
    worker?.unref();
    for (const d of finished?.done ?? []) {
      if (error) d.reject(error);
      else d.resolve();
    }
    if (waiting.rows.length > 0) send();
    else drained?.();
  }

  function start(): Worker {
    const started = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: options.file,
        pragmas: options.pragmas,
        sql: options.sql,
      },
      // it holds a few rows at a time: keep its heap small (resident memory, bench/RESULTS.md)
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    started.unref();
    started.on('message', (answer: { batch: number; error?: string }) => {
      if (answer.batch !== inFlight?.batch) return;
      settle(answer.error === undefined ? undefined : new Error(answer.error));
    });
    const lost = (error: Error) => {
      if (worker === started) worker = undefined;
      if (inFlight) settle(error);
    };
    started.on('error', lost);
    started.on('exit', (code) => lost(new Error(`the access-log writer stopped (exit ${code})`)));
    return started;
  }

  function send() {
    scheduled = false;
    if (inFlight || waiting.rows.length === 0) return;
    const all = waiting;
    const taken: Waiting = {
      rows: all.rows.slice(0, MAX_BATCH),
      done: all.done.slice(0, MAX_BATCH),
    };
    waiting = { rows: all.rows.slice(MAX_BATCH), done: all.done.slice(MAX_BATCH) };
    inFlight = { ...taken, batch: ++batches };
    worker ??= start();
    worker.ref(); // a commit in flight keeps the process alive until it is answered
    worker.postMessage({ batch: inFlight.batch, rows: inFlight.rows });
  }

  return {
    append(row) {
      if (closing !== undefined) return Promise.reject(new Error('the database is closing'));
      return new Promise<void>((resolve, reject) => {
        waiting.rows.push(ACCESS_LOG_COLUMNS.map((column) => row[column]));
        waiting.done.push({ resolve, reject });
        // the reads that arrive together (this turn of the event loop) share the first commit;
        // while one is in flight, the rest wait for it to finish (settle sends them)
        if (!inFlight && !scheduled) {
          scheduled = true;
          setImmediate(send);
        }
      });
    },
    close() {
      closing ??= (async () => {
        if (inFlight || waiting.rows.length > 0) {
          await new Promise<void>((resolve) => {
            drained = resolve;
            if (!inFlight) send();
          });
        }
        const stopping = worker;
        worker = undefined;
        if (stopping) {
          const exited = new Promise((resolve) => stopping.once('exit', resolve));
          stopping.ref(); // until it has closed its connection and gone
          stopping.postMessage('close');
          await exited;
        }
      })();
      return closing;
    },
  };
}
