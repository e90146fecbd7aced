/**
 * Test support: a small fictional partnership written straight into the database DATABASE_URL
 * names, with the test policies of src/domain/case/testing.ts registered, so the case services
 * (raising, running a command, the notifications they queue, the deadline sweeps) can be called
 * directly, without starting the HTTP app: fast enough for `npm run mutate`.
 *
 * Partnership p1 (business unit `unit@p1.example`, governed by `five-stage`):
 * - the school: a worker up a line to the director (the school's board member; the DSL its
 *   deputy), and its DSL;
 * - children's social care (csc): the same line, its director on the executive;
 * - the police: a manager alone (nobody in any other stage's role);
 * - the chair and the partnership team (no agency).
 * Partnership p2: a school with a worker and a social care agency with nobody; no chair, no team.
 */

import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { CaseCommandInput } from '../../src/domain/case/commands.js';
import { CaseCommand } from '../../src/domain/case/commands.js';
import {
  acknowledgedPolicy,
  consultFirstPolicy,
  fiveStagePolicy,
  plannedPolicy,
  preEscalationPolicy,
} from '../../src/domain/case/testing.js';
import type { Role, Sector } from '../../src/domain/policy/schema.js';
import { raiseCase, runCommand } from '../../src/services/cases/index.js';
import type { CaseServiceDeps, CaseView } from '../../src/services/cases/view.js';
import { type Actor, actorById } from '../../src/services/people.js';
import { registerPolicies } from '../../src/services/policy-registry.js';
import { type Db, openStore, type Store } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import {
  createTestDatabase,
  createTestStore,
  destroyTestStore,
  type TestDatabase,
  usingPostgres,
} from './database.js';

const created = '2026-11-01T09:00:00.000Z';
const POLICIES = [
  fiveStagePolicy,
  plannedPolicy,
  acknowledgedPolicy,
  consultFirstPolicy,
  preEscalationPolicy,
];

/** Who is who: [id, role, agency, line manager, partnership, seat]. */
const PEOPLE: [string, Role, string | null, string | null, string, ('board' | 'executive')?][] = [
  ['s-director', 'director', 'school', null, 'p1', 'board'],
  ['s-senior', 'senior-manager', 'school', 's-director', 'p1'],
  ['s-manager', 'manager', 'school', 's-senior', 'p1'],
  ['s-worker', 'frontline', 'school', 's-manager', 'p1'],
  ['s-worker-2', 'frontline', 'school', 's-manager', 'p1'],
  ['s-dsl', 'dsl', 'school', 's-senior', 'p1'],
  ['c-director', 'director', 'csc', null, 'p1', 'executive'],
  ['c-senior', 'senior-manager', 'csc', 'c-director', 'p1'],
  ['c-manager', 'manager', 'csc', 'c-senior', 'p1'],
  ['c-worker', 'frontline', 'csc', 'c-manager', 'p1'],
  ['police-manager', 'manager', 'police', null, 'p1'],
  ['chair', 'chair', null, null, 'p1'],
  ['team', 'partnership-team', null, null, 'p1'],
  ['p2-worker', 'frontline', 'p2-school', null, 'p2'],
];

const AGENCIES: [string, string, Sector][] = [
  ['school', 'p1', 'school'],
  ['csc', 'p1', 'childrens-social-care'],
  ['police', 'p1', 'police'],
  ['p2-school', 'p2', 'school'],
  ['p2-csc', 'p2', 'childrens-social-care'],
];

export interface SmallPartnership {
  store: Store;
  database: TestDatabase;
  db: Db;
  clock: { now: Date };
  deps: CaseServiceDeps;
  actor(id: string): Promise<Actor>;
  /** raises a case as `by` against `against` (default: the school's worker against csc) */
  raise(
    by?: string,
    over?: Partial<Extract<CaseCommandInput, { type: 'raise' }>>,
  ): Promise<CaseView>;
  /** runs a command on a case as `by` */
  run(caseId: string, by: string, command: CaseCommandInput): Promise<CaseView>;
  close(): Promise<void>;
}

export const emailOf = (id: string) => `${id}@p.example`;

