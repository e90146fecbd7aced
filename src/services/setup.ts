import { loadPresets } from '../policies/index.js';
import type { Store } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { registerPolicies } from './policy-registry.js';

/** Migrates and registers the preset policies, so every case can find its pinned version. */
export async function prepareStore(store: Store, now = new Date()): Promise<void> {
  await migrateToLatest(store.db, store.dialect);
  await registerPolicies(store.db, loadPresets(), now.toISOString());
}
