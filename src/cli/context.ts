/**
 * What most commands need: the configuration and an open, migrated store with the preset
 * policies registered, closed afterwards.
 */
import { loadConfig } from '../config.js';
import { prepareStore } from '../services/setup.js';
import { openStore, type Store } from '../store/database.js';

export async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = openStore(config.database);
  try {
    await prepareStore(store);
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Prints JSON (for --json) or a plain table of the given columns. */
export function printRows<T>(
  rows: T[],
  json: boolean,
  columns: [string, (row: T) => string][],
): void {
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const cells = rows.map((row) => columns.map(([, cell]) => cell(row)));
  const widths = columns.map(([title], i) =>
    Math.max(title.length, ...cells.map((c) => (c[i] ?? '').length)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(columns.map(([title]) => title)));
  for (const row of cells) console.log(line(row));
}
