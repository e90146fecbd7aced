/**
 * Issue 18, item 6: a stage held by people outside the raiser's own line, chosen by sector ("GP
 * practices escalate through the health commissioner's senior liaison officer, whichever side
 * the GP is on"): the rule's schema, its checks, and the choice among the directory's people.
 */
import { describe, expect, it } from 'vitest';
import { fiveStagePolicy } from '../case/testing.js';
import { checkPolicy } from './checks.js';
import { Policy } from './schema.js';
import {
  chooseSectorHolder,
  type SectorHolder,
  type SectorHolderCandidate,
  sectorHolderFor,
  sectorHolderIssues,
} from './sector-holders.js';

const gpRule: SectorHolder = {
  forSector: 'gp',
  heldBy: { role: 'named-professional', sector: 'health', designatedHealth: true },
  source: 'example-policy.txt 4.2',
};

const person = (over: Partial<SectorHolderCandidate>): SectorHolderCandidate => ({
  id: 'p-x',
  name: 'X',
  role: 'named-professional',
  agencyId: 'a-icb',
  agencySector: 'health',
  designatedHealth: true,
  ...over,
});

/** The five-stage policy with the GP rule on its manager stage (stage 2). */
function withRule(rule: unknown = gpRule, stage = 1): Policy {
  const input = structuredClone(fiveStagePolicy) as unknown as {
    stages: Record<string, unknown>[];
  };
  (input.stages[stage] as Record<string, unknown>).sectorHolders = [rule];
  return Policy.parse(input);
}

describe('sectorHolders: the schema', () => {
  it('a stage may name, per sector, who holds it for an agency of that sector', () => {
    const policy = withRule();
    expect(policy.stages[1]?.sectorHolders).toEqual([gpRule]);
    expect(checkPolicy(policy)).toEqual([]);
  });

  it('refuses a sector outside the vocabulary, for the side and for the holder', () => {
    expect(() => withRule({ ...gpRule, forSector: 'general-practice' })).toThrow();
    expect(() =>
      withRule({ ...gpRule, heldBy: { role: 'named-professional', sector: 'icb' } }),
    ).toThrow();
  });

  it('refuses a holder without a role', () => {
    expect(() => withRule({ ...gpRule, heldBy: { sector: 'health' } })).toThrow();
  });
});

describe('sectorHolders: the checks', () => {
  it('a role held in the partnership, not at an agency, is an error naming the key: nobody in the directory could hold a side in it', () => {
    const policy = withRule({ ...gpRule, heldBy: { role: 'chair' } });
    const issues = sectorHolderIssues(policy);
    expect(issues).toEqual([
      {
        path: ['stages', 1, 'sectorHolders', 0, 'heldBy', 'role'],
        message: expect.stringMatching(
          /^nobody in the directory can hold a side's stage as "chair": that role is held in the partnership, not at an agency\. Use a role people hold at an agency: frontline, manager, dsl, senior-manager, director, named-professional$/,
        ),
      },
    ]);
    expect(checkPolicy(policy)).toEqual(issues);
  });

  it("is an error on the chair's stage, which the partnership holds for both sides", () => {
    const policy = withRule(gpRule, 4);
    expect(checkPolicy(policy).map((i) => i.path.join('.'))).toEqual(['stages.4.sectorHolders']);
  });

  it('is an error to give one sector twice on a stage', () => {
    const input = structuredClone(fiveStagePolicy) as unknown as {
      stages: Record<string, unknown>[];
    };
    (input.stages[1] as Record<string, unknown>).sectorHolders = [gpRule, gpRule];
    const issues = checkPolicy(Policy.parse(input));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toEqual(['stages', 1, 'sectorHolders', 1, 'forSector']);
    expect(issues[0]?.message).toMatch(/the sector "gp" is given twice/);
  });
});

