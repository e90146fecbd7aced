/**
 * The board report's charts stay inside the page margins, however many agencies a heat map
 * has: every chart is drawn (svg-to-pdfkit, watched here) within the margins of its page.
 */
import { describe, expect, it, vi } from 'vitest';
import type { BoardReport } from './board-report.js';
import { chartsFor } from './charts.js';
import { boardReportPdf, chartBox } from './pdf.js';
import { dashboardTables } from './tables.js';

const drawn: { x: number; y: number; width: number; height: number; page: PDFKit.PDFPage }[] = [];

vi.mock('svg-to-pdfkit', async (original) => {
  const real = (await original()) as { default: (...args: unknown[]) => void };
  return {
    default: (
      doc: PDFKit.PDFDocument,
      svg: string,
      x: number,
      y: number,
      options: { width: number; height: number },
    ) => {
      drawn.push({ x, y, width: options.width, height: options.height, page: doc.page });
      return real.default(doc, svg, x, y, options);
    },
  };
});

const agency = (i: number) => `Agency ${i} (a long demo NHS Foundation Trust name)`;

async function reportWithPairs(raising: number, other: number): Promise<BoardReport> {
  const agencyPairs = [];
  for (let i = 0; i < raising; i++) {
    for (let j = 0; j < other; j++) {
      agencyPairs.push({
        raisingAgencyId: `r${i}`,
        raisingAgency: agency(i),
        otherAgencyId: `o${j}`,
        otherAgency: agency(100 + j),
        count: 1 + ((i + j) % 4),
      });
    }
  }
  const figures = {
    openByStage: [],
    overdue: { count: 0, cases: [] },
    raisedPerMonth: [],
    categories: [],
    agencyPairs,
    outcomes: [],
    stages: [],
  } as unknown as BoardReport['figures'];
  const tables = dashboardTables(figures).filter((t) => t.key === 'agency-pairs');
  return {
    partnership: 'Fictional Safeguarding Partnership',
    title: 'Escalations report',
    periodLabel: '1 July 2026 to 30 September 2026',
    generatedAt: '2026-10-01T09:00:00.000Z',
    filters: [],
    figures,
    headlines: [],
    themes: [],
    tables,
    charts: (await Promise.all(tables.map(chartsFor))).flat(),
    learning: [],
  };
}

describe('charts in the board report PDF', () => {
  it.each([
    ['tall: 40 agencies raising, 3 disagreed with', 40, 3],
    ['wide: 3 agencies raising, 40 disagreed with', 3, 40],
    ['both: 25 by 25', 25, 25],
  ])('the agency-pairs heat map fits inside the page margins (%s)', async (_, raising, other) => {
    drawn.length = 0;
    const pdf = await boardReportPdf(await reportWithPairs(raising, other));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(drawn).toHaveLength(1);
    for (const box of drawn) {
      const { width, height, margins } = box.page;
      expect(box.x).toBeGreaterThanOrEqual(margins.left);
      expect(box.y).toBeGreaterThanOrEqual(margins.top);
      expect(box.x + box.width).toBeLessThanOrEqual(width - margins.right + 0.01);
      expect(box.y + box.height).toBeLessThanOrEqual(height - margins.bottom + 0.01);
    }
  });

  it('a chart that fits is drawn at its own size; a larger one keeps its shape', () => {
    const page = { width: 595, height: 842, margins: { top: 64, bottom: 64, left: 56, right: 56 } };
    expect(chartBox(page, 400, 200)).toEqual({ width: 400, height: 200 });
    const tall = chartBox(page, 400, 1428);
    expect(tall.height).toBeCloseTo(714);
    expect(tall.width / tall.height).toBeCloseTo(400 / 1428);
  });
});
