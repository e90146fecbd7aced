/**
 * The names downloads are saved under: what the file is and the period (or case reference)
 * it covers, so two downloads never overwrite each other in a Downloads folder. Never a
 * child's or anyone's name: a file name shows in folder listings, e-mail attachments and logs.
 */
import type { Period } from './period.js';
import type { TableKey } from './tables.js';

/** Keeps letters, digits and hyphens (a reference is already so; this is a belt). */
const plain = (text: string) => text.replace(/[^A-Za-z0-9-]+/g, '-');

const span = (period: Pick<Period, 'firstDay' | 'lastDay'>) =>
  `${period.firstDay}-to-${period.lastDay}`;

/** e.g. escalate-stages-2026-07-01-to-2026-09-30.csv */
export const tableFileName = (key: TableKey, period: Period) =>
  `escalate-${plain(key)}-${span(period)}.csv`;

/** escalate-cases-... or escalate-cases-with-children-... (the one with personal data) */
export const casesFileName = (period: Period, withChildren: boolean) =>
  `escalate-cases${withChildren ? '-with-children' : ''}-${span(period)}.csv`;

/** e.g. escalate-board-report-2026-07-01-to-2026-09-30.pdf */
export const boardReportFileName = (period: Period) => `escalate-board-report-${span(period)}.pdf`;

/** e.g. escalate-case-ESC-7K2M9Q.pdf */
export const caseRecordFileName = (reference: string) => `escalate-case-${plain(reference)}.pdf`;
