/**
 * The projections kept in step with a case's events, in the same transaction: the `cases` row
 * (status, stage, due time, how it ended) and one `case_stages` row per stage spell (entered,
 * due, ended, how), which the partnership dashboard and board report read. Both are derived
 * from the folded state alone, so they can be rebuilt from the record at any time.
 */
import { DateTime } from 'luxon';
import type { CaseState } from '../domain/case/index.js';
import type { Db } from '../store/database.js';
import type { CaseStageTable } from '../store/schema.js';

/** How a closed case ended, as the dashboard counts it. */
export type CaseOutcome = 'resolved' | 'chair-decision' | 'panel-decision' | 'withdrawn';

export function outcomeOf(state: CaseState): CaseOutcome | null {
  switch (state.status) {
    case 'open':
      return null;
    case 'resolved':
      return 'resolved';
    case 'withdrawn':
      return 'withdrawn';
    case 'decided':
      return state.decision?.decidedBy === 'panel' ? 'panel-decision' : 'chair-decision';
  }
}

/** The reminder is owed at the start (midnight, Europe/London) of the day a stage falls due. */
export function reminderAt(dueAt: string): string {
  return DateTime.fromISO(dueAt, { setZone: true })
    .setZone('Europe/London')
    .startOf('day')
    .toUTC()
    .toISO() as string;
}

const utc = (iso: string | null) => (iso ? new Date(iso).toISOString() : null);

/** The `cases` columns that follow the state. */
export function caseProjection(state: CaseState, now: string) {
  const dueAt = state.status === 'open' ? state.stage.dueAt : null;
  return {
    remind_at_utc: dueAt ? reminderAt(dueAt) : null,
    status: state.status,
    stage_number: state.stage.number,
    stage_key: state.stage.key,
    due_at: dueAt,
    due_at_utc: utc(dueAt),
    version: state.version,
    closed_at: state.status === 'open' ? null : now,
    outcome: outcomeOf(state),
    updated_at: now,
  };
}

/**
 * Every stage spell of the case, oldest first: those it has left and, while it is open, the
 * one it is in. Spells passed over (`skipped`) are kept, with no entered time.
 */
export function stageRows(
  caseId: string,
  partnershipId: string,
  state: CaseState,
): CaseStageTable[] {
  const spells = state.stageHistory.map((s) => ({
    stage_number: s.number,
    stage_key: s.key,
    stage_name: s.name,
    entered_at: utc(s.enteredAt),
    due_at_utc: utc(s.dueAt),
    ended_at: utc(s.endedAt),
    ending: s.ended as string | null,
  }));
  if (state.status === 'open') {
    spells.push({
      stage_number: state.stage.number,
      stage_key: state.stage.key,
      stage_name: state.stage.name,
      entered_at: utc(state.stage.enteredAt),
      due_at_utc: utc(state.stage.dueAt),
      ended_at: null,
      ending: null,
    });
  }
  return spells.map((spell, ordinal) => ({
    case_id: caseId,
    ordinal,
    partnership_id: partnershipId,
    ...spell,
    days_tenths:
      spell.entered_at && spell.ended_at
        ? Math.round((Date.parse(spell.ended_at) - Date.parse(spell.entered_at)) / 8_640_000)
        : null,
  }));
}

/** Rewrites the case's stage spells from its state (a handful of rows per case). */
export async function writeStageRows(
  db: Db,
  caseId: string,
  partnershipId: string,
  state: CaseState,
): Promise<void> {
  await db.deleteFrom('case_stages').where('case_id', '=', caseId).execute();
  const rows = stageRows(caseId, partnershipId, state);
  if (rows.length > 0) await db.insertInto('case_stages').values(rows).execute();
}
