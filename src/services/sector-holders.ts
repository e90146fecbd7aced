/**
 * The directory's side of `sectorHolders` (issue 18, item 6; docs/adr/0029): who at the
 * partnership's agencies could hold a side's stage from outside its agency, and the warnings
 * `policy add` gives when nobody in the directory fits a rule.
 */
import type { PolicyIssue } from '../domain/policy/checks.js';
import {
  chooseSectorHolder,
  type Policy,
  type Role,
  type SectorHolderCandidate,
} from '../domain/policy/schema.js';
import type { Db } from '../store/database.js';

/** Everyone at an agency of the partnership who could hold a side's stage from outside it. */
export async function sectorHolderCandidates(
  db: Db,
  partnershipId: string,
  /** at least one: every sectorHolders rule names a role */
  roles: readonly Role[],
): Promise<SectorHolderCandidate[]> {
  const rows = await db
    .selectFrom('people')
    .innerJoin('agencies', 'agencies.id', 'people.agency_id')
    .select([
      'people.id',
      'people.name',
      'people.role',
      'people.agency_id',
      'people.designated_health',
      'agencies.sector',
    ])
    .where('agencies.partnership_id', '=', partnershipId)
    .where('people.role', 'in', [...roles])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    // the inner join with agencies: everyone here works at an agency
    agencyId: r.agency_id as string,
    agencySector: r.sector,
    designatedHealth: Boolean(r.designated_health),
  }));
}

/**
 * Warnings for `policy add` (CLI and API): a `sectorHolders` rule that nobody in the partnership's
 * directory fits, so an agency of that sector would have nobody holding the stage for it (recorded
 * as missing on each case). Nothing to say while the partnership has no directory yet.
 */
export async function sectorHolderWarnings(db: Db, policy: Policy): Promise<PolicyIssue[]> {
  const rules = policy.stages.flatMap((stage) => stage.sectorHolders ?? []);
  // Stryker disable next-line ConditionalExpression: equivalent on SQLite, where Stryker runs: asking for people in no roles finds nobody there, while PostgreSQL refuses an empty IN list (stage-holders.test.ts shows it on PostgreSQL)
  if (rules.length === 0) return [];
  const partnership = await db
    .selectFrom('partnerships')
    .select('id')
    .where('key', '=', policy.partnership)
    .executeTakeFirst();
  if (!partnership) return [];
  const candidates = await sectorHolderCandidates(db, partnership.id, [
    ...new Set(rules.map((r) => r.heldBy.role)),
  ]);
  const warnings: PolicyIssue[] = [];
  policy.stages.forEach((stage, i) => {
    stage.sectorHolders?.forEach((rule, j) => {
      // Stryker disable next-line StringLiteral: equivalent, because '' (no agency of a side yet) and any other id that is no agency's exclude nobody
      if (chooseSectorHolder(rule, '', candidates)) return;
      const { role, sector, designatedHealth } = rule.heldBy;
      const who = `a "${role}"${sector ? ` at an agency of sector "${sector}"` : ''}${designatedHealth ? ' marked designatedHealth' : ''}`;
      warnings.push({
        path: ['stages', i, 'sectorHolders', j, 'heldBy'],
        message: `nobody in partnership "${policy.partnership}"'s directory is ${who}, so at stage "${stage.key}" an agency of sector "${rule.forSector}" would have nobody holding it (recorded as missing on the case): add that person to the directory`,
      });
    });
  });
  return warnings;
}
