/**
 * A pinned policy version is read once and kept for the life of the process (policy-registry.ts),
 * but per database: two databases may each hold their own version 4 of the same policy (a process
 * opening both is the test suite, whose files share a worker), and a transaction reads what its
 * database keeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../src/domain/policy/schema.js';
import { loadPresets } from '../src/policies/index.js';
import { addPolicy, policyVersion } from '../src/services/policy-registry.js';
import { prepareStore } from '../src/services/setup.js';
import { databaseOf, type Store } from '../src/store/database.js';
import { createTestStore, destroyTestStore, type TestDatabase } from './support/database.js';

const NOW = '2026-11-02T09:30:00.000Z';
const bromley = loadPresets().find((p) => p.id === 'bromley-partnership') as Policy;
const version4 = (title: string): Policy => ({ ...bromley, version: 4, title });

describe('pinned policy versions are kept per database', () => {
  const stores: { store: Store; database: TestDatabase }[] = [];
  beforeAll(async () => {
    for (const title of ['Version 4 of the first database', 'Version 4 of the second database']) {
      const t = await createTestStore();
      await prepareStore(t.store, new Date(NOW));
      await addPolicy(t.store.db, version4(title), { now: NOW, addedBy: 'person-1' });
      stores.push(t);
    }
  });
  afterAll(async () => {
    for (const t of stores) await destroyTestStore(t);
  });

  it('each database reads its own version 4, however often and in whichever order', async () => {
    const [first, second] = stores.map((t) => t.store.db);
    if (!first || !second) throw new Error('two stores');
    for (const db of [first, second, first, second]) {
      const expected = db === first ? 'first' : 'second';
      expect((await policyVersion(db, 'bromley-partnership', 4))?.title).toBe(
        `Version 4 of the ${expected} database`,
      );
    }
  });

  it('a transaction keeps with its database, not one of its own', async () => {
    const db = stores[0]?.store.db;
    if (!db) throw new Error('a store');
    expect(databaseOf(db)).not.toBe(databaseOf(stores[1]?.store.db as typeof db));
    await db.transaction().execute(async (trx) => {
      expect(databaseOf(trx)).toBe(databaseOf(db));
      expect((await policyVersion(trx, 'bromley-partnership', 4))?.title).toBe(
        'Version 4 of the first database',
      );
    });
  });
});
