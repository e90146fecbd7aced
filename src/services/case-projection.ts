/**
 * The projections kept in step with a case's events, in the same transaction: the `cases` row
 * (status, stage, due time, how it ended) and one `case_stages` row per stage spell (entered,
 * due, ended, how), which the partnership dashboard and board report read. Both are derived
 * from the folded state alone, so they can be rebuilt from the record at any time.
 *
 * Longer than 300 lines because every projection of a case's state (its row, its stage spells,
 * the roll-ups of ended spells and outcomes, its plan's actions) is written in one place, so
 * each can be rebuilt from the record the same way.
 */
import { DateTime } from 'luxon';
import type { CaseState } from '../domain/case/index.js';
import { ukMonthOf } from '../reports/period.js';
import type { Db } from '../store/database.js';
import type { CaseOutcome, CaseStageTable } from '../store/schema.js';

export type { CaseOutcome };

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
  const ack = state.stage.acknowledgement;
  const ackDueAt = state.status === 'open' && ack && ack.at === null ? ack.dueAt : null;
  return {
    ack_due_at_utc: utc(ackDueAt),
    remind_at_utc: dueAt ? reminderAt(dueAt) : null,
    status: state.status,
    stage_number: state.stage.number,
    stage_key: state.stage.key,
    stage_name: state.stage.name,
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

/**
 * Rewrites the case's stage spells from its state (a handful of rows per case), and keeps the
 * dashboard's roll-up of ended spells in step: the old spells' contribution taken off, the new
 * ones' added, so a spell that ended in this command is counted once and nothing else moves.
 */
export async function writeStageRows(
  db: Db,
  caseId: string,
  partnershipId: string,
  state: CaseState,
): Promise<void> {
  const old = await db
    .selectFrom('case_stages')
    .select([
      'stage_number',
      'stage_key',
      'stage_name',
      'entered_at',
      'due_at_utc',
      'ended_at',
      'days_tenths',
    ])
    .where('case_id', '=', caseId)
    .execute();
  await db.deleteFrom('case_stages').where('case_id', '=', caseId).execute();
  const rows = stageRows(caseId, partnershipId, state);
  if (rows.length > 0) await db.insertInto('case_stages').values(rows).execute();
  await keepStageSpellMonths(db, partnershipId, old, rows);
}

type SpellCounts = { spells: number; timed: number; in_time: number; late: number };
type Spell = Pick<
  CaseStageTable,
  | 'stage_number'
  | 'stage_key'
  | 'stage_name'
  | 'entered_at'
  | 'due_at_utc'
  | 'ended_at'
  | 'days_tenths'
>;

/** What the ended spells contribute to `stage_spell_months`, by key. */
function spellContributions(spells: Spell[], sign: 1 | -1, into: Map<string, SpellCounts>) {
  for (const s of spells) {
    if (s.entered_at === null || s.ended_at === null || s.days_tenths === null) continue;
    const key = JSON.stringify([
      ukMonthOf(s.entered_at),
      s.stage_number,
      s.stage_key,
      s.stage_name,
      s.days_tenths,
    ]);
    const c = into.get(key) ?? { spells: 0, timed: 0, in_time: 0, late: 0 };
    const timed = s.due_at_utc !== null;
    c.spells += sign;
    if (timed) c.timed += sign;
    if (timed && s.ended_at <= (s.due_at_utc as string)) c.in_time += sign;
    if (timed && s.ended_at > (s.due_at_utc as string)) c.late += sign;
    into.set(key, c);
  }
}

async function keepStageSpellMonths(
  db: Db,
  partnershipId: string,
  before: Spell[],
  after: Spell[],
): Promise<void> {
  const changes = new Map<string, SpellCounts>();
  spellContributions(before, -1, changes);
  spellContributions(after, 1, changes);
  // always in the same order (all partnerships first, then keys sorted), so two commands
  // adding to the same rows never wait for each other in a cycle (PostgreSQL row locks)
  const keys = [...changes.keys()].filter((k) => {
    const c = changes.get(k) as SpellCounts;
    return c.spells !== 0 || c.timed !== 0 || c.in_time !== 0 || c.late !== 0;
  });
  keys.sort();
  for (const scope of ['all', partnershipId]) {
    for (const key of keys) {
      const [month, stage_number, stage_key, stage_name, days_tenths] = JSON.parse(key) as [
        string,
        number,
        string,
        string,
        number,
      ];
      const c = changes.get(key) as SpellCounts;
      const row = { scope, month, stage_number, stage_key, stage_name, days_tenths };
      await db
        .insertInto('stage_spell_months')
        .values({ ...row, ...c })
        .onConflict((oc) =>
          oc
            .columns(['scope', 'month', 'stage_number', 'stage_key', 'stage_name', 'days_tenths'])
            .doUpdateSet((eb) => ({
              spells: eb('stage_spell_months.spells', '+', eb.ref('excluded.spells')),
              timed: eb('stage_spell_months.timed', '+', eb.ref('excluded.timed')),
              in_time: eb('stage_spell_months.in_time', '+', eb.ref('excluded.in_time')),
              late: eb('stage_spell_months.late', '+', eb.ref('excluded.late')),
            })),
        )
        .execute();
      if (c.spells < 0) {
        await db
          .deleteFrom('stage_spell_months')
          .where('scope', '=', scope)
          .where('month', '=', month)
          .where('stage_number', '=', stage_number)
          .where('stage_key', '=', stage_key)
          .where('stage_name', '=', stage_name)
          .where('days_tenths', '=', days_tenths)
          .where('spells', '=', 0)
          .execute();
      }
    }
  }
}

type Closed = {
  status: string;
  closed_at: string | null;
  outcome: string | null;
  stage_number: number;
  stage_key: string;
  stage_name: string | null;
};

/**
 * Keeps `outcome_months` in step with a case's row: the old row's count taken off (when it was
 * closed), the new one's added (when it is closed), in the command's transaction.
 */
export async function keepOutcomeMonths(
  db: Db,
  partnershipId: string,
  before: Closed | null,
  after: Closed,
): Promise<void> {
  const key = (c: Closed | null) =>
    c && c.status !== 'open' && c.closed_at !== null
      ? {
          month: ukMonthOf(c.closed_at),
          outcome: c.outcome ?? '',
          stage_number: c.stage_number,
          stage_key: c.stage_key,
          stage_name: c.stage_name ?? c.stage_key,
        }
      : null;
  const off = key(before);
  const on = key(after);
  if (off && on && JSON.stringify(off) === JSON.stringify(on)) return;
  for (const scope of ['all', partnershipId]) {
    if (off) {
      await db
        .updateTable('outcome_months')
        .set((eb) => ({ cases: eb('cases', '-', 1) }))
        .where('scope', '=', scope)
        .where('month', '=', off.month)
        .where('outcome', '=', off.outcome)
        .where('stage_number', '=', off.stage_number)
        .where('stage_key', '=', off.stage_key)
        .where('stage_name', '=', off.stage_name)
        .execute();
      await db
        .deleteFrom('outcome_months')
        .where('scope', '=', scope)
        .where('month', '=', off.month)
        .where('outcome', '=', off.outcome)
        .where('stage_number', '=', off.stage_number)
        .where('stage_key', '=', off.stage_key)
        .where('stage_name', '=', off.stage_name)
        .where('cases', '=', 0)
        .execute();
    }
    if (on) {
      await db
        .insertInto('outcome_months')
        .values({ scope, ...on, cases: 1 })
        .onConflict((oc) =>
          oc
            .columns(['scope', 'month', 'outcome', 'stage_number', 'stage_key', 'stage_name'])
            .doUpdateSet((eb) => ({ cases: eb('outcome_months.cases', '+', 1) })),
        )
        .execute();
    }
  }
}

/**
 * The `plan_actions` rows of the agreed action plan (026): one per action, added when it is and
 * marked done when it is; the sweep's own columns (when each e-mail was queued) are kept.
 */
export async function writePlanRows(db: Db, caseId: string, state: CaseState): Promise<void> {
  for (const action of state.planActions) {
    await db
      .insertInto('plan_actions')
      .values({
        case_id: caseId,
        action_id: action.actionId,
        owner_agency_id: action.ownerAgencyId,
        due_at_utc: new Date(action.dueAt).toISOString(),
        remind_at_utc: action.remindAt ? new Date(action.remindAt).toISOString() : null,
        done_on: action.done?.on ?? null,
        reminded_at: null,
        overdue_prompted_at: null,
      })
      .onConflict((oc) =>
        oc.columns(['case_id', 'action_id']).doUpdateSet({ done_on: action.done?.on ?? null }),
      )
      .execute();
  }
}
