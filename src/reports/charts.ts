/**
 * The dashboard's charts, drawn on the server as SVG with Vega-Lite (compiled to Vega, rendered
 * headless), so pages and PDFs show them without JavaScript. Each chart is made from its table
 * (tables.ts), never from its own query, and carries a text alternative that reads out the
 * same numbers. Marks carry no ARIA of their own: the SVG is one image with that text as its
 * name, and the table beside it is the accessible version.
 *
 * Longer than 300 lines because each chart's Vega-Lite specification sits beside its text alternative.
 */
import { createHash } from 'node:crypto';
import type { TopLevelSpec } from 'vega-lite';
import { type Cell, formatCell, type Table, type TableKey } from './tables.js';

export interface Chart {
  key: string;
  /** the table the chart draws */
  table: TableKey;
  title: string;
  /** the text alternative: the chart's numbers in a sentence or two */
  description: string;
  /** the data the chart encodes, one object per table row (c0, c1, ... by column) */
  values: Record<string, Cell>[];
  svg: string;
}

// GOV.UK Design System colours (GOV.UK Frontend 6's refreshed palette)
const BLUE = '#1d70b8';
const RED = '#ca3535';
const TEXT = '#0b0c0c';
const GREY = '#484949';

const CONFIG = {
  aria: false,
  font: 'Arial, Helvetica, sans-serif',
  background: '#ffffff',
  view: { stroke: null },
  axis: {
    labelColor: TEXT,
    titleColor: TEXT,
    labelFontSize: 13,
    titleFontSize: 14,
    gridColor: '#e5e6e7',
    domainColor: GREY,
    tickColor: GREY,
  },
  // without a canvas Vega estimates text widths generously: limits well above the real widths
  axisY: { labelLimit: 640 },
  axisX: { labelLimit: 400 },
  legend: { labelColor: TEXT, titleColor: TEXT, labelFontSize: 13, titleFontSize: 14 },
  bar: { color: BLUE },
  text: { color: TEXT, fontSize: 13 },
} as const;

const field = (i: number) => `c${i}`;

function valuesOf(table: Table): Record<string, Cell>[] {
  return table.rows.map((row) => Object.fromEntries(row.map((cell, i) => [field(i), cell])));
}

/** "Label, value; label, value." over the rows of the columns given. */
function readOut(table: Table, label: number, values: number[]): string {
  if (table.rows.length === 0) return `${table.title}: none in this period.`;
  const parts = table.rows.map((row) => {
    const numbers = values.map((i) => {
      const column = table.columns[i] as Table['columns'][number];
      return `${column.label.toLowerCase()} ${formatCell(row[i] ?? null, column)}`;
    });
    return `${row[label]}: ${numbers.join(', ')}`;
  });
  return `${table.title}. ${parts.join('; ')}.`;
}

function barSpec(table: Table, value: number, options: { percent?: boolean } = {}): TopLevelSpec {
  return {
    width: 360,
    height: { step: 28 },
    data: { values: valuesOf(table) as never },
    mark: { type: 'bar' },
    encoding: {
      y: {
        field: field(0),
        type: 'nominal',
        sort: null,
        title: null,
      },
      x: {
        field: field(value),
        type: 'quantitative',
        title: table.columns[value]?.label,
        ...(options.percent
          ? { scale: { domain: [0, 1] }, axis: { format: '.0%' } }
          : { axis: { tickMinStep: 1, format: 'd' } }),
      },
    },
  };
}

function monthsSpec(table: Table): TopLevelSpec {
  return {
    width: { step: 36 },
    height: 200,
    data: { values: valuesOf(table) as never },
    transform: [
      {
        fold: [field(1), field(2)],
        as: ['kind', 'count'],
      },
      {
        calculate: `datum.kind === '${field(1)}' ? 'Immediate risk' : 'Other'`,
        as: 'kind',
      },
    ],
    mark: { type: 'bar' },
    encoding: {
      x: { field: field(0), type: 'ordinal', sort: null, title: null, axis: { labelAngle: -45 } },
      y: {
        field: 'count',
        type: 'quantitative',
        title: 'Cases raised',
        stack: 'zero',
        axis: { tickMinStep: 1, format: 'd' },
      },
      color: {
        field: 'kind',
        type: 'nominal',
        title: null,
        scale: { domain: ['Immediate risk', 'Other'], range: [RED, BLUE] },
        legend: { orient: 'top' },
      },
    },
  };
}

function daysSpec(table: Table): TopLevelSpec {
  return {
    width: 360,
    data: { values: valuesOf(table).filter((v) => v[field(5)] !== null) as never },
    transform: [
      { fold: [field(5), field(6)], as: ['measure', 'days'] },
      {
        calculate: `datum.measure === '${field(5)}' ? 'Median' : '90th percentile'`,
        as: 'measure',
      },
    ],
    mark: { type: 'bar' },
    encoding: {
      y: { field: field(0), type: 'nominal', sort: null, title: null },
      yOffset: { field: 'measure', sort: ['Median', '90th percentile'] },
      x: { field: 'days', type: 'quantitative', title: 'Days at the stage' },
      color: {
        field: 'measure',
        type: 'nominal',
        title: null,
        scale: { domain: ['Median', '90th percentile'], range: [BLUE, '#003078'] },
        legend: { orient: 'top' },
      },
    },
  };
}

