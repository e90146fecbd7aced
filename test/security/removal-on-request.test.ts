/**
 * Removal on request ahead of the retention rule (ASVS V8.3.2):
 * `escalate retention remove CASE --reason R --decided-by EMAIL [--dry-run]`. The partnership
 * team, chair or an administrator of the case's partnership decides; the case must be closed;
 * the reason and the decider (by id) are recorded in the `redacted` event; the chain verifies.
 * Every refusal says why and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { RemovalRefused, removeOnRequest } from '../../src/services/retention.js';
import { readEvents } from '../../src/store/event-store.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { escalate } from '../support/process.js';

let t: TestApp;
let teacher: PersonSummary;
let csc: PersonSummary;
const CHILD = {
  closed: 'Wilhelmina Fictional-Ravensworth',
  second: 'Percival Fictional-Hawthorne',
  open: 'Rosalind Fictional-Birchwood',
};
const ids: Record<keyof typeof CHILD, string> = {} as never;
const refs: Record<keyof typeof CHILD, string> = {} as never;
const REASON = "Data protection officer's decision DP-2026-014";

async function call(person: PersonSummary, method: 'GET' | 'POST', url: string, payload?: object) {
  const response = await t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${await t.token(person)}` },
    payload,
  });
  return { status: response.statusCode, body: response.json(), text: response.body };
}

async function raise(child: string): Promise<string> {
  const answer = await call(teacher, 'POST', '/api/v1/cases', {
    children: [
      {
        name: child,
        dateOfBirth: '2018-05-14',
        caseNumber: 'CN-0042',
        childProtectionPlan: false,
        lookedAfter: false,
      },
    ],
    agencies: [csc.agency?.id],
    category: 'communication',
    disagreement: `Calls about ${child} are not returned.`,
    evidence: { nature: `A call log naming ${child}`, source: 'School office' },
    actionsToDate: 'Three calls.',
    outcomeSought: 'A call back.',
    immediateRisk: false,
  });
  expect(answer.status, answer.text).toBe(201);
  return answer.body.id as string;
}

async function withdraw(id: string) {
  const current = await call(teacher, 'GET', `/api/v1/cases/${id}`);
  const answer = await call(teacher, 'POST', `/api/v1/cases/${id}/commands`, {
    type: 'withdraw',
    reason: 'Agreed on the phone.',
    expectedVersion: current.body.version,
  });
  expect(answer.status, answer.text).toBe(200);
}

const inPartnership = (role: string, partnership: string) =>
  t.people.find((p) => p.role === role && p.partnership === partnership) as PersonSummary;

/** Everything a removal may change. */
async function snapshot() {
  return {
    personal: await t.store.db
      .selectFrom('event_personal')
      .selectAll()
      .orderBy('case_id')
      .orderBy('seq')
      .execute(),
    cases: await t.store.db
      .selectFrom('cases')
      .select(['id', 'version', 'redacted_at'])
      .orderBy('id')
      .execute(),
    events: (await t.store.db.selectFrom('events').select('seq').execute()).length,
  };
}

const env = () => ({ DATABASE_URL: t.database.url });

beforeAll(async () => {
  t = await createTestApp();
  teacher = t.person('frontline', 'Hillcrest');
  csc = t.person('frontline', "Bromley Children's Social Care");
  for (const key of Object.keys(CHILD) as (keyof typeof CHILD)[]) {
    ids[key] = await raise(CHILD[key]);
    refs[key] = (
      await t.store.db
        .selectFrom('cases')
        .select('reference')
        .where('id', '=', ids[key])
        .executeTakeFirstOrThrow()
    ).reference;
  }
  await withdraw(ids.closed);
  await withdraw(ids.second);
}, 120_000);
afterAll(async () => t.close());

