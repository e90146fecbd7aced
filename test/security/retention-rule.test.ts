/**
 * The retention rule's edges (issue 8; issue 24's mutation testing found them unheld): the rule
 * is met at the instant its years have passed since the closing, whatever the server's time zone;
 * a run removes at most its limit, oldest closing first, across partnerships; an open case is
 * never touched, even if its row still holds a closing time; a case that cannot be found or was
 * reopened when its turn comes is left alone; and the removal is the case's next version in its
 * own record. And a removal on request's: its dry run, its limits, two decided at once. Cases
 * are raised and closed through the case services (fictional children). The removals run last:
 * the tests before them only look.
 */
import { Settings } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseCommand, RaiseCommand } from '../../src/domain/case/index.js';
import { raiseCase, runCommand } from '../../src/services/cases/index.js';
import { actorById, type PersonSummary } from '../../src/services/people.js';
import {
  applyRetention,
  casesPastRetention,
  REMOVAL_REASON_MAX,
  RemovalRefused,
  redactCase,
  removeOnRequest,
} from '../../src/services/retention.js';
import { openStore } from '../../src/store/database.js';
import { readEvents, verifyCase } from '../../src/store/event-store.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
const T0 = new Date('2026-11-02T09:30:00.000Z');
const DAY = 86_400_000;
/** one year after T0, to the millisecond: the rule of this file's partnerships */
const ONE_YEAR = new Date('2027-11-02T09:30:00.000Z');
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

/** Each case's key: which partnership, and how it stands. */
const ids = {} as Record<
  | 'bromleyFirst'
  | 'bromleySecond'
  | 'bromleyOpen'
  | 'bromleyReopened'
  | 'torbayFirst'
  | 'torbaySecond',
  string
>;

async function raise(worker: PersonSummary, against: PersonSummary, when: Date) {
  const actor = await actorById(t.store.db, worker.id);
  if (!actor) throw new Error(`no actor ${worker.email}`);
  const deps = { db: t.store.db, now: () => when };
  const view = await raiseCase(
    deps,
    actor,
    RaiseCommand.parse({
      type: 'raise',
      children: [
        { name: 'Fictional Child', dateOfBirth: '2020-02-02', childProtectionPlan: false },
      ],
      agencies: [against.agency?.id],
      category: 'communication',
      disagreement: 'Calls about the child are not returned.',
      evidence: { nature: 'Call log', source: 'School office' },
      actionsToDate: 'Three calls.',
      outcomeSought: 'A call back.',
      immediateRisk: false,
    }),
    'cli',
  );
  return { id: view.id, version: view.version, actor };
}

async function close(raised: Awaited<ReturnType<typeof raise>>, when: Date) {
  const deps = { db: t.store.db, now: () => when };
  return runCommand(
    deps,
    raised.actor,
    raised.id,
    CaseCommand.parse({ type: 'withdraw', reason: 'Agreed.', expectedVersion: raised.version }),
    'cli',
  );
}

const bromleyTeam = () =>
  t.people.find((p) => p.role === 'partnership-team' && p.partnership === 'bscp') as PersonSummary;

async function personalParts() {
  return t.store.db
    .selectFrom('event_personal')
    .selectAll()
    .orderBy('case_id')
    .orderBy('seq')
    .execute();
}

beforeAll(async () => {
  t = await createTestApp({ now: T0 });
  const teacher = t.person('frontline', 'Hillcrest');
  const csc = t.person('frontline', "Bromley Children's Social Care");
  const torbay = t.person('frontline', 'Bayview');
  const torbayCsc = t.person('frontline', "Torbay Children's Services");
  // both partnerships keep personal details for one year after closing
  await t.store.db.updateTable('partnerships').set({ retention_years: 1 }).execute();
  for (const [key, by, against, closedAt] of [
    ['bromleyFirst', teacher, csc, T0],
    ['bromleySecond', teacher, csc, at(T0, DAY)],
    ['torbayFirst', torbay, torbayCsc, T0],
    ['torbaySecond', torbay, torbayCsc, at(T0, DAY)],
  ] as const) {
    const raised = await raise(by, against, T0);
    await close(raised, closedAt);
    ids[key] = raised.id;
  }
  ids.bromleyOpen = (await raise(teacher, csc, T0)).id;
  const reopened = await raise(teacher, csc, T0);
  const closed = await close(reopened, T0);
  await runCommand(
    { db: t.store.db, now: () => at(T0, 2 * DAY) },
    reopened.actor,
    reopened.id,
    CaseCommand.parse({
      type: 'reopen',
      reason: 'It happened again.',
      expectedVersion: closed.version,
    }),
    'cli',
  );
  ids.bromleyReopened = reopened.id;
}, 120_000);
afterAll(async () => t.close());

