/**
 * "My cases": the cases a person holds now or raised, grouped by what needs them now: overdue
 * first, then due soonest, then waiting on others, then closed.
 */
import type { Holders } from '../domain/case/index.js';
import { type CaseListItem, type CaseServiceDeps, listCases } from './cases.js';
import type { Actor } from './people.js';

export interface MyCase extends CaseListItem {
  holdsNow: boolean;
  raisedByMe: boolean;
}

export interface MyCases {
  overdue: MyCase[];
  dueNext: MyCase[];
  waiting: MyCase[];
  closed: MyCase[];
}

/** The holders of each case's current stage, from its latest stage-entered event. */
async function currentHolders(deps: CaseServiceDeps, caseIds: string[]) {
  const holders = new Map<string, Holders>();
  if (caseIds.length === 0) return holders;
  const rows = await deps.db
    .selectFrom('events')
    .select(['case_id', 'data'])
    .where('type', '=', 'stage-entered')
    .where('case_id', 'in', caseIds)
    .orderBy('case_id')
    .orderBy('seq')
    .execute();
  for (const row of rows)
    holders.set(row.case_id, (JSON.parse(row.data) as { holders: Holders }).holders);
  return holders;
}

const byDue = (a: MyCase, b: MyCase) =>
  Date.parse(a.dueAt ?? '9999-12-31') - Date.parse(b.dueAt ?? '9999-12-31');

export async function myCases(deps: CaseServiceDeps, actor: Actor): Promise<MyCases> {
  const all = await listCases(deps, actor, { limit: 500 });
  const holders = await currentHolders(
    deps,
    all.map((c) => c.id),
  );
  const mine = all
    .map((c) => {
      const h = holders.get(c.id);
      const holdsNow = [...(h?.raising ?? []), ...(h?.other ?? [])].includes(actor.personId);
      return { ...c, holdsNow, raisedByMe: c.raisedBy === actor.personId };
    })
    .filter((c) => c.holdsNow || c.raisedByMe);
  const open = mine.filter((c) => c.status === 'open');
  return {
    overdue: open.filter((c) => c.holdsNow && c.overdue).sort(byDue),
    dueNext: open.filter((c) => c.holdsNow && !c.overdue).sort(byDue),
    waiting: open.filter((c) => !c.holdsNow).sort(byDue),
    closed: mine.filter((c) => c.status !== 'open'),
  };
}
