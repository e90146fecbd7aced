/**
 * The retention rule (issue 8, data protection; ASVS 4.0.3 V8.3.8, V8.3.4, V8.3.5): closed
 * cases past their partnership's rule have their children's details and free text removed, and
 * only those; the figures do not move; the record still verifies, and still catches tampering.
 * Every child here is fictional.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobs } from '../../src/jobs/runner.js';
import { partnershipFigures } from '../../src/reports/figures/index.js';
import { customPeriod } from '../../src/reports/period.js';
import type { PersonSummary } from '../../src/services/people.js';
import { applyRetention, casesPastRetention } from '../../src/services/retention.js';
import { subjectAccessExport } from '../../src/services/subject-access.js';
import { openStore } from '../../src/store/database.js';
import { dropAppendOnlyTriggers } from '../../src/store/dialect.js';
import {
  readEvents,
  type StoredEvent,
  verifyAll,
  verifyCase,
} from '../../src/store/event-store.js';
import { Agent, givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { escalate } from '../support/process.js';

let t: TestApp;
let teacher: PersonSummary;
let csc: PersonSummary;
let team: PersonSummary;
const T0 = new Date('2026-11-02T09:30:00.000Z');
const DAY = 86_400_000;
/** seven years after T0, to the millisecond (the rule counts calendar years) */
const SEVEN_YEARS = new Date('2033-11-02T09:30:00.000Z');
const at = (base: Date, days: number) => new Date(base.getTime() + days * DAY);

/** A different fictional child per case, so each one's removal can be looked for alone. */
const NAMES = {
  withdrawn: 'Ottoline Fictional-Quarrington',
  resolved: 'Barnaby Fictional-Wetherell',
  later: 'Clementine Fictional-Ashdown',
  reopened: 'Desmond Fictional-Pargeter',
  open: 'Eleanor Fictional-Thistlewood',
  torbay: 'Fenwick Fictional-Marchbanks',
};
const ids: Record<keyof typeof NAMES, string> = {} as never;

async function call(person: PersonSummary, method: 'GET' | 'POST', url: string, payload?: object) {
  const response = await t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${await t.token(person)}` },
    payload,
  });
  return { status: response.statusCode, body: response.json() };
}

async function raise(by: PersonSummary, against: PersonSummary, child: string) {
  const answer = await call(by, 'POST', '/api/v1/cases', {
    children: [
      {
        name: child,
        dateOfBirth: '2019-03-27',
        caseNumber: `CN-${child.length}`,
        childProtectionPlan: true,
        lookedAfter: false,
      },
    ],
    agencies: [against.agency?.id],
    category: 'communication',
    disagreement: `Calls about ${child} are not returned.`,
    evidence: { nature: `Call log naming ${child}`, source: 'School office' },
    actionsToDate: 'Three calls.',
    outcomeSought: 'A call back.',
    immediateRisk: false,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id as string;
}

async function command(person: PersonSummary, id: string, body: object) {
  const current = await call(person, 'GET', `/api/v1/cases/${id}`);
  const answer = await call(person, 'POST', `/api/v1/cases/${id}/commands`, {
    expectedVersion: current.body.version,
    ...body,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

/** Every text column of every table, as (table, column) pairs, read from the database itself. */
async function textColumns(): Promise<[string, string][]> {
  if (t.store.dialect === 'sqlite') {
    const tables = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
      t.store.db,
    );
    const found: [string, string][] = [];
    for (const { name } of tables.rows) {
      const columns = await sql<{ name: string; type: string }>`
        select name, type from pragma_table_info(${name})`.execute(t.store.db);
      for (const c of columns.rows) if (/text/i.test(c.type)) found.push([name, c.name]);
    }
    return found;
  }
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and data_type = 'text'`.execute(t.store.db);
  return columns.rows.map((c) => [c.table_name, c.column_name]);
}