describe('the retention rule, at its edges', () => {
  it('retention: the rule is met on the anniversary of the closing, to the millisecond, whatever the server time zone', async () => {
    const zone = Settings.defaultZone;
    try {
      for (const serverZone of ['utc', 'Asia/Tokyo', 'America/New_York']) {
        Settings.defaultZone = serverZone;
        expect(await casesPastRetention(t.store.db, at(ONE_YEAR, -1)), serverZone).toEqual([]);
        const met = await casesPastRetention(t.store.db, ONE_YEAR);
        expect(met.map((i) => i.caseId).sort(), serverZone).toEqual(
          [ids.bromleyFirst, ids.torbayFirst].sort(),
        );
        for (const item of met) {
          expect(Date.parse(item.dueAt)).toBe(ONE_YEAR.getTime());
          expect(Date.parse(item.closedAt)).toBe(T0.getTime());
          expect(item.yearsAfterClosure).toBe(1);
        }
      }
    } finally {
      Settings.defaultZone = zone;
    }
  });

  it('retention: a run lists at most its limit, oldest closing first, partnership by partnership', async () => {
    const now = at(ONE_YEAR, 3 * DAY);
    const listed = async (limit?: number) =>
      (await casesPastRetention(t.store.db, now, limit)).map((i) => i.caseId);
    expect(await listed()).toEqual([
      ids.bromleyFirst,
      ids.bromleySecond,
      ids.torbayFirst,
      ids.torbaySecond,
    ]);
    expect(await listed(1)).toEqual([ids.bromleyFirst]);
    // Bromley (bscp) fills two places, so Torbay (tscp) gets the one left
    expect(await listed(3)).toEqual([ids.bromleyFirst, ids.bromleySecond, ids.torbayFirst]);
    const dry = await applyRetention(t.store.db, now, { dryRun: true, limit: 3 });
    expect(dry).toMatchObject({ dryRun: true, found: 3, redactedAt: null });
  });

  it("retention: an open case's details are kept, even if its row still holds a closing time", async () => {
    const before = await personalParts();
    const now = at(ONE_YEAR, 3 * DAY);
    await t.store.db
      .updateTable('cases')
      .set({ closed_at: T0.toISOString() })
      .where('id', '=', ids.bromleyOpen)
      .execute();
    try {
      expect((await casesPastRetention(t.store.db, now)).map((i) => i.caseId)).not.toContain(
        ids.bromleyOpen,
      );
      const item = {
        caseId: ids.bromleyOpen,
        reference: 'not read',
        partnership: 'bscp',
        closedAt: T0.toISOString(),
        dueAt: ONE_YEAR.toISOString(),
        yearsAfterClosure: 1,
      };
      expect(await redactCase(t.store.db, item, now)).toBe(false);
      const refused = removeOnRequest(
        t.store.db,
        { case: ids.bromleyOpen, reason: 'Decision DP-1', decidedBy: bromleyTeam().email },
        now,
      );
      await expect(refused).rejects.toBeInstanceOf(RemovalRefused);
      await expect(refused).rejects.toThrow(
        / is open: only a closed case's details can be removed/,
      );
    } finally {
      await t.store.db
        .updateTable('cases')
        .set({ closed_at: null })
        .where('id', '=', ids.bromleyOpen)
        .execute();
    }
    expect(await personalParts()).toEqual(before);
  });

  it('retention: a case not found, or reopened, when its turn comes is left as it is', async () => {
    const before = await personalParts();
    const now = at(ONE_YEAR, 3 * DAY);
    const item = (caseId: string) => ({
      caseId,
      reference: 'not read',
      partnership: 'bscp',
      closedAt: T0.toISOString(),
      dueAt: ONE_YEAR.toISOString(),
      yearsAfterClosure: 1,
    });
    expect(await redactCase(t.store.db, item('no-such-case'), now)).toBe(false);
    expect(await redactCase(t.store.db, item(ids.bromleyReopened), now)).toBe(false);
    expect(await personalParts()).toEqual(before);
  });

  it("removal on request: a dry run counts the personal parts still held and changes nothing; a 500-character reason is taken; the decider's e-mail is read without spaces around it", async () => {
    const before = await personalParts();
    const team = bromleyTeam();
    const dry = await removeOnRequest(
      t.store.db,
      {
        case: ids.bromleySecond,
        reason: 'x'.repeat(REMOVAL_REASON_MAX),
        decidedBy: `  ${team.email}  `,
        dryRun: true,
      },
      at(ONE_YEAR, 3 * DAY),
    );
    const held = before.filter((p) => p.case_id === ids.bromleySecond);
    expect(held.length).toBeGreaterThan(1);
    expect(dry).toMatchObject({
      caseId: ids.bromleySecond,
      partnership: 'bscp',
      events: held.length,
      decidedBy: { personId: team.id, role: 'partnership-team' },
      dryRun: true,
      removedAt: null,
    });
    expect(Date.parse(dry.closedAt)).toBe(at(T0, DAY).getTime());
    expect(await personalParts()).toEqual(before);
  });

  it('removal on request: two removals decided at once remove the details once; the other is told the case changed meanwhile', async () => {
    const now = at(ONE_YEAR, 3 * DAY);
    const request = {
      case: ids.bromleySecond,
      reason: 'Decision DP-2',
      decidedBy: bromleyTeam().email,
    };
    // PostgreSQL: a second pool, really at the same time. SQLite: both share the one connection,
    // so both read the case before either claims it (as the two job runners in retention.test.ts)
    const second =
      t.store.dialect === 'postgres'
        ? openStore(t.database.config)
        : { db: t.store.db, close: async () => {} };
    let answers: PromiseSettledResult<unknown>[];
    try {
      answers = await Promise.allSettled([
        removeOnRequest(t.store.db, request, now),
        removeOnRequest(second.db, request, now),
      ]);
    } finally {
      await second.close();
    }
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const [refused] = answers.flatMap((a) => (a.status === 'rejected' ? [a.reason] : []));
    expect(refused).toBeInstanceOf(RemovalRefused);
    expect((refused as Error).message).toMatch(
      t.store.dialect === 'postgres'
        ? /changed meanwhile: run the command again\.$|were already removed on/
        : /^ESC-\w+ changed meanwhile: run the command again\.$/,
    );
    const events = await readEvents(t.store.db, ids.bromleySecond);
    expect(events.filter((e) => e.type === 'redacted')).toHaveLength(1);
    expect(await verifyCase(t.store.db, ids.bromleySecond)).toEqual({
      ok: true,
      events: events.length,
    });
  });

  it("retention: the removal is the case's next version, recorded in its own record with the rule's years", async () => {
    const now = at(ONE_YEAR, 3 * DAY);
    const run = await applyRetention(t.store.db, now, { limit: 1 });
    expect(run).toMatchObject({ dryRun: false, found: 1, redactedAt: now.toISOString() });
    expect(run.items.map((i) => i.caseId)).toEqual([ids.bromleyFirst]);
    const events = await readEvents(t.store.db, ids.bromleyFirst);
    const parts = await t.store.db
      .selectFrom('event_personal')
      .select('seq')
      .where('case_id', '=', ids.bromleyFirst)
      .execute();
    expect(parts.length).toBeGreaterThan(1);
    expect(events.at(-1)).toEqual({
      type: 'redacted',
      at: now.toISOString(),
      by: 'retention-rule',
      rule: { yearsAfterClosure: 1 },
      closedAt: T0.toISOString(),
      // how many personal parts it replaced
      events: parts.length,
    });
    const row = await t.store.db
      .selectFrom('cases')
      .select(['version', 'redacted_at'])
      .where('id', '=', ids.bromleyFirst)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ version: events.length, redacted_at: now.toISOString() });
    expect(await verifyCase(t.store.db, ids.bromleyFirst)).toEqual({
      ok: true,
      events: events.length,
    });
  });
});
