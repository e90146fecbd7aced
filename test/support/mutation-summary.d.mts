/** The types of mutation-summary.mjs (plain JavaScript: `npm run mutate` runs it without a build). */
export interface MutationSummary {
  counts: Record<string, number>;
  staticSurvivors: number;
  /** `file:line Mutator` of each */
  staticSurvivorsAt: string[];
  score: number;
  scoreWithoutStatic: number;
}
export function summarise(report: {
  files: Record<
    string,
    {
      mutants: {
        status: string;
        static?: boolean;
        mutatorName?: string;
        location?: { start: { line: number } };
      }[];
    }
  >;
}): MutationSummary;
export function summaryText(summary: MutationSummary): string;
export function printSummary(file: string): void;
