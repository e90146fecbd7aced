/**
 * A fictional history for the demo's Bromley partnership, so the dashboard and board report
 * have something to show: thirty disagreements over the last six months, raised and moved
 * through the real services (the partnership policy, seed 002) with the clock set for each
 * step, so every event, projection and notification is what the app itself would have made.
 * Most are resolved at stage 1 or 2, a few reach the chair, the newest are still open and two
 * were left long past their due time. The same every time for the same `now` (a seeded generator).
 */
import { CaseCommand, type CaseCommandInput, RaiseCommand } from '../domain/case/index.js';
import { CATEGORIES } from '../domain/policy/schema.js';
import { raiseCase, runCommand } from '../services/cases/index.js';
import { type Actor, actorById } from '../services/people.js';
import type { Db } from '../store/database.js';

const DAY = 86_400_000;
const RAISING = [
  'Hillcrest Primary School',
  'Elm Road Surgery',
  'South Downs Health NHS Trust (demo)',
];
const OTHERS = [
  "Bromley Children's Social Care (demo)",
  'Metropolitan Police, Bromley (demo)',
  'South Downs Health NHS Trust (demo)',
  'Hillcrest Primary School',
];
const LEARNING = [
  'Agencies should invite the police to strategy discussions from the start.',
  'Threshold guidance for schools on early help referrals needs refreshing.',
  'Health visitors were not told when a case was closed: the closure letter should go to them.',
];

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The same moment moved into working hours (09:00 to 16:59 UTC) on a weekday. */
function inWorkingHours(ms: number, random: () => number): number {
  const day = new Date(ms);
  day.setUTCHours(9 + Math.floor(random() * 8), Math.floor(random() * 60), 0, 0);
  if (day.getTime() < ms) day.setUTCDate(day.getUTCDate() + 1);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.getTime();
}

/** 09:30 UTC on the weekday `daysAgo` days before now (moved back off a weekend). */
function weekdayMorning(now: Date, daysAgo: number): number {
  const day = new Date(now.getTime() - daysAgo * DAY);
  day.setUTCHours(9, 30, 0, 0);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
  return day.getTime();
}

export async function loadDemoHistory(db: Db, now: Date): Promise<number> {
  const existing = await db.selectFrom('cases').select('id').limit(1).executeTakeFirst();
  if (existing) return 0;
  const people = await db
    .selectFrom('people')
    .innerJoin('partnerships', 'partnerships.id', 'people.partnership_id')
    .leftJoin('agencies', 'agencies.id', 'people.agency_id')
    .select(['people.id', 'people.role', 'agencies.name as agency', 'agencies.id as agencyId'])
    .where('partnerships.key', '=', 'bscp')
    .execute();
  const find = async (role: string, agency: string | null): Promise<Actor> => {
    const row = people.find((p) => p.role === role && p.agency === agency);
    const actor = row ? await actorById(db, row.id) : undefined;
    if (!actor) throw new Error(`the demo has no ${role} at ${agency ?? 'the partnership'}`);
    return actor;
  };
  const agencyId = (name: string) => people.find((p) => p.agency === name)?.agencyId as string;
  const chair = await find('chair', null);
  const random = prng(2026);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  let clock = now.getTime();
  const deps = { db, now: () => new Date(clock) };
  let made = 0;

  for (let n = 0; n < 30; n++) {
    const daysAgo = Math.round(180 - n * 6.2 + random() * 2);
    const raisedAt = weekdayMorning(now, Math.max(daysAgo, 1));
    const from = pick(RAISING);
    const against = pick(OTHERS.filter((o) => o !== from));
    const worker = await find('frontline', from);
    clock = raisedAt;
    const raised = await raiseCase(
      deps,
      worker,
      RaiseCommand.parse({
        type: 'raise',
        children: [
          {
            name: `Child ${String.fromCharCode(65 + (n % 26))}.${n} (demo)`,
            childProtectionPlan: random() < 0.2,
            lookedAfter: random() < 0.1,
            childInNeed: random() < 0.3,
          },
        ],
        agencies: [agencyId(against)],
        category: pick(CATEGORIES),
        disagreement: 'The agencies disagree about whether the child needs an assessment now.',
        evidence: { nature: 'Concerns seen by staff over several weeks', source: 'Agency records' },
        actionsToDate: 'Telephoned the allocated worker and followed up in writing.',
        outcomeSought: 'An assessment, and a meeting to agree the plan.',
        immediateRisk: random() < 0.07,
      }),
      'cli',
    );
    made += 1;
    // most end at stage 1 or 2, a few reach the chair (stage 5)
    const r = random();
    const lastStage = r < 0.5 ? 1 : r < 0.8 ? 2 : r < 0.9 ? 3 : r < 0.95 ? 4 : 5;
    let view = raised;
    let at = raisedAt;
    let stage = 1;
    const act = async (actor: Actor, command: CaseCommandInput) => {
      clock = at;
      const parsed = CaseCommand.parse({ ...command, expectedVersion: view.version });
      view = await runCommand(deps, actor, raised.id, parsed, 'cli');
    };
    // whoever holds the stage on the raising side takes its turn (the worker, then their manager...)
    const holder = async () =>
      (await actorById(db, view.stage.holders.raising[0] ?? worker.personId)) ?? worker;
    // a few are left where they are, long past their due time: the overdue ones
    const stuck = n % 11 === 7;
    while (true) {
      const took = (random() < 0.7 ? 0.2 + random() * 1.5 : 3 + random() * 8) * DAY;
      const next = inWorkingHours(at + took, random);
      if (next > now.getTime() - DAY / 2) break; // still in this stage now
      at = next;
      if (stage < lastStage) {
        await act(
          await holder(),
          stage === 4
            ? {
                type: 'refer-to-chair',
                details: 'For the attention of the independent chair.',
                // 002 2.15: after the agencies' Board members have been involved
                boardMembersEngaged: 'Both agencies’ Board members met the directors first.',
              }
            : { type: 'escalate', reason: 'Not agreed at this stage.' },
        );
        stage += 1;
        continue;
      }
      if (stuck) break;
      const learning = random() < 0.25 ? { learning: pick(LEARNING) } : {};
      if (stage === 5) {
        await act(chair, {
          type: 'record-decision',
          decidedBy: 'chair',
          decision: 'An assessment within ten working days; the plan to be reviewed.',
          ...learning,
        });
      } else if (random() < 0.1) {
        await act(worker, { type: 'withdraw', reason: 'A new assessment answered the concern.' });
      } else {
        const ours = await holder();
        await act(ours, {
          type: 'resolve',
          outcome: 'Agreed an assessment and a meeting.',
          actions: ['Assessment booked'],
          agreedBy: [
            { agencyId: agencyId(from), name: ours.name },
            { agencyId: agencyId(against), name: `The ${against} lead (demo)` },
          ],
          ...learning,
        });
      }
      break;
    }
  }
  return made;
}