async function fillDirectory(db: Db): Promise<void> {
  await registerPolicies(db, POLICIES, created);
  for (const id of ['p1', 'p2']) {
    await db
      .insertInto('partnerships')
      .values({
        id,
        key: id,
        name: `Partnership ${id} (fictional)`,
        policy_id: fiveStagePolicy.id,
        calendar: 'england-and-wales',
        business_unit_email: `unit@${id}.example`,
        created_at: created,
        retention_years: null,
        hub_phone: null,
      })
      .execute();
  }
  for (const [id, partnershipId, sector] of AGENCIES) {
    await db
      .insertInto('agencies')
      .values({
        id,
        partnership_id: partnershipId,
        name: `Agency ${id} (fictional)`,
        sector,
        policy_id: null,
        escalation_manager_id: null,
        board_member_id: null,
        created_at: created,
        duty_email: null,
        duty_phone: null,
      })
      .execute();
  }
  for (const [id, role, agencyId, , partnershipId, seat] of PEOPLE) {
    await db
      .insertInto('people')
      .values({
        id,
        partnership_id: partnershipId,
        agency_id: agencyId,
        email: emailOf(id),
        name: `${id} (fictional)`,
        role,
        line_manager_id: null,
        on_board: seat === 'board' ? 1 : 0,
        on_executive: seat === 'executive' ? 1 : 0,
        phone: null,
        designated_health: 0,
        password_hash: null,
        created_at: created,
      })
      .execute();
  }
  for (const [id, , , lineManager] of PEOPLE) {
    if (lineManager)
      await db
        .updateTable('people')
        .set({ line_manager_id: lineManager })
        .where('id', '=', id)
        .execute();
  }
  await db
    .updateTable('agencies')
    .set({ board_member_id: 's-director', board_deputy_id: 's-dsl' })
    .where('id', '=', 'school')
    .execute();
  await db
    .updateTable('agencies')
    .set({ board_member_id: 'c-director' })
    .where('id', '=', 'csc')
    .execute();
}

/**
 * The small partnership on a fresh SQLite database is a copy of a template file, made once (in
 * the system's temporary folder, named after what it is made of: the migrations, this file and
 * the test policies): migrating and filling a database for each test file took about 1 s of
 * each mutant's run under `npm run mutate`. On PostgreSQL each file migrates and fills its own.
 */
function templateKey(): string {
  const hash = createHash('sha256');
  const here = fileURLToPath(import.meta.url);
  const store = join(dirname(here), '..', '..', 'src', 'store');
  const migrations = readdirSync(join(store, 'migrations')).sort();
  for (const file of [
    here,
    join(store, 'migrate.ts'),
    ...migrations.map((f) => join(store, 'migrations', f)),
  ]) {
    hash.update(readFileSync(file));
  }
  hash.update(JSON.stringify(POLICIES));
  return hash.digest('hex').slice(0, 16);
}

async function fromTemplate(): Promise<{ store: Store; database: TestDatabase }> {
  const template = join(tmpdir(), `escalate-small-partnership-${templateKey()}.db`);
  if (!existsSync(template)) {
    const made = await createTestStore();
    await fillDirectory(made.store.db);
    // written aside, then renamed: another test file may be making it at the same time
    const aside = `${template}.${randomBytes(6).toString('hex')}`;
    await sql`VACUUM INTO ${sql.lit(aside)}`.execute(made.store.db);
    renameSync(aside, template);
    await destroyTestStore(made);
  }
  const database = await createTestDatabase();
  if (database.config.dialect !== 'sqlite') throw new Error('the template is for SQLite only');
  copyFileSync(template, database.config.file);
  const store = openStore(database.config);
  await migrateToLatest(store.db, store.dialect);
  return { store, database };
}

export async function createSmallPartnership(now: string): Promise<SmallPartnership> {
  let t: { store: Store; database: TestDatabase };
  if (usingPostgres()) {
    t = await createTestStore();
    await fillDirectory(t.store.db);
  } else {
    t = await fromTemplate();
  }
  const db = t.store.db;
  const clock = { now: new Date(now) };
  const deps: CaseServiceDeps = { db, now: () => clock.now };
  const actor = async (id: string) => {
    const found = await actorById(db, id);
    if (!found) throw new Error(`no person ${id}`);
    return found;
  };
  return {
    ...t,
    db,
    clock,
    deps,
    actor,
    raise: async (by = 's-worker', over = {}) =>
      raiseCase(
        deps,
        await actor(by),
        CaseCommand.parse({
          type: 'raise',
          category: 'need-for-action',
          children: [{ name: 'Child D (fictional)', dateOfBirth: '2020-03-01' }],
          agencies: ['csc'],
          disagreement: 'The school believes an assessment is needed; social care does not.',
          evidence: { nature: 'Staff observations', source: 'Class records' },
          actionsToDate: 'A referral was made.',
          outcomeSought: 'An assessment.',
          immediateRisk: false,
          ...over,
        }) as Extract<CaseCommand, { type: 'raise' }>,
        'api',
      ),
    run: async (caseId, by, command) =>
      runCommand(deps, await actor(by), caseId, CaseCommand.parse(command), 'api'),
    close: () => destroyTestStore(t),
  };
}

/** The outbox rows queued for a case, oldest first, with their data read. */
export async function outboxOf(db: Db, caseId: string) {
  const rows = await db
    .selectFrom('outbox')
    .select([
      'rule_key',
      'template',
      'recipient_email',
      'recipient_person_id',
      'reason',
      'data',
      'event_seq',
      'status',
      'last_error',
      'idempotency_key',
    ])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('recipient_email')
    .execute();
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}
