/**
 * Issue 18, items 3 and 6: the validator's messages for `sectorHolders` name the key and list
 * what is allowed; the keys an author might reach for instead point to it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from './load.js';

const bromley = readFileSync('policies/bromley-partnership.yaml', 'utf8');

/** Bromley's policy with `block` (YAML lines) added to its manager stage. */
function withBlock(block: string): string {
  return bromley.replace(/\n {2}- key: senior-manager/, `\n${block}\n\n  - key: senior-manager`);
}

function errorsOf(text: string) {
  const result = parsePolicy(text, 'mine.yaml');
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('sectorHolders: validator messages', () => {
  it('an unknown sector names the key and lists the sectors', () => {
    const errors = errorsOf(
      withBlock(`    sectorHolders:
      - forSector: general-practice
        heldBy: { role: named-professional, sector: health }
        source: mine.txt 4.2`),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('stages[1].sectorHolders[0].forSector');
    expect(errors[0]?.message).toMatch(/"general-practice" is not allowed for "forSector"/);
    expect(errors[0]?.message).toMatch(/early-years, school, childrens-social-care, health, gp/);
  });

  it('a role nobody at an agency holds is an error at the key, with its line', () => {
    const errors = errorsOf(
      withBlock(`    sectorHolders:
      - forSector: gp
        heldBy: { role: partnership-team }
        source: mine.txt 4.2`),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('stages[1].sectorHolders[0].heldBy.role');
    expect(errors[0]?.line).toBeGreaterThan(1);
    expect(errors[0]?.message).toMatch(
      /^nobody in the directory can hold a side's stage as "partnership-team"/,
    );
  });

  it('"heldBySector", a key an author might reach for, points to "sectorHolders"', () => {
    const errors = errorsOf(
      withBlock(`    heldBySector:
      - gp`),
    );
    expect(errors[0]?.message).toMatch(
      /^unknown key "heldBySector": a stage held by people outside the raiser's line, chosen by sector, is written on the stage as "sectorHolders"/,
    );
  });
});
