/**
 * "My cases": the cases a person holds now (on either side, or at the chair's stage) or raised,
 * grouped by what needs them now: overdue first, then due soonest, then waiting on others, then
 * closed. Read off the person's own participant rows (holders and raisers take part), so a
 * manager's or DSL's wider list (the team view) or the partnership's never crowds them out.
 * Also which wider list the person has, with its overdue count, for the link to it.
 */
import { isPartnershipWide } from './access.js';
import { currentHolders, hasTeam, holderIds, OVERDUE_COUNTED, teamOverdue } from './case-lists.js';
import type { CaseServiceDeps } from './cases/index.js';
import { type CaseListItem, countPartnershipCases, listCases } from './list-cases.js';
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
  /** the wider list the person may see, if any, with how many of its cases are overdue */
  wider?: { view: 'team' | 'partnership'; overdue: number; overdueCapped: boolean };
}

const byDue = (a: MyCase, b: MyCase) =>
  Date.parse(a.dueAt ?? '9999-12-31') - Date.parse(b.dueAt ?? '9999-12-31');

export async function myCases(deps: CaseServiceDeps, actor: Actor): Promise<MyCases> {
  const all = await listCases(deps, actor, { limit: 500, onlyOwn: true });
  const holders = await currentHolders(
    deps.db,
    all.map((c) => c.id),
  );
  const mine = all
    .map((c) => {
      const holdsNow = holderIds(holders.get(c.id)).includes(actor.personId);
      return { ...c, holdsNow, raisedByMe: c.raisedBy === actor.personId };
    })
    .filter((c) => c.holdsNow || c.raisedByMe);
  const open = mine.filter((c) => c.status === 'open');
  return {
    overdue: open.filter((c) => c.holdsNow && c.overdue).sort(byDue),
    dueNext: open.filter((c) => c.holdsNow && !c.overdue).sort(byDue),
    waiting: open.filter((c) => !c.holdsNow).sort(byDue),
    closed: mine.filter((c) => c.status !== 'open'),
    wider: await widerList(deps, actor),
  };
}

async function widerList(deps: CaseServiceDeps, actor: Actor): Promise<MyCases['wider']> {
  if (isPartnershipWide(actor)) {
    const { overdue } = await countPartnershipCases(deps, actor, {});
    return { view: 'partnership', overdue, overdueCapped: false };
  }
  if (!(await hasTeam(deps.db, actor))) return undefined;
  const overdue = await teamOverdue(deps, actor);
  return { view: 'team', overdue, overdueCapped: overdue >= OVERDUE_COUNTED };
}
