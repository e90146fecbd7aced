/**
 * Loads the demo partnerships (src/demo/directory.ts) on top of the preset policies. In
 * development and test every demo person gets the demo password; in production none does.
 */
import { hash } from '@node-rs/argon2';
import { type DemoPolicies, demoDirectory } from '../demo/directory.js';
import type { Policy } from '../domain/policy/schema.js';
import type { Db } from '../store/database.js';
import { type DirectoryImportResult, importDirectory } from './directory.js';

/** Fine for a demo on a laptop; never set in production. */
export const DEMO_PASSWORD = 'escalate-demo-2026';

/** Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

function presetFor(policies: readonly Policy[], seedPrefix: string): string {
  const policy = policies.find((p) => p.document.startsWith(seedPrefix));
  if (!policy) throw new Error(`No preset encodes seed ${seedPrefix}`);
  return policy.id;
}

export function demoPolicies(policies: readonly Policy[]): DemoPolicies {
  return {
    bromleyPartnership: presetFor(policies, '002_'),
    bromleyPreschoolA: presetFor(policies, '000_'),
    bromleyPreschoolB: presetFor(policies, '001_'),
    torbay: presetFor(policies, '003_'),
    bscb: presetFor(policies, '004_'),
  };
}

export async function loadDemo(
  db: Db,
  policies: readonly Policy[],
  options: { withPasswords: boolean; now: string },
): Promise<DirectoryImportResult> {
  const passwordHash = options.withPasswords ? await hashPassword(DEMO_PASSWORD) : undefined;
  return importDirectory(db, demoDirectory(demoPolicies(policies)), {
    policyIds: new Set(policies.map((p) => p.id)),
    policies: new Map(policies.map((p) => [p.id, { partnership: p.partnership, scope: p.scope }])),
    passwordHashFor: async () => passwordHash,
    now: options.now,
  });
}

export async function isDirectoryEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('partnerships').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
