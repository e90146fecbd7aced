/**
 * Migration 023 (own policies): every policy version already stored is marked as the release's
 * and given its policy's partnership, from its document; the release's files then register as
 * before. On the database DATABASE_URL names.
 */
import { afterAll, expect, it } from 'vitest';
import { loadPresets } from '../src/policies/index.js';
import { registerPolicies } from '../src/services/policy-registry.js';
import { openStore } from '../src/store/database.js';
import { canonicalJson } from '../src/store/hash-chain.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createTestDatabase } from './support/database.js';

const database = await createTestDatabase();
const store = openStore(database.config);
afterAll(async () => {
  await store.close();
  await database.destroy();
});

it('backfills origin and partnership on the versions stored before it', async () => {
  await migrateToLatest(store.db, store.dialect, '022-outcome-stage-names');
  const presets = loadPresets();
  for (const policy of presets) {
    await store.db
      .insertInto('policy_versions')
      .values({
        policy_id: policy.id,
        version: policy.version,
        document: canonicalJson(policy),
        registered_at: '2026-01-01T00:00:00.000Z',
      } as never)
      .execute();
  }
  expect(await migrateToLatest(store.db, store.dialect)).toContain('023-own-policies');
  const rows = await store.db
    .selectFrom('policy_versions')
    .select(['policy_id', 'origin', 'partnership', 'added_by'])
    .orderBy('policy_id')
    .execute();
  expect(rows).toEqual(
    [...presets]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((p) => ({
        policy_id: p.id,
        origin: 'release',
        partnership: p.partnership,
        added_by: null,
      })),
  );
  // the release registers again without a conflict, skipping nothing
  expect(await registerPolicies(store.db, presets, '2026-12-04T00:00:00.000Z')).toEqual({
    skipped: [],
  });
});