describe('sectorHolders: who holds the stage', () => {
  const policy = withRule();
  const stage = policy.stages[1] as Policy['stages'][number];

  it('applies to an agency of the named sector only', () => {
    expect(sectorHolderFor(stage, 'gp')).toEqual(gpRule);
    expect(sectorHolderFor(stage, 'school')).toBeUndefined();
    expect(sectorHolderFor(policy.stages[0] as Policy['stages'][number], 'gp')).toBeUndefined();
  });

  it('chooses the person in the role at an agency of the holder’s sector, marked designated, first by name', () => {
    const candidates = [
      person({ id: 'p-trust-named', name: 'Aaron Trust', designatedHealth: false }),
      person({ id: 'p-icb-b', name: 'Zoe Liaison' }),
      person({ id: 'p-icb-a', name: 'Mo Liaison' }),
      person({ id: 'p-school', name: 'Abe School', agencySector: 'school' }),
      person({ id: 'p-manager', name: 'Abi Manager', role: 'manager' }),
    ];
    expect(chooseSectorHolder(gpRule, 'a-gp', candidates)?.id).toBe('p-icb-a');
  });

  it('never chooses someone at the side’s own agency: the stage is held outside its line', () => {
    const rule: SectorHolder = { ...gpRule, heldBy: { role: 'named-professional' } };
    const candidates = [
      person({ id: 'p-own', name: 'A Own', agencyId: 'a-gp', agencySector: 'gp' }),
      person({ id: 'p-icb', name: 'B Liaison' }),
    ];
    expect(chooseSectorHolder(rule, 'a-gp', candidates)?.id).toBe('p-icb');
    expect(chooseSectorHolder(rule, 'a-gp', [candidates[0] as SectorHolderCandidate])).toBe(
      undefined,
    );
  });

  it('answers nobody when the directory has nobody the rule describes', () => {
    expect(chooseSectorHolder(gpRule, 'a-gp', [person({ designatedHealth: false })])).toBe(
      undefined,
    );
  });
});

describe('sectorHolders: the messages a policy author reads', () => {
  it("on the chair's stage, and for a sector given twice, in full", () => {
    const input = structuredClone(fiveStagePolicy) as unknown as {
      stages: Record<string, unknown>[];
    };
    (input.stages[4] as Record<string, unknown>).sectorHolders = [gpRule, gpRule];
    expect(checkPolicy(Policy.parse(input))).toEqual([
      {
        path: ['stages', 4, 'sectorHolders'],
        message:
          'stage "chair" is the chair\'s stage, held by the chair and the partnership team for both sides, so "sectorHolders" cannot apply there: put it on a stage before the chair\'s',
      },
      {
        path: ['stages', 4, 'sectorHolders', 1, 'forSector'],
        message:
          'the sector "gp" is given twice in "sectorHolders" of stage "chair": one person holds the stage for an agency of that sector, so keep one rule',
      },
    ]);
  });
});

describe('sectorHolders: who holds the stage, when the rule names less', () => {
  it('without a sector or "designatedHealth", anyone in the role at another agency may hold it', () => {
    const rule: SectorHolder = { ...gpRule, heldBy: { role: 'named-professional' } };
    const candidates = [
      person({ id: 'p-school', name: 'Abe School', agencyId: 'a-school', agencySector: 'school' }),
      person({ id: 'p-icb', name: 'Bea Liaison', designatedHealth: false }),
    ];
    expect(chooseSectorHolder(rule, 'a-gp', candidates)?.id).toBe('p-school');
    expect(chooseSectorHolder(rule, 'a-gp', candidates.slice(1))?.id).toBe('p-icb');
  });

  it('of two people with the same name, the first by id, whatever the directory’s order', () => {
    const candidates = [
      person({ id: 'p-2', name: 'Sam Liaison' }),
      person({ id: 'p-1', name: 'Sam Liaison' }),
    ];
    expect(chooseSectorHolder(gpRule, 'a-gp', candidates)?.id).toBe('p-1');
    expect(chooseSectorHolder(gpRule, 'a-gp', [...candidates].reverse())?.id).toBe('p-1');
  });
});
