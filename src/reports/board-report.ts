/**
 * The board report for a quarter or a year: the dashboard's figures, the themes they show,
 * and the learning for the partnership recorded when cases were resolved or decided. Pure:
 * it shapes figures and learning already read; HTML and PDF both render this.
 */
import type { Chart } from './charts.js';
import type { Figures } from './figures/index.js';
import type { Table } from './tables.js';

export interface Learning {
  reference: string;
  /** when it was recorded (resolution or decision), ISO */
  at: string;
  stage: string;
  how: string;
  text: string;
}

export interface BoardReport {
  partnership: string;
  title: string;
  periodLabel: string;
  generatedAt: string;
  /** one-line filters other than the period, or none */
  filters: string[];
  figures: Figures;
  headlines: string[];
  themes: string[];
  tables: Table[];
  charts: Chart[];
  learning: Learning[];
}

const percent = (n: number) => `${Math.round(n * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** The numbers a board member reads first, as sentences. */
export function headlines(f: Figures): string[] {
  const lines = [
    `${plural(f.totals.raised, 'disagreement')} raised, ${plural(f.totals.immediateRisk, 'case')} of them with a child at immediate risk.`,
    `${plural(f.totals.closed, 'case')} closed; ${plural(f.totals.openNow, 'case')} open now, ${f.totals.overdueNow.toLocaleString('en-GB')} of them overdue.`,
  ];
  const timed = f.stages.filter((s) => s.closedWithTimescale > 0);
  const closed = timed.reduce((n, s) => n + s.closedWithTimescale, 0);
  const inTime = timed.reduce((n, s) => n + s.closedInTime, 0);
  if (closed > 0) {
    lines.push(
      `${percent(inTime / closed)} of stages with a timescale ended within it; ${plural(f.totals.lateStages, 'stage')} ran late.`,
    );
  }
  const beyond = f.stages.filter((s) => s.stage >= 3).reduce((n, s) => n + s.entered, 0);
  if (f.stages.length > 0) {
    lines.push(`${plural(beyond, 'escalation')} reached stage 3 or beyond.`);
  }
  return lines;
}

/** Where working together is hardest: the commonest category, pairs, and the latest stage. */
export function themes(f: Figures): string[] {
  const found: string[] = [];
  const [topCategory] = f.categories;
  if (topCategory && f.totals.raised > 0) {
    found.push(
      `${topCategory.label} was the commonest cause of disagreement (${plural(topCategory.count, 'case')}, ${percent(topCategory.count / f.totals.raised)} of those raised).`,
    );
  }
  for (const pair of f.agencyPairs.slice(0, 3).filter((p) => p.count > 1)) {
    found.push(
      `${pair.raisingAgency} raised ${plural(pair.count, 'disagreement')} with ${pair.otherAgency}.`,
    );
  }
  const late = [...f.stages]
    .filter((s) => s.late > 0)
    .sort((a, b) => b.late / b.entered - a.late / a.entered || b.late - a.late)[0];
  if (late) {
    found.push(
      `Stage ${late.stage} (${late.name}) ran late most often: ${plural(late.late, 'time')} in ${late.entered}.`,
    );
  }
  const panels = f.outcomes
    .filter((o) => o.outcome === 'panel-decision' || o.outcome === 'chair-decision')
    .reduce((n, o) => n + o.count, 0);
  if (panels > 0) {
    found.push(`${plural(panels, 'case')} needed a decision by the chair or a Resolution Panel.`);
  }
  if (found.length === 0) found.push('There were too few cases in this period to show themes.');
  return found;
}
