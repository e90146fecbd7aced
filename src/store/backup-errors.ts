/** A backup or restore that cannot go ahead, with what to do about it: shown as one line. */
export class BackupError extends Error {}

export interface BackupSummary {
  cases: number;
  events: number;
}
