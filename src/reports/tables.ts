/**
 * The dashboard's tables: one definition per table, used for the page, its CSV download, the
 * board report and, through charts.ts, the chart beside it, so a chart always shows exactly
 * the numbers in its table.
 */
import { dateTimeWords } from '../words.js';
import type { Figures } from './figures/index.js';

export type Cell = string | number | null;

export interface Column {
  label: string;
  numeric?: boolean;
  /** how a value reads on the page and in the PDF (CSV keeps the raw value) */
  format?: 'percent' | 'days' | 'date-time';
}

export interface Table {
  key: TableKey;
  title: string;
  /** one line: what the table counts and over which cases */
  caption: string;
  columns: Column[];
  rows: Cell[][];
}

export const TABLE_KEYS = [
  'open-by-stage',
  'overdue',
  'raised-per-month',
  'stages',
  'categories',
  'agency-pairs',
  'outcomes',
] as const;
export type TableKey = (typeof TABLE_KEYS)[number];

export function formatCell(value: Cell, column: Column): string {
  if (value === null) return 'none';
  if (column.format === 'date-time' && typeof value === 'string') return dateTimeWords(value);
  if (typeof value === 'string') return value;
  if (column.format === 'percent') return `${Math.round(value * 100)}%`;
  if (column.format === 'days') return `${value} ${value === 1 ? 'day' : 'days'}`;
  return value.toLocaleString('en-GB');
}

/** Every table of the dashboard, in page order, from one set of figures. */
export function dashboardTables(f: Figures): Table[] {
  return [
    {
      key: 'open-by-stage',
      title: 'Open cases by stage',
      caption: 'Cases open now, by the stage they are at.',
      columns: [{ label: 'Stage' }, { label: 'Open cases', numeric: true }],
      rows: f.openByStage.map((s) => [`${s.stage}. ${s.name}`, s.count]),
    },
    {
      key: 'overdue',
      title: 'Overdue now',
      caption:
        f.overdue.count > f.overdue.cases.length
          ? `The ${f.overdue.cases.length} most overdue of ${f.overdue.count} open cases past their due time.`
          : 'Open cases past their due time, most overdue first.',
      columns: [
        { label: 'Case' },
        { label: 'Stage' },
        { label: 'Was due', format: 'date-time' },
        { label: 'Raised by' },
        { label: 'Category' },
      ],
      rows: f.overdue.cases.map((c) => [
        c.reference,
        c.stageName,
        c.dueAt,
        c.raisingAgency,
        c.category,
      ]),
    },
    {
      key: 'raised-per-month',
      title: 'Cases raised each month',
      caption: 'Disagreements raised in each month of the period; immediate risk counted apart.',
      columns: [
        { label: 'Month' },
        { label: 'Immediate risk', numeric: true },
        { label: 'Other', numeric: true },
        { label: 'All', numeric: true },
      ],
      rows: f.raisedPerMonth.map((m) => [m.label, m.immediateRisk, m.other, m.total]),
    },
    {
      key: 'stages',
      title: 'Timeliness and time at each stage',
      caption:
        'Stages begun in the period: how many were late (ended after their due time, or still open past it), the share that ended within their timescale, and the days spent at the stage (ended ones).',
      columns: [
        { label: 'Stage' },
        { label: 'Reached', numeric: true },
        { label: 'Ended', numeric: true },
        { label: 'Late', numeric: true },
        { label: 'Within timescale', numeric: true, format: 'percent' },
        { label: 'Median', numeric: true, format: 'days' },
        { label: '90th percentile', numeric: true, format: 'days' },
      ],
      rows: f.stages.map((s) => [
        `${s.stage}. ${s.name}`,
        s.entered,
        s.closed,
        s.late,
        s.timeliness,
        s.medianDays,
        s.p90Days,
      ]),
    },
    {
      key: 'categories',
      title: 'What the disagreements were about',
      caption: 'Disagreements raised in the period, by category.',
      columns: [{ label: 'Category' }, { label: 'Cases', numeric: true }],
      rows: f.categories.map((c) => [c.label, c.count]),
    },
    {
      key: 'agency-pairs',
      title: 'Agencies in dispute',
      caption:
        'Disagreements raised in the period, by the agency that raised them and each agency they disagreed with.',
      columns: [
        { label: 'Raised by' },
        { label: 'Disagreed with' },
        { label: 'Cases', numeric: true },
      ],
      rows: f.agencyPairs.map((p) => [p.raisingAgency, p.otherAgency, p.count]),
    },
    {
      key: 'outcomes',
      title: 'How cases ended',
      caption: 'Cases closed in the period: resolved at which stage, decided, or withdrawn.',
      columns: [{ label: 'Ended' }, { label: 'Cases', numeric: true }],
      rows: f.outcomes.map((o) => [o.label, o.count]),
    },
  ];
}