describe('escalate retention remove', () => {
  it('refuses, saying why and changing nothing: unknown case, open case, empty reason, a decider who may not decide', async () => {
    const team = inPartnership('partnership-team', teacher.partnership);
    const otherTeam = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership !== teacher.partnership,
    ) as PersonSummary;
    const before = await snapshot();
    const refusals: [{ case: string; reason: string; decidedBy: string }, RegExp][] = [
      [
        { case: 'ESC-NOPE00', reason: REASON, decidedBy: team.email },
        /^There is no case ESC-NOPE00\.$/,
      ],
      [
        { case: refs.open, reason: REASON, decidedBy: team.email },
        new RegExp(`^${refs.open} is open: only a closed case's details can be removed`),
      ],
      [{ case: refs.closed, reason: '   ', decidedBy: team.email }, /^Give the reason/],
      [
        { case: refs.closed, reason: 'x'.repeat(501), decidedBy: team.email },
        /500 characters or fewer/,
      ],
      [
        { case: refs.closed, reason: REASON, decidedBy: 'nobody@example.org' },
        /^There is nobody with the e-mail nobody@example.org\.$/,
      ],
      [{ case: refs.closed, reason: REASON, decidedBy: teacher.email }, /may not decide this/],
      [{ case: ids.closed, reason: REASON, decidedBy: otherTeam.email }, /may not decide this/],
    ];
    for (const [request, message] of refusals) {
      const refused = removeOnRequest(t.store.db, request, t.clock.now);
      await expect(refused, String(message)).rejects.toBeInstanceOf(RemovalRefused);
      await expect(refused).rejects.toThrow(message);
    }
    // the same through the command line: exit 1, one line, nothing changed
    const cli = await escalate(
      ['retention', 'remove', refs.open, '--reason', REASON, '--decided-by', team.email],
      env(),
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(new RegExp(`^escalate: ${refs.open} is open`));
    const empty = await escalate(
      ['retention', 'remove', refs.closed, '--reason', '', '--decided-by', team.email],
      env(),
    );
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^escalate: Give the reason/);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('--dry-run says what would be removed and changes nothing', async () => {
    const chair = inPartnership('chair', teacher.partnership);
    const before = await snapshot();
    const dry = await escalate(
      [
        'retention',
        'remove',
        refs.closed,
        '--reason',
        REASON,
        '--decided-by',
        chair.email,
        '--dry-run',
        '--json',
      ],
      env(),
    );
    expect(dry.code, dry.stderr).toBe(0);
    const printed = JSON.parse(dry.stdout);
    expect(printed).toMatchObject({ dryRun: true, reference: refs.closed, removedAt: null });
    expect(printed.events).toBeGreaterThan(0);
    expect(printed.closedAt).toMatch(/^2026-11-02T\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    expect(dry.stdout).not.toContain('Fictional');
    expect(await snapshot()).toEqual(before);
  }, 30_000);

  it('removes the details, records the reason and who decided (by id), and the chain still verifies', async () => {
    const team = inPartnership('partnership-team', teacher.partnership);
    const done = await escalate(
      ['retention', 'remove', refs.closed, '--reason', REASON, '--decided-by', team.email],
      env(),
    );
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`of ${refs.closed} on request`);
    expect(done.stdout).not.toContain('Fictional');

    const events = await readEvents(t.store.db, ids.closed);
    const last = events.at(-1) as unknown as Record<string, unknown>;
    expect(last).toMatchObject({
      type: 'redacted',
      by: team.id,
      request: { reason: REASON },
      events: events.length - 1,
    });
    expect(last.rule).toBeUndefined();
    expect(JSON.stringify(events)).not.toContain('Fictional');
    // the case as the teacher sees it: the notice in place of the text
    const read = await call(teacher, 'GET', `/api/v1/cases/${ids.closed}`);
    expect(read.status).toBe(200);
    expect(read.text).not.toContain(CHILD.closed);
    expect(read.text).toMatch(/\[removed on request on \d{1,2} [A-Z][a-z]+ 2026\]/);
    // the other cases are untouched
    expect(JSON.stringify(await readEvents(t.store.db, ids.second))).toContain(CHILD.second);

    const verified = await escalate(['audit', 'verify'], env());
    expect(verified.code, verified.stderr).toBe(0);

    // once only; and no command changes it now
    const { redacted_at } = await t.store.db
      .selectFrom('cases')
      .select('redacted_at')
      .where('id', '=', ids.closed)
      .executeTakeFirstOrThrow();
    const again = removeOnRequest(
      t.store.db,
      { case: ids.closed, reason: REASON, decidedBy: team.email },
      t.clock.now,
    );
    await expect(again).rejects.toThrow(
      `The personal details of ${refs.closed} were already removed on ${redacted_at?.slice(0, 10)}.`,
    );
    const reopen = await call(teacher, 'POST', `/api/v1/cases/${ids.closed}/commands`, {
      type: 'reopen',
      reason: 'Again.',
      expectedVersion: read.body.version,
    });
    expect(reopen.status).toBe(422);
    expect(reopen.text).toContain('have been removed');
  }, 60_000);

  it('may be decided by an administrator of the partnership too', async () => {
    const admin = inPartnership('administrator', teacher.partnership);
    const result = await removeOnRequest(
      t.store.db,
      { case: ids.second, reason: REASON, decidedBy: admin.email.toUpperCase() },
      t.clock.now,
    );
    expect(result).toMatchObject({ reference: refs.second, dryRun: false });
    expect(result.decidedBy).toEqual({ personId: admin.id, role: 'administrator' });
    const events = await readEvents(t.store.db, ids.second);
    expect(JSON.stringify(events)).not.toContain(CHILD.second);
    // recorded as the case's next version: the reason, who decided, how many parts it replaced
    expect(events.at(-1)).toMatchObject({
      type: 'redacted',
      by: admin.id,
      request: { reason: REASON },
      events: result.events,
    });
    expect(result.events).toBe(events.length - 1);
    const { version } = await t.store.db
      .selectFrom('cases')
      .select('version')
      .where('id', '=', ids.second)
      .executeTakeFirstOrThrow();
    expect(version).toBe(events.length);
    // the notice in place of the text says on what ground
    expect((events[0] as unknown as { disagreement: string }).disagreement).toMatch(
      /^\[removed on request on \d{1,2} [A-Z][a-z]+ \d{4}\]$/,
    );
  });
});
