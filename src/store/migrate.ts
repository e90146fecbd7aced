/**
 * Kysely migrations, listed in code (not read from a folder) so they run the same from src/ and
 * dist/. Never alter a column in place: add a column and backfill, or rebuild the table.
 */
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './database.js';
import type { Dialect } from './dialect.js';
import { directoryAndEvents } from './migrations/001-directory-and-events.js';
import { cases } from './migrations/002-cases.js';
import { deadlineSweeps } from './migrations/003-deadline-sweeps.js';
import { closureDays } from './migrations/004-closure-days.js';
import { sessions } from './migrations/005-sessions.js';
import { scaleIndexes } from './migrations/006-scale-indexes.js';
import { stageSpells } from './migrations/007-stage-spells.js';
import { signInBackOff } from './migrations/008-sign-in-back-off.js';
import { signInMethod } from './migrations/009-sign-in-method.js';
import { secondFactors } from './migrations/010-second-factors.js';
import { retention } from './migrations/011-retention.js';
import { accessLogByTime } from './migrations/012-access-log-by-time.js';
import { recoveryCodes } from './migrations/013-recovery-codes.js';
import { figureRollups } from './migrations/014-figure-rollups.js';
import { caseListOrder } from './migrations/015-case-list-order.js';
import { contacts } from './migrations/016-contacts.js';
import { childKeys } from './migrations/017-child-keys.js';
import { partnershipCaseList } from './migrations/018-partnership-case-list.js';
import { outboxLeaseToken } from './migrations/019-outbox-lease-token.js';
import { boardDeputies } from './migrations/020-board-deputies.js';
import { hubPhone } from './migrations/021-hub-phone.js';
import { outcomeStageNames } from './migrations/022-outcome-stage-names.js';
import { ownPolicies } from './migrations/023-own-policies.js';
import { acknowledgements } from './migrations/024-acknowledgements.js';
import { actionPlans } from './migrations/026-action-plans.js';

function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001-directory-and-events': directoryAndEvents(dialect),
    '002-cases': cases(dialect),
    '003-deadline-sweeps': deadlineSweeps,
    '004-closure-days': closureDays,
    '005-sessions': sessions,
    '006-scale-indexes': scaleIndexes,
    '007-stage-spells': stageSpells,
    '008-sign-in-back-off': signInBackOff,
    '009-sign-in-method': signInMethod,
    '010-second-factors': secondFactors,
    '011-retention': retention(dialect),
    '012-access-log-by-time': accessLogByTime,
    '013-recovery-codes': recoveryCodes,
    '014-figure-rollups': figureRollups,
    '015-case-list-order': caseListOrder,
    '016-contacts': contacts,
    '017-child-keys': childKeys,
    '018-partnership-case-list': partnershipCaseList,
    '019-outbox-lease-token': outboxLeaseToken,
    '020-board-deputies': boardDeputies,
    '021-hub-phone': hubPhone,
    '022-outcome-stage-names': outcomeStageNames,
    '023-own-policies': ownPolicies,
    '024-acknowledgements': acknowledgements,
    '026-action-plans': actionPlans,
  };
}

class CodeMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/**
 * Brings the database up to the latest schema (or, for tests of a migration, up to `target`);
 * returns the names of the migrations applied.
 */
export async function migrateToLatest(
  db: Db,
  dialect: Dialect,
  target?: string,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new CodeMigrationProvider(dialect),
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await (target
    ? migrator.migrateTo(target)
    : migrator.migrateToLatest());
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
