/**
 * SQLite's access log is committed by a worker thread (src/store/access-log-writer.ts). The
 * guarantee logAccess gives must hold there too: a row's promise resolves only once the row is
 * committed (another connection sees it), a failed commit rejects the rows in it, and closing
 * the store waits for every row already handed over.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessLogWriterOf, openStore } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createTestDatabase, usingPostgres } from './support/database.js';

const row = (id = randomUUID()) => ({
  id,
  case_id: 'case-1',
  person_id: 'person-1',
  action: 'read' as const,
  via: 'api' as const,
  at: '2026-11-02T09:30:00.000Z',
});

describe.skipIf(usingPostgres())('the access-log writer (SQLite)', () => {
  it('resolves once committed, rejects a failed commit, and closing waits for the rest', async () => {
    const database = await createTestDatabase();
    const store = openStore(database.config);
    await migrateToLatest(store.db, store.dialect);
    const writer = accessLogWriterOf(store.db);
    if (!writer) throw new Error('a SQLite file has a writer');
    const other = openStore(database.config); // a second connection: sees only what is committed
    const count = async () =>
      Number(
        (
          await other.db
            .selectFrom('access_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    try {
      await Promise.all(Array.from({ length: 20 }, () => writer.append(row())));
      expect(await count()).toBe(20);

      const taken = randomUUID();
      await writer.append(row(taken));
      await expect(writer.append(row(taken))).rejects.toThrow(/UNIQUE|constraint/i);
      await writer.append(row());
      expect(await count()).toBe(22);

      const last = [writer.append(row()), writer.append(row()), writer.append(row())];
      await store.close();
      await Promise.all(last);
      expect(await count()).toBe(25);
      await expect(writer.append(row())).rejects.toThrow(/closing/);
    } finally {
      await other.close();
      await database.destroy();
    }
  });
});
