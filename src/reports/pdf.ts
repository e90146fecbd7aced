/**
 * PDFs with PDFKit: the case record for the child's file and the board report. DejaVu Sans is
 * embedded (from the dejavu-fonts-ttf package), with Noto Emoji for what it lacks, and every
 * text a person typed is written through pdf-text.ts, so every name prints as written: accents,
 * other scripts and emoji included, any character neither font has as its code point, and
 * invisible direction controls shown, never applied. Every page is marked OFFICIAL-SENSITIVE at
 * top and bottom (the Government Security Classifications marking for sensitive personal data)
 * and numbered.
 *
 * Longer than 300 lines because both documents share one page layout (fonts, marking, headers,
 * tables); splitting them would split the layout.
 *
 * Longer than 300 lines because both PDFs share one page layout (marking, numbering, tables,
 * fonts) that reads best beside them.
 */
import type { CaseRecord } from '../services/case-record.js';
import { dateTimeWords, dateWords } from '../words.js';
import type { BoardReport } from './board-report.js';
import {
  BOLD,
  EMOJI,
  FONT_FILES,
  measure,
  REGULAR,
  showInvisible,
  type TextFont,
  write,
} from './pdf-text.js';
import { type Cell, type Column, formatCell } from './tables.js';

const MARKING = 'OFFICIAL-SENSITIVE';
const TEXT = '#0b0c0c';
const SECONDARY = '#505a5f';

type Doc = PDFKit.PDFDocument;

/** PDFKit, loaded on the first PDF made (it adds ~150 ms to start-up). */
async function newDocument(title: string): Promise<Doc> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: title, Creator: 'Escalate', Producer: 'Escalate' },
  });
  for (const name of [REGULAR, BOLD, EMOJI] as const) doc.registerFont(name, FONT_FILES[name]);
  doc.font(REGULAR).fontSize(10).fillColor(TEXT);
  return doc;
}

const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

function ensureRoom(doc: Doc, height: number) {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string, size = 14) {
  ensureRoom(doc, size * 3);
  doc.moveDown(0.6).font(BOLD).fontSize(size).fillColor(TEXT);
  write(doc, text, BOLD, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3).font(REGULAR).fontSize(10);
}

