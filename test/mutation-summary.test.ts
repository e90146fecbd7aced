/**
 * `npm run mutate`'s summary (test/support/mutation-summary.mjs): the score as Stryker counts it,
 * and without the static mutants that survived, which no test in the process could see
 * (docs/testing.md "Reading the report").
 */
import { describe, expect, it } from 'vitest';
import { summarise, summaryText } from './support/mutation-summary.mjs';

const mutant = (status: string, isStatic = false) => ({
  status,
  static: isStatic,
  mutatorName: 'EqualityOperator',
  location: { start: { line: 7 } },
});

describe('the mutation summary', () => {
  it('scores killed and timed-out mutants over those counted, and again without static survivors', () => {
    const summary = summarise({
      files: {
        'a.ts': {
          mutants: [mutant('Killed'), mutant('Killed'), mutant('Timeout'), mutant('Survived')],
        },
        'b.ts': {
          mutants: [
            mutant('Survived', true),
            mutant('NoCoverage', true),
            mutant('Killed', true),
            mutant('Ignored'),
            mutant('RuntimeError'),
          ],
        },
      },
    });
    // counted: 4 killed or timed out, 1 survived, 1 static survived, 1 static no coverage
    expect(summary.score).toBeCloseTo((100 * 4) / 7);
    expect(summary.staticSurvivors).toBe(2);
    expect(summary.scoreWithoutStatic).toBeCloseTo((100 * 4) / 5);
    expect(summaryText(summary)).toBe(
      [
        'Mutants: 9; killed 3, timeout 1, survived 2, no coverage 1, ignored 1, errors 1.',
        'Score 57.1 %; without the 2 static mutants that survived (docs/testing.md "Reading the report"): 80.0 %.',
        'The static survivors, to read before taking the second score:',
        '  b.ts:7 EqualityOperator',
        '  b.ts:7 EqualityOperator',
      ].join('\n'),
    );
  });

  it('says n/a where nothing was counted', () => {
    const summary = summarise({ files: { 'a.ts': { mutants: [mutant('Ignored')] } } });
    expect(summaryText(summary)).toContain('Score n/a; without the 0 static mutants that survived');
  });
});