function matrixSpec(table: Table): TopLevelSpec {
  const most = Math.max(...table.rows.map((r) => Number(r[2] ?? 0)));
  return {
    width: { step: 80 },
    height: { step: 36 },
    data: { values: valuesOf(table) as never },
    encoding: {
      x: {
        field: field(1),
        type: 'nominal',
        title: 'Disagreed with',
        axis: { labelAngle: -35, orient: 'bottom' },
      },
      y: { field: field(0), type: 'nominal', title: null },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: field(2),
            type: 'quantitative',
            title: 'Cases',
            scale: { range: ['#d2e2f1', '#003078'] },
            legend: null,
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 14, fontWeight: 'bold' },
        encoding: {
          text: { field: field(2), type: 'quantitative' },
          // white on the dark cells, black on the light ones (both above 4.5:1)
          color: {
            condition: { test: `datum.${field(2)} > ${most / 2}`, value: '#ffffff' },
            value: TEXT,
          },
        },
      },
    ],
  };
}

/** Vega and Vega-Lite, loaded on the first chart drawn (they add ~200 ms to start-up). */
let engines: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;
function chartEngines() {
  engines ??= Promise.all([import('vega'), import('vega-lite')]);
  return engines;
}

/** Rendered SVG by spec, so an unchanged dashboard is not drawn again (bounded). */
const rendered = new Map<string, string>();
const RENDERED_KEPT = 200;

async function render(spec: TopLevelSpec, label: string): Promise<string> {
  const full = { ...spec, config: CONFIG } as TopLevelSpec;
  const id = createHash('sha256').update(JSON.stringify(full)).digest('base64url');
  let svg = rendered.get(id);
  if (svg === undefined) {
    const [vega, vegaLite] = await chartEngines();
    const view = new vega.View(vega.parse(vegaLite.compile(full).spec), { renderer: 'none' });
    svg = await view.toSVG();
    view.finalize();
    if (rendered.size >= RENDERED_KEPT) rendered.delete(rendered.keys().next().value as string);
    rendered.set(id, svg);
  }
  // One image named by its text alternative; the table beside it carries the detail. Vega's
  // own roles on marks (graphics-symbol and the like) would be images without names inside it.
  return svg
    .replace(/\s(?:role|aria-[a-z]+)="[^"]*"/g, '')
    .replace(/^<svg /, `<svg role="img" focusable="false" aria-label="${escapeAttribute(label)}" `);
}

function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

interface ChartPlan {
  key: string;
  title: string;
  spec: (table: Table) => TopLevelSpec;
  describe: (table: Table) => string;
  /** the rows the chart draws (all, unless some have nothing to draw) */
  rows?: (table: Table) => Cell[][];
}

const PLANS: Partial<Record<TableKey, ChartPlan[]>> = {
  'open-by-stage': [
    {
      key: 'open-by-stage',
      title: 'Open cases by stage',
      spec: (t) => barSpec(t, 1),
      describe: (t) => readOut(t, 0, [1]),
    },
  ],
  'raised-per-month': [
    {
      key: 'raised-per-month',
      title: 'Cases raised each month',
      spec: monthsSpec,
      describe: (t) => readOut(t, 0, [1, 2]),
    },
  ],
  stages: [
    {
      key: 'timeliness',
      title: 'Share of stages ended within their timescale',
      spec: (t) =>
        barSpec({ ...t, rows: t.rows.filter((r) => r[4] !== null) }, 4, { percent: true }),
      describe: (t) => readOut({ ...t, rows: t.rows.filter((r) => r[4] !== null) }, 0, [4]),
      rows: (t) => t.rows.filter((r) => r[4] !== null),
    },
    {
      key: 'stage-days',
      title: 'Days at each stage',
      spec: daysSpec,
      describe: (t) => readOut({ ...t, rows: t.rows.filter((r) => r[5] !== null) }, 0, [5, 6]),
      rows: (t) => t.rows.filter((r) => r[5] !== null),
    },
  ],
  categories: [
    {
      key: 'categories',
      title: 'What the disagreements were about',
      spec: (t) => barSpec(t, 1),
      describe: (t) => readOut(t, 0, [1]),
    },
  ],
  'agency-pairs': [
    {
      key: 'agency-pairs',
      title: 'Agencies in dispute',
      spec: matrixSpec,
      describe: (t) =>
        t.rows.length === 0
          ? 'Agencies in dispute: none in this period.'
          : `Agencies in dispute. ${t.rows.map((r) => `${r[0]} with ${r[1]}: ${r[2]}`).join('; ')}.`,
    },
  ],
  outcomes: [
    {
      key: 'outcomes',
      title: 'How cases ended',
      spec: (t) => barSpec(t, 1),
      describe: (t) => readOut(t, 0, [1]),
    },
  ],
};

/** The charts for a table (none for a table without rows to draw). */
export async function chartsFor(table: Table): Promise<Chart[]> {
  const charts: Chart[] = [];
  for (const plan of PLANS[table.key] ?? []) {
    const rows = plan.rows ? plan.rows(table) : table.rows;
    if (rows.length === 0) continue;
    const description = plan.describe(table);
    charts.push({
      key: plan.key,
      table: table.key,
      title: plan.title,
      description,
      values: valuesOf({ ...table, rows }),
      svg: await render(plan.spec(table), description),
    });
  }
  return charts;
}