function paragraph(doc: Doc, text: string, options: { color?: string; size?: number } = {}) {
  doc
    .font(REGULAR)
    .fontSize(options.size ?? 10)
    .fillColor(options.color ?? TEXT);
  write(doc, text, REGULAR, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.fillColor(TEXT).moveDown(0.3);
}

/** Label and value side by side, like a GOV.UK summary list. */
function summary(doc: Doc, rows: { label: string; value: string }[]) {
  const left = doc.page.margins.left;
  const labelWidth = 150;
  const valueWidth = contentWidth(doc) - labelWidth - 10;
  for (const { label, value } of rows) {
    doc.font(REGULAR).fontSize(10);
    const height = Math.max(
      measure(doc, label, BOLD, { width: labelWidth }),
      measure(doc, value || '-', REGULAR, { width: valueWidth }),
    );
    ensureRoom(doc, height + 6);
    const y = doc.y;
    write(doc, label, BOLD, left, y, { width: labelWidth });
    write(doc, value || '-', REGULAR, left + labelWidth + 10, y, { width: valueWidth });
    doc.y = y + height + 4;
    doc
      .moveTo(left, doc.y - 2)
      .lineTo(left + contentWidth(doc), doc.y - 2)
      .strokeColor('#b1b4b6')
      .lineWidth(0.5)
      .stroke();
    doc.y += 2;
  }
  doc.x = left;
}

/** A table that repeats its header on each page it runs onto. */
export function table(doc: Doc, columns: Column[], rows: Cell[][], widths?: number[]) {
  const left = doc.page.margins.left;
  const total = contentWidth(doc);
  const share = widths ?? columns.map((c) => (c.numeric ? 1 : 2.5));
  const sum = share.reduce((a, b) => a + b, 0);
  const width = share.map((w) => (w / sum) * total);
  const cellText = (value: Cell, column: Column) => formatCell(value, column);
  const drawRow = (cells: string[], bold: boolean) => {
    const font: TextFont = bold ? BOLD : REGULAR;
    doc.font(font).fontSize(9);
    const height = Math.max(
      ...cells.map((text, i) => measure(doc, text, font, { width: (width[i] as number) - 6 })),
    );
    if (doc.y + height + 6 > bottom(doc)) {
      doc.addPage();
      if (!bold)
        drawRow(
          columns.map((c) => c.label),
          true,
        );
      doc.font(bold ? BOLD : REGULAR).fontSize(9);
    }
    const y = doc.y;
    let x = left;
    cells.forEach((text, i) => {
      const w = width[i] as number;
      write(doc, text, font, x + 3, y + 3, {
        width: w - 6,
        align: columns[i]?.numeric ? 'right' : 'left',
      });
      x += w;
    });
    doc.y = y + height + 6;
    doc
      .moveTo(left, doc.y)
      .lineTo(left + total, doc.y)
      .strokeColor(bold ? TEXT : '#b1b4b6')
      .lineWidth(bold ? 1 : 0.5)
      .stroke();
  };
  drawRow(
    columns.map((c) => c.label),
    true,
  );
  if (rows.length === 0) {
    doc
      .font(REGULAR)
      .fontSize(9)
      .text('None.', left + 3, doc.y + 3);
  }
  for (const row of rows) {
    drawRow(
      row.map((cell, i) => cellText(cell, columns[i] as Column)),
      false,
    );
  }
  doc.x = left;
  doc.moveDown(0.5);
}

/** The marking and page numbers on every page, once the content is laid out. */
function finish(doc: Doc, footer: string): Promise<Buffer> {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { left, right } = doc.page.margins;
    const width = doc.page.width - left - right;
    // writing in the margins must not move the cursor onto a new page
    const keepBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(BOLD).fontSize(9).fillColor(TEXT);
    doc.text(MARKING, left, 28, { width, align: 'center', lineBreak: false });
    doc.text(MARKING, left, doc.page.height - 40, { width, align: 'center', lineBreak: false });
    doc.font(REGULAR).fontSize(8).fillColor(SECONDARY);
    doc.text(showInvisible(footer), left, doc.page.height - 28, {
      width: width - 80,
      lineBreak: false,
    });
    doc.text(`Page ${i + 1} of ${range.count}`, left + width - 80, doc.page.height - 28, {
      width: 80,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = keepBottom;
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

function childLine(child: CaseRecord['children'][number]): string {
  const flags = [
    child.childProtectionPlan ? 'subject to a Child Protection Plan' : '',
    child.lookedAfter ? 'Looked After' : '',
    child.childInNeed ? 'child in need' : '',
  ].filter(Boolean);
  return [
    child.name,
    child.dateOfBirth ? `born ${dateWords(child.dateOfBirth)}` : '',
    child.caseNumber ? `agency case number ${child.caseNumber}` : '',
    flags.join(', '),
  ]
    .filter(Boolean)
    .join('; ');
}

function entries(doc: Doc, items: CaseRecord['opening']) {
  for (const item of items) {
    ensureRoom(doc, 40);
    doc.font(BOLD).fontSize(10);
    write(doc, item.title, BOLD, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
    paragraph(doc, `${item.at}, by ${item.by}`, { color: SECONDARY, size: 9 });
    for (const line of item.details) paragraph(doc, line);
    doc.moveDown(0.2);
  }
}

/** The case record for the child's file, shaped like an escalation form. */
export async function caseRecordPdf(record: CaseRecord): Promise<Buffer> {
  const doc = await newDocument(`Escalation record ${record.reference}`);
  doc.font(BOLD).fontSize(18).text('Professional disagreement (escalation) record');
  paragraph(doc, `${record.partnership}. Policy: ${record.policy}.`, { color: SECONDARY });
  paragraph(
    doc,
    "Keep this record on the child's file. It holds personal data: share it only with those who need it to keep the child safe.",
    { size: 9 },
  );

  heading(doc, 'Part A: the disagreement');
  summary(
    doc,
    record.disagreement.map((row) => ({
      label: row.label,
      value:
        row.label === 'Raised on' || row.label === 'Child-protective deadline'
          ? dateTimeWords(row.value)
          : row.value,
    })),
  );
  heading(doc, 'The children', 11);
  for (const child of record.children) paragraph(doc, childLine(child));
  if (record.opening.length > 0) {
    heading(doc, 'Before the first stage', 11);
    entries(doc, record.opening);
  }

  heading(doc, 'Part B: each stage');
  if (record.stages.length === 0) paragraph(doc, 'No stage has begun.');
  for (const stage of record.stages) {
    heading(doc, stage.title, 11);
    entries(doc, stage.entries);
  }

  if (record.plan.length > 0) {
    heading(doc, 'The agreed action plan', 11);
    table(
      doc,
      [{ label: 'Action' }, { label: 'Who does it' }, { label: 'Due' }, { label: 'Done' }],
      record.plan.map((a) => [a.description, a.owner, a.due, a.done]),
      [3, 1.8, 1.6, 1.6],
    );
  }

  heading(doc, 'Part C: who was told');
  table(
    doc,
    [
      { label: 'To' },
      { label: 'Why' },
      { label: 'Status' },
      { label: 'Sent', format: 'date-time' },
    ],
    record.sharedWith.map((n) => [n.to, n.reason, n.status, n.sentAt]),
    [2.2, 3, 1, 1.8],
  );

  heading(doc, 'Part D: the record');
  paragraph(doc, record.integrity);
  paragraph(doc, `Printed ${dateTimeWords(record.printedAt)} by ${record.printedBy}.`, {
    color: SECONDARY,
  });
  return finish(doc, `Escalate: case ${record.reference}, ${record.status.toLowerCase()}`);
}

/**
 * Where a chart of `width` by `height` (its SVG's own size) is drawn: at its own size when it
 * fits, else scaled down, keeping its shape, to the page's width and to the height of a page
 * between its margins (a heat map of many agencies is taller than a page), so every chart
 * stays inside the margins.
 */
export function chartBox(
  page: {
    width: number;
    height: number;
    margins: { top: number; bottom: number; left: number; right: number };
  },
  width: number,
  height: number,
): { width: number; height: number } {
  const room = {
    width: page.width - page.margins.left - page.margins.right,
    height: page.height - page.margins.top - page.margins.bottom,
  };
  const scale = Math.min(1, room.width / width, room.height / height);
  return { width: width * scale, height: height * scale };
}

/** Draws an SVG chart inside the margins, on a new page when what is left of this one is too short. */
function chart(doc: Doc, svg: string, SVGtoPDF: typeof import('svg-to-pdfkit').default) {
  const root = /^<svg[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="(\d+(?:\.\d+)?)"/.exec(root)?.[1] ?? 400);
  const height = Number(/\sheight="(\d+(?:\.\d+)?)"/.exec(root)?.[1] ?? 200);
  const box = chartBox(doc.page, width, height);
  ensureRoom(doc, box.height);
  SVGtoPDF(doc, svg, doc.page.margins.left, doc.y, {
    ...box,
    fontCallback: (_family: string, bold: boolean) => (bold ? BOLD : REGULAR),
  });
  doc.y += box.height + 8;
  doc.x = doc.page.margins.left;
}

/** The board report: headlines, themes, each figure as a chart and table, the learning. */
export async function boardReportPdf(report: BoardReport): Promise<Buffer> {
  const doc = await newDocument(report.title);
  const { default: SVGtoPDF } = await import('svg-to-pdfkit');
  doc.font(BOLD).fontSize(18);
  write(doc, report.title, BOLD, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  paragraph(doc, report.partnership, { color: SECONDARY });
  for (const line of report.filters) paragraph(doc, line, { color: SECONDARY });

  heading(doc, 'In this period');
  for (const line of report.headlines) paragraph(doc, `• ${line}`);
  heading(doc, 'Themes');
  for (const line of report.themes) paragraph(doc, `• ${line}`);

  for (const t of report.tables) {
    heading(doc, t.title);
    paragraph(doc, t.caption, { color: SECONDARY, size: 9 });
    for (const c of report.charts.filter((c) => c.table === t.key)) chart(doc, c.svg, SVGtoPDF);
    table(doc, t.columns, t.rows);
  }

  heading(doc, 'Learning for the partnership');
  if (report.learning.length === 0) {
    paragraph(doc, 'No learning was recorded when cases were resolved or decided in this period.');
  }
  for (const l of report.learning) {
    ensureRoom(doc, 40);
    const about = `${l.reference}: ${l.how}${l.stage ? ` at ${l.stage}` : ''}, ${dateWords(l.at)}`;
    doc.font(BOLD).fontSize(10);
    write(doc, about, BOLD, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
    paragraph(doc, l.text);
  }
  paragraph(doc, `Produced ${dateTimeWords(report.generatedAt)} by Escalate.`, {
    color: SECONDARY,
    size: 9,
  });
  return finish(doc, `Escalate: ${report.partnership}, ${report.periodLabel}`);
}