/** Where in the database a piece of text is found: "table.column" for each. */
async function whereFound(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const [table, column] of await textColumns()) {
    const rows = await sql<{ n: number }>`
      select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} like ${`%${text}%`}`.execute(
      t.store.db,
    );
    if (Number(rows.rows[0]?.n) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

async function figures(now: Date) {
  const { id: partnershipId } = await t.store.db
    .selectFrom('partnerships')
    .select('id')
    .where('key', '=', teacher.partnership)
    .executeTakeFirstOrThrow();
  return partnershipFigures(
    t.store.db,
    { partnershipId },
    { period: customPeriod('2026-01-01', '2026-12-31', now) },
    now,
  );
}

async function snapshot() {
  const personal = await t.store.db
    .selectFrom('event_personal')
    .selectAll()
    .orderBy('case_id')
    .orderBy('seq')
    .execute();
  const cases = await t.store.db
    .selectFrom('cases')
    .select(['id', 'version', 'redacted_at'])
    .orderBy('id')
    .execute();
  const events = await t.store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { personal, cases, events: Number(events.n) };
}

beforeAll(async () => {
  t = await createTestApp({ now: T0 });
  teacher = t.person('frontline', 'Hillcrest');
  csc = t.person('frontline', "Bromley Children's Social Care");
  team = t.people.find(
    (p) => p.role === 'partnership-team' && p.partnership === teacher.partnership,
  ) as PersonSummary;
  const torbay = t.person('frontline', 'Bayview');
  const torbayCsc = t.person('frontline', "Torbay Children's Services");
  await givePasswords(t.store, [teacher, team]);
  // Bromley keeps personal details for 7 years after closing; Torbay has the default (25)
  await t.store.db
    .updateTable('partnerships')
    .set({ retention_years: 7 })
    .where('key', '=', teacher.partnership)
    .execute();

  for (const key of Object.keys(NAMES) as (keyof typeof NAMES)[]) {
    const [by, against] = key === 'torbay' ? [torbay, torbayCsc] : [teacher, csc];
    ids[key] = await raise(by, against, NAMES[key]);
  }
  const withdraw = { type: 'withdraw', reason: 'Agreed on the phone.' };
  await command(teacher, ids.withdrawn, withdraw);
  await command(torbay, ids.torbay, withdraw);
  await command(teacher, ids.reopened, withdraw);
  await command(csc, ids.resolved, {
    type: 'resolve',
    outcome: `A strategy discussion for ${NAMES.resolved} was held.`,
    agreedBy: [
      { agencyId: teacher.agency?.id, name: 'The school designated lead' },
      { agencyId: csc.agency?.id, name: 'The social care team manager' },
    ],
    learning: 'Duty desks should return calls the same day.',
  });
  t.clock.now = at(T0, 2);
  await command(teacher, ids.later, withdraw);
  t.clock.now = at(T0, 3);
  await command(teacher, ids.reopened, { type: 'reopen', reason: 'It happened again.' });
}, 120_000);
afterAll(async () => t.close());

describe('the retention rule', () => {
  it('is not met a day before: the dry run lists nothing and nothing changes', async () => {
    expect(await casesPastRetention(t.store.db, at(SEVEN_YEARS, -1))).toEqual([]);
    const before = await snapshot();
    const run = await applyRetention(t.store.db, at(SEVEN_YEARS, 1), { dryRun: true });
    expect(run.items.map((i) => i.caseId).sort()).toEqual([ids.withdrawn, ids.resolved].sort());
    expect(await snapshot()).toEqual(before);
    expect((await verifyAll(t.store.db)).ok).toBe(true);
  });

  it('removes the personal details of closed cases past it, and only those, leaving the figures as they were', async () => {
    const now = at(SEVEN_YEARS, 1);
    const figuresBefore = await figures(now);
    const stagesBefore = await t.store.db.selectFrom('case_stages').selectAll().execute();
    const runner = startJobs({
      db: t.store.db,
      transport: { send: async () => {} },
      baseUrl: 'http://escalate.test',
      log: silentLog(),
      now: () => now,
      intervalMs: 60_000,
    });
    await runner.tick();
    await runner.stop();

    const redacted = await t.store.db
      .selectFrom('cases')
      .select('id')
      .where('redacted_at', 'is not', null)
      .execute();
    expect(redacted.map((r) => r.id).sort()).toEqual([ids.withdrawn, ids.resolved].sort());
    // the log says how many, and nothing about which child (ASVS V7.1.1)
    // (the runner's own first tick may run beside this one: each logs the cases it removed)
    const counts = logged
      .filter((entry) => (entry as unknown[])[1] === 'retention rule applied')
      .map((entry) => (entry as [{ retention: { redacted: number } }])[0].retention.redacted);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(JSON.stringify(logged)).not.toMatch(/Fictional|ESC-/);
    expect(await figures(now)).toEqual(figuresBefore);
    const stagesAfter = await t.store.db.selectFrom('case_stages').selectAll().execute();
    expect(stagesAfter).toEqual(stagesBefore);
    expect(await verifyAll(t.store.db)).toMatchObject({ ok: true });

    // the child's name, details and the free text are in no column of any table
    for (const gone of [
      NAMES.withdrawn,
      NAMES.resolved,
      'CN-30',
      'Agreed on the phone',
      'strategy discussion for',
      'Duty desks should',
      'Three calls',
    ]) {
      const found = await whereFound(gone);
      if (gone === 'Agreed on the phone' || gone === 'Three calls') {
        // still held for the cases not past the rule, and only there
        expect(found).toEqual(['event_personal.data']);
        const held = await t.store.db
          .selectFrom('event_personal')
          .select('case_id')
          .where('data', 'like', `%${gone}%`)
          .execute();
        expect(held.map((h) => h.case_id)).not.toContain(ids.withdrawn);
        expect(held.map((h) => h.case_id)).not.toContain(ids.resolved);
      } else expect(found, gone).toEqual([]);
    }
    // the others keep theirs
    for (const kept of [NAMES.later, NAMES.reopened, NAMES.open, NAMES.torbay]) {
      expect(await whereFound(kept)).toEqual(['event_personal.data']);
    }
    // nor in the SQLite file's free space (secure_delete), once the WAL is written back
    if (t.database.config.dialect === 'sqlite') {
      const [checkpoint] = await sql<{ busy: number }>`PRAGMA wal_checkpoint(TRUNCATE)`
        .execute(t.store.db)
        .then((r) => r.rows);
      expect(checkpoint?.busy).toBe(0);
      const file = readFileSync(t.database.config.file);
      for (const gone of [NAMES.withdrawn, NAMES.resolved]) {
        expect(file.includes(Buffer.from(gone)), gone).toBe(false);
      }
      expect(file.includes(Buffer.from(NAMES.later))).toBe(true);
    }
  });

  it('records the removal in the case record, with nothing personal in it', async () => {
    const events = await readEvents<StoredEvent & Record<string, unknown>>(
      t.store.db,
      ids.withdrawn,
    );
    const last = events[events.length - 1];
    expect(last).toMatchObject({
      type: 'redacted',
      by: 'retention-rule',
      rule: { yearsAfterClosure: 7 },
      closedAt: T0.toISOString(),
    });
    expect(JSON.stringify(last)).not.toContain('Fictional');
    expect(events.filter((e) => e.type === 'redacted')).toHaveLength(1);
  });

  it('shows the removal on the API, the case page, the PDF, the CSV and the board report', async () => {
    t.clock.now = at(SEVEN_YEARS, 1);
    const notice = '[removed under the retention rule on 3 November 2033]';
    const api = await call(teacher, 'GET', `/api/v1/cases/${ids.withdrawn}`);
    expect(api.status).toBe(200);
    expect(api.body.status).toBe('withdrawn');
    expect(api.body.children).toEqual([
      {
        name: notice,
        dateOfBirth: notice,
        caseNumber: notice,
        childProtectionPlan: true,
        lookedAfter: false,
        childInNeed: false,
      },
    ]);
    expect(api.body.record[0].disagreement).toBe(notice);
    expect(api.body.record.at(-1).type).toBe('redacted');
    expect(JSON.stringify(api.body)).not.toContain(NAMES.withdrawn);

    const browser = new Agent(t.app);
    await browser.signIn(teacher);
    const page = await browser.get(`/cases/${ids.withdrawn}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(notice);
    expect(page.body).toContain('Personal details removed');
    expect(page.body).not.toContain(NAMES.withdrawn);
    const pdf = await t.app.inject({
      url: `/cases/${ids.withdrawn}/record.pdf`,
      headers: { cookie: browser.cookie ?? '' },
    });
    expect(pdf.statusCode).toBe(200);
    const pdfText = (
      await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), {
        mergePages: true,
      })
    ).text.replace(/\s+/g, ' ');
    expect(pdfText).toContain('removed under the retention rule on 3 November 2033');
    expect(pdfText).toContain('Personal details removed');
    expect(pdfText).not.toContain('Ottoline');

    const oversight = new Agent(t.app);
    await oversight.signIn(team);
    const csv = await oversight.get(
      '/partnership/cases.csv?period=custom&from=2026-01-01&to=2026-12-31&children=include',
    );
    expect(csv.status).toBe(200);
    expect(csv.body).toContain(notice);
    expect(csv.body).not.toContain(NAMES.withdrawn);
    expect(csv.body).toContain(NAMES.later);
    const report = await oversight.get(
      '/partnership/report?period=custom&from=2026-10-01&to=2026-12-31',
    );
    expect(report.status).toBe(200);
    expect(report.body).not.toContain('Duty desks should');
    expect(report.body).toContain(notice);
    const reportPdf = await oversight.get(
      '/partnership/report.pdf?period=custom&from=2026-10-01&to=2026-12-31',
    );
    expect(reportPdf.status).toBe(200);
  });

  it('leaves the subject access export nothing to find by the child name', async () => {
    const search = (name: string) =>
      subjectAccessExport(t.store.db, { partnership: teacher.partnership, name }, new Date());
    expect((await search(NAMES.withdrawn)).cases).toEqual([]);
    expect((await search(NAMES.later)).cases.map((c) => c.id)).toEqual([ids.later]);
  });

  it('refuses any command on a case whose details were removed, and changes nothing', async () => {
    const before = await snapshot();
    const current = await call(teacher, 'GET', `/api/v1/cases/${ids.withdrawn}`);
    const answer = await call(teacher, 'POST', `/api/v1/cases/${ids.withdrawn}/commands`, {
      expectedVersion: current.body.version,
      type: 'reopen',
      reason: 'Try again.',
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(JSON.stringify(answer.body)).toContain('retention rule');
    expect((await snapshot()).personal).toEqual(before.personal);
  });

  it('counts a reopened case from its last closing, and never touches an open one', async () => {
    const long = at(SEVEN_YEARS, 365 * 30);
    const due = await casesPastRetention(t.store.db, long);
    const listed = due.map((i) => i.caseId);
    expect(listed).not.toContain(ids.reopened);
    expect(listed).not.toContain(ids.open);
    // Torbay's default rule (25 years) is met by then too
    expect(listed.sort()).toEqual([ids.later, ids.torbay].sort());
  });

  it('removes each case once when two job runners run at once', async () => {
    const now = at(SEVEN_YEARS, 3); // the case closed two days after T0 is now past the rule
    // PostgreSQL: a second pool, really at the same time. SQLite: one process cannot hold two
    // connections writing at once (better-sqlite3 blocks the event loop), so both runners share
    // the app's connection: both find the case before either claims it, and only one claim wins.
    const second =
      t.store.dialect === 'postgres'
        ? openStore(t.database.config)
        : { db: t.store.db, close: async () => {} };
    try {
      const [a, b] = await Promise.all([
        applyRetention(t.store.db, now),
        applyRetention(second.db, now),
      ]);
      const removed = [...a.items, ...b.items].map((i) => i.caseId);
      expect(removed).toEqual([ids.later]);
    } finally {
      await second.close();
    }
    const events = await readEvents(t.store.db, ids.later);
    expect(events.filter((e) => e.type === 'redacted')).toHaveLength(1);
    expect((await verifyCase(t.store.db, ids.later)).ok).toBe(true);
  });

  it('escalate retention run: a dry run lists references and dates, then the run removes them', async () => {
    // the command runs at the real time: close the Torbay case far enough in the past
    await t.store.db
      .updateTable('cases')
      .set({ closed_at: '2000-01-03T10:00:00.000Z' })
      .where('id', '=', ids.torbay)
      .execute();
    const env = { DATABASE_URL: t.database.url };
    const reference = (
      await t.store.db
        .selectFrom('cases')
        .select('reference')
        .where('id', '=', ids.torbay)
        .executeTakeFirstOrThrow()
    ).reference;
    const dry = await escalate(['retention', 'run', '--dry-run', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    const listed = JSON.parse(dry.stdout);
    expect(listed).toMatchObject({ dryRun: true, redactedAt: null });
    expect(listed.cases).toEqual([
      {
        reference,
        partnership: 'tscp',
        closedAt: '2000-01-03T10:00:00.000Z',
        ruleMetAt: '2025-01-03T10:00:00.000Z',
        yearsAfterClosure: 25,
      },
    ]);
    expect(dry.stdout).not.toContain('Fictional');
    expect(await whereFound(NAMES.torbay)).toEqual(['event_personal.data']);
    const done = await escalate(['retention', 'run'], env);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(reference);
    expect(done.stdout).not.toContain('Fictional');
    expect(await whereFound(NAMES.torbay)).toEqual([]);
    const verified = await escalate(['audit', 'verify'], env);
    expect(verified.code, verified.stderr).toBe(0);
    const again = await escalate(['retention', 'run'], env);
    expect(again.stdout).toContain('No case is past its retention rule.');
  }, 60_000);
});

describe('the record after the change of chain format', () => {
  // these break the record on purpose: they run last
  it('still catches an edited event, an edited personal part and an unrecorded removal', async () => {
    await dropAppendOnlyTriggers(t.store.db, t.store.dialect, 'events');
    const personal = (id: string, seq: number) =>
      t.store.db
        .selectFrom('event_personal')
        .select('data')
        .where('case_id', '=', id)
        .where('seq', '=', seq)
        .executeTakeFirstOrThrow();

    // the name of a child whose details are held, changed in place
    const held = await personal(ids.open, 1);
    await t.store.db
      .updateTable('event_personal')
      .set({ data: held.data.replace(NAMES.open, 'Someone Else') })
      .where('case_id', '=', ids.open)
      .where('seq', '=', 1)
      .execute();
    expect(await verifyCase(t.store.db, ids.open)).toMatchObject({
      ok: false,
      seq: 1,
      problem: 'had its personal details changed after they were recorded',
    });
    await t.store.db
      .updateTable('event_personal')
      .set({ data: held.data })
      .where('case_id', '=', ids.open)
      .where('seq', '=', 1)
      .execute();
    expect((await verifyCase(t.store.db, ids.open)).ok).toBe(true);

    // removed as the rule would, but with no `redacted` event in the record
    const notice = JSON.stringify({ reason: '[removed under the retention rule on 1 May 2030]' });
    const stage = await personal(ids.open, 2);
    await t.store.db
      .updateTable('event_personal')
      .set({ data: notice, salt: null })
      .where('case_id', '=', ids.open)
      .where('seq', '=', 2)
      .execute();
    expect(await verifyCase(t.store.db, ids.open)).toMatchObject({
      ok: false,
      seq: 2,
      problem: 'had its personal details removed with no record of it',
    });
    await t.store.db
      .updateTable('event_personal')
      .set({ data: stage.data })
      .where('case_id', '=', ids.open)
      .where('seq', '=', 2)
      .execute();

    // a name written back into a removed case
    await t.store.db
      .updateTable('event_personal')
      .set({ data: JSON.stringify({ children: [{ name: 'Put Back' }] }) })
      .where('case_id', '=', ids.withdrawn)
      .where('seq', '=', 1)
      .execute();
    expect(await verifyCase(t.store.db, ids.withdrawn)).toMatchObject({ ok: false, seq: 1 });

    // the kept part of an event edited: the event hash catches it as before
    await t.store.db
      .updateTable('events')
      .set({ data: sql`replace(data, 'communication', 'need-for-action')` })
      .where('case_id', '=', ids.later)
      .where('seq', '=', 1)
      .execute();
    expect(await verifyCase(t.store.db, ids.later)).toMatchObject({
      ok: false,
      seq: 1,
      problem: 'was changed after it was recorded',
    });
    // a personal part deleted outright
    await t.store.db
      .deleteFrom('event_personal')
      .where('case_id', '=', ids.reopened)
      .where('seq', '=', 1)
      .execute();
    expect(await verifyCase(t.store.db, ids.reopened)).toMatchObject({
      ok: false,
      seq: 1,
      problem: 'has lost its personal details',
    });
  });
});

/** A logger that keeps what it is given, to check nothing personal is logged. */
const logged: unknown[] = [];
function silentLog() {
  const noop = () => {};
  const keep = (...args: unknown[]) => void logged.push(args);
  const log = {
    info: keep,
    error: keep,
    warn: keep,
    debug: keep,
    trace: keep,
    fatal: keep,
    silent: noop,
    level: 'silent',
    child: () => log,
  };
  return log as never;
}
