import type { Command } from 'commander';
import type { Config } from '../config.js';
import { loadConfig } from '../config.js';
import { loadDemoHistory } from '../demo/history.js';
import { loadPresets } from '../policies/index.js';
import { DEMO_PASSWORD, loadDemo } from '../services/demo.js';
import { listPeople } from '../services/people.js';
import type { Store } from '../store/database.js';
import { withStore } from './context.js';

/** The sign-ins worth trying first: one per role a newcomer will want. */
const SHOWN_ROLES = [
  'dsl',
  'frontline',
  'manager',
  'senior-manager',
  'director',
  'partnership-team',
  'chair',
];

export async function loadDemoAndPrint(store: Store, config: Config): Promise<void> {
  const now = new Date().toISOString();
  const policies = loadPresets();
  const withPasswords = config.nodeEnv !== 'production';
  const result = await loadDemo(store.db, policies, { withPasswords, now });
  console.log(
    `Demo loaded: ${result.partnerships} partnerships, ${result.agencies} agencies, ${result.people} people.`,
  );
  if (!withPasswords) {
    console.log('Production: demo people have no passwords.');
    return;
  }
  const cases = await loadDemoHistory(store.db, new Date());
  if (cases > 0) {
    console.log(
      `And ${cases} fictional disagreements in the Bromley partnership, for its dashboard.`,
    );
  }
  const people = (await listPeople(store.db)).filter((p) => p.partnership === 'bscp');
  const shown = SHOWN_ROLES.flatMap((role) => {
    const person = people.find(
      (p) => p.role === role && (role !== 'dsl' || p.agency?.sector === 'early-years'),
    );
    return person ? [person] : [];
  });
  console.log(`\nDemo sign-ins (password for every demo person: ${DEMO_PASSWORD}):`);
  for (const p of shown) {
    console.log(
      `  ${p.email.padEnd(44)} ${p.role.padEnd(17)} ${p.agency?.name ?? 'the partnership'}`,
    );
  }
  console.log(
    'The partnership team, the chair and administrators set up an authenticator app (any TOTP app) at their first sign-in.',
  );
  console.log('Everyone else: npx escalate people list\n');
}

export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description('load the demo partnerships (fictional agencies and people)')
    .action(async () => {
      await withStore((store) => loadDemoAndPrint(store, loadConfig()));
    });
}
