/**
 * A stage held by people outside the raiser's own line, chosen by sector (issue 18, item 6):
 * "GP practices escalate through the health commissioner's senior liaison officer, whichever
 * side the GP is on". On a stage, `sectorHolders` says that when a side's agency is of a given
 * sector, that side's holder at the stage is a person in a named role at another agency, found
 * in the directory; the side's own line does not hold it. Pure: the schema, its checks, and the
 * choice among the directory's candidates. Who the candidates are is read by the service
 * (src/services/holders.ts).
 */
import { z } from 'zod';
import type { PolicyIssue } from './checks.js';
import { Role, Sector, Source } from './vocabulary.js';

/** The person who holds a side's stage instead of its own line: found in the directory. */
export const SectorHolderPerson = z.strictObject({
  /** their role in the directory, at an agency (never a partnership-wide role) */
  role: Role,
  /** the sector of the agency they work at (e.g. health, for the health commissioner) */
  sector: Sector.optional(),
  /** only people the directory marks `designatedHealth: true` (the commissioner's designated professionals) */
  designatedHealth: z.boolean().optional(),
});
export type SectorHolderPerson = z.infer<typeof SectorHolderPerson>;

export const SectorHolder = z.strictObject({
  /** when the agency on a side (either side) is of this sector ... */
  forSector: Sector,
  /** ... its holder at this stage is this person, at another agency of the partnership */
  heldBy: SectorHolderPerson,
  source: Source,
});
export type SectorHolder = z.infer<typeof SectorHolder>;

/** The field on a stage, kept here so the stage schema gains one line. */
export const StageSectorHolders = z.array(SectorHolder).min(1).optional();

/** Roles held in the partnership, not at an agency: nobody in them works at an agency. */
const PARTNERSHIP_WIDE: ReadonlySet<Role> = new Set<Role>([
  'partnership-team',
  'chair',
  'panel-member',
  'administrator',
]);

/** The rule of a stage for an agency of this sector, if the stage has one. */
export function sectorHolderFor(
  stage: { sectorHolders?: readonly SectorHolder[] | undefined },
  sector: Sector | string,
): SectorHolder | undefined {
  return stage.sectorHolders?.find((rule) => rule.forSector === sector);
}

/** A person in the directory who might hold a side's stage from outside its agency. */
export interface SectorHolderCandidate {
  id: string;
  name: string;
  role: string;
  agencyId: string;
  agencySector: string;
  designatedHealth: boolean;
}

/**
 * Who holds the stage for `agencyId` under `rule`: the first by name of the people the rule
 * describes, at an agency other than the side's own (it is held outside the side's line), or
 * undefined when the directory has nobody (the stage's holder is then recorded as missing).
 */
export function chooseSectorHolder(
  rule: SectorHolder,
  agencyId: string,
  candidates: readonly SectorHolderCandidate[],
): SectorHolderCandidate | undefined {
  const { role, sector, designatedHealth } = rule.heldBy;
  return [...candidates]
    .filter(
      (p) =>
        p.role === role &&
        p.agencyId !== agencyId &&
        (sector === undefined || p.agencySector === sector) &&
        (designatedHealth !== true || p.designatedHealth),
    )
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))[0];
}

interface StageLike {
  key: string;
  final: boolean;
  sectorHolders?: readonly SectorHolder[] | undefined;
}

/**
 * The checks on `sectorHolders`: a role nobody at an agency can hold, a sector named twice on a
 * stage, a rule on the chair's stage (the partnership holds it), and a holder who could only ever
 * be at the side's own agency.
 */
export function sectorHolderIssues(policy: { stages: readonly StageLike[] }): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  policy.stages.forEach((stage, i) => {
    if (!stage.sectorHolders) return;
    if (stage.final) {
      issues.push({
        path: ['stages', i, 'sectorHolders'],
        message: `stage "${stage.key}" is the chair's stage, held by the chair and the partnership team for both sides, so "sectorHolders" cannot apply there: put it on a stage before the chair's`,
      });
    }
    const seen = new Set<string>();
    stage.sectorHolders.forEach((rule, j) => {
      const path = ['stages', i, 'sectorHolders', j];
      if (seen.has(rule.forSector)) {
        issues.push({
          path: [...path, 'forSector'],
          message: `the sector "${rule.forSector}" is given twice in "sectorHolders" of stage "${stage.key}": one person holds the stage for an agency of that sector, so keep one rule`,
        });
      }
      seen.add(rule.forSector);
      if (PARTNERSHIP_WIDE.has(rule.heldBy.role)) {
        issues.push({
          path: [...path, 'heldBy', 'role'],
          message: `nobody in the directory can hold a side's stage as "${rule.heldBy.role}": that role is held in the partnership, not at an agency. Use a role people hold at an agency: ${Role.options.filter((r) => !PARTNERSHIP_WIDE.has(r)).join(', ')}`,
        });
      }
    });
  });
  return issues;
}
