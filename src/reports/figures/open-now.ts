import type { Db } from '../../store/database.js';
import { CATEGORY_LABELS } from '../../words.js';
import { count, matching } from './filters.js';
import {
  type Figures,
  type Filters,
  OVERDUE_LISTED,
  type Scope,
  type StageCount,
} from './types.js';

export async function openByStage(db: Db, scope: Scope, f: Filters): Promise<StageCount[]> {
  const rows = await db
    .selectFrom('cases')
    .innerJoin('case_stages', (join) =>
      join.onRef('case_stages.case_id', '=', 'cases.id').on('case_stages.ended_at', 'is', null),
    )
    .select(['cases.stage_number', 'cases.stage_key', 'case_stages.stage_name', count])
    .where('cases.status', '=', 'open')
    .where(matching(scope, f))
    .groupBy(['cases.stage_number', 'cases.stage_key', 'case_stages.stage_name'])
    .orderBy('cases.stage_number')
    .orderBy('cases.stage_key')
    .execute();
  return rows.map((r) => ({
    stage: r.stage_number,
    key: r.stage_key,
    name: r.stage_name,
    count: Number(r.count),
  }));
}

export async function overdueNow(
  db: Db,
  scope: Scope,
  f: Filters,
  now: Date,
): Promise<Figures['overdue']> {
  const nowIso = now.toISOString();
  const total = await db
    .selectFrom('cases')
    .select(count)
    .where('cases.status', '=', 'open')
    .where('cases.due_at_utc', '<', nowIso)
    .where(matching(scope, f))
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('cases')
    .innerJoin('agencies', 'agencies.id', 'cases.raising_agency_id')
    .innerJoin('case_stages', (join) =>
      join.onRef('case_stages.case_id', '=', 'cases.id').on('case_stages.ended_at', 'is', null),
    )
    .select([
      'cases.id',
      'cases.reference',
      'cases.due_at',
      'cases.category',
      'agencies.name as agency',
      'case_stages.stage_name',
    ])
    .where('cases.status', '=', 'open')
    .where('cases.due_at_utc', '<', nowIso)
    .where(matching(scope, f))
    .orderBy('cases.due_at_utc')
    .orderBy('cases.reference')
    .limit(OVERDUE_LISTED)
    .execute();
  return {
    count: Number(total.count),
    cases: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      stageName: r.stage_name,
      dueAt: r.due_at as string,
      raisingAgency: r.agency,
      category: CATEGORY_LABELS[r.category] ?? r.category,
    })),
  };
}
