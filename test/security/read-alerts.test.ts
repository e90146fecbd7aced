/**
 * The read alert (ASVS V8.1.4): one person reading more than READ_ALERT_CASES_PER_HOUR different
 * cases in the last hour is logged (person id and count only) and their partnership team is
 * e-mailed, once per person per hour, however many runs or instances look; under the threshold,
 * nothing. The count reads an index of the access log, not the whole table.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heavyReadersQuery, sweepReadAlerts } from '../../src/jobs/read-alerts.js';
import { startJobs } from '../../src/jobs/runner.js';
import type { OutgoingEmail } from '../../src/notify/transports.js';
import { loadPresets } from '../../src/policies/index.js';
import { loadDemo } from '../../src/services/demo.js';
import { listPeople, type PersonSummary } from '../../src/services/people.js';
import { prepareStore } from '../../src/services/setup.js';
import { openStore, type Store } from '../../src/store/database.js';
import { createTestStore, destroyTestStore, type TestDatabase } from '../support/database.js';

let t: { store: Store; database: TestDatabase };
let people: PersonSummary[];
const NOW = new Date('2026-11-02T10:20:00Z');
const minutesBefore = (minutes: number, from = NOW) =>
  new Date(from.getTime() - minutes * 60_000).toISOString();

beforeAll(async () => {
  t = await createTestStore();
  await prepareStore(t.store, NOW);
  await loadDemo(t.store.db, loadPresets(), { withPasswords: false, now: NOW.toISOString() });
  people = await listPeople(t.store.db);
}, 60_000);
afterAll(async () => destroyTestStore(t));

/** `reads` rows of the access log for this person, over `cases` different cases, `at` each. */
async function read(person: PersonSummary, cases: number, reads: number, at: () => string) {
  const caseIds = Array.from({ length: cases }, () => randomUUID());
  const rows = Array.from({ length: reads }, (_, i) => ({
    id: randomUUID(),
    case_id: caseIds[i % cases] as string,
    person_id: person.id,
    action: 'read' as const,
    via: 'api' as const,
    at: at(),
  }));
  await t.store.db.insertInto('access_log').values(rows).execute();
}

const alertsAbout = (personId: string) =>
  t.store.db
    .selectFrom('outbox')
    .selectAll()
    .where('rule_key', '=', 'read-alert')
    .where('idempotency_key', 'like', `read-alert:${personId}:%`)
    .orderBy('recipient_email')
    .execute();

const teamOf = (person: PersonSummary) =>
  people
    .filter((p) => p.partnership === person.partnership && p.role === 'partnership-team')
    .map((p) => p.email)
    .sort();

const unused = (() => {
  const used = new Set<string>();
  return (role: string) => {
    const person = people.find((p) => p.role === role && !used.has(p.id) && p.agency);
    if (!person) throw new Error(`no unused ${role}`);
    used.add(person.id);
    return person;
  };
})();

describe('the read alert', () => {
  it('alerts the partnership team once for someone over the threshold, and logs the id and count only', async () => {
    const heavy = unused('frontline');
    const light = unused('frontline');
    // 51 different cases in the last hour, some read twice; and 50 (the threshold) for another
    await read(heavy, 51, 80, () => minutesBefore(30));
    await read(light, 50, 120, () => minutesBefore(59));
    // older reads do not count: 100 cases an hour and a quarter ago
    await read(light, 100, 100, () => minutesBefore(75));
    const warned: unknown[] = [];
    const alerted = await sweepReadAlerts(t.store.db, NOW, {
      threshold: 50,
      warn: (found) => warned.push(found),
    });
    expect(alerted).toEqual([{ personId: heavy.id, distinctCases: 51 }]);
    expect(warned).toEqual([{ personId: heavy.id, distinctCases: 51 }]);
    expect(JSON.stringify(warned)).not.toContain(heavy.name);

    const rows = await alertsAbout(heavy.id);
    expect(teamOf(heavy).length).toBeGreaterThan(0);
    expect(rows.map((r) => r.recipient_email)).toEqual(teamOf(heavy));
    expect(rows.every((r) => r.status === 'queued' && r.case_id === null)).toBe(true);
    expect(await alertsAbout(light.id)).toEqual([]);

    // a second run in the same hour, and two at once: nothing more
    const second = t.store.dialect === 'postgres' ? openStore(t.database.config) : undefined;
    try {
      const runs = await Promise.all([
        sweepReadAlerts(t.store.db, new Date(NOW.getTime() + 60_000), { threshold: 50 }),
        sweepReadAlerts(second?.db ?? t.store.db, new Date(NOW.getTime() + 60_000), {
          threshold: 50,
        }),
      ]);
      expect(runs).toEqual([[], []]);
    } finally {
      await second?.close();
    }
    expect(await alertsAbout(heavy.id)).toHaveLength(rows.length);
  });

  it('alerts again in a later hour when the reading goes on', async () => {
    const person = unused('manager');
    await read(person, 60, 60, () => minutesBefore(10));
    expect(await sweepReadAlerts(t.store.db, NOW, { threshold: 50 })).toHaveLength(1);
    const later = new Date(NOW.getTime() + 60 * 60_000);
    await read(person, 55, 55, () => minutesBefore(5, later));
    expect(await sweepReadAlerts(t.store.db, later, { threshold: 50 })).toEqual([
      { personId: person.id, distinctCases: 55 },
    ]);
    expect(await alertsAbout(person.id)).toHaveLength(teamOf(person).length * 2);
  });

  it('runs in the background jobs: the warning line and the e-mail to the team, with no child data', async () => {
    const person = unused('dsl');
    const at = new Date(NOW.getTime() + 3 * 60 * 60_000);
    await read(person, 12, 12, () => minutesBefore(1, at));
    const logged: { level: string; args: unknown[] }[] = [];
    const log = {
      level: 'info',
      child: () => log,
      ...Object.fromEntries(
        ['info', 'warn', 'error', 'debug', 'trace', 'fatal'].map((level) => [
          level,
          (...args: unknown[]) => void logged.push({ level, args }),
        ]),
      ),
    } as unknown as FastifyBaseLogger;
    const sent: OutgoingEmail[] = [];
    const runner = startJobs({
      db: t.store.db,
      transport: { send: async (email) => void sent.push(email) },
      baseUrl: 'http://escalate.test',
      log,
      now: () => at,
      intervalMs: 60_000,
      readAlertCasesPerHour: 10,
    });
    await runner.tick();
    await runner.tick();
    await runner.stop();
    const warnings = logged.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.args).toEqual([
      { readAlert: { personId: person.id, distinctCases: 12 } },
      'unusually many cases read in an hour',
    ]);
    const toTeam = sent.filter((e) => e.subject.includes(person.name));
    expect(toTeam.map((e) => e.to).sort()).toEqual(teamOf(person));
    const email = toTeam[0] as OutgoingEmail;
    expect(email.subject).toBe(`Unusual reading of disagreements by ${person.name}`);
    expect(email.text).toContain(`read 12 different disagreements between`);
    expect(email.text).toContain('more than the 10 an hour');
    expect(email.text).toContain(person.agency?.name as string);
    expect(email.text).toContain('(UK time)');
    expect(email.text).not.toMatch(/ESC-/);
  });

  it('counts from an index of the access log, not a scan of the table', async () => {
    const compiled = heavyReadersQuery(t.store.db, NOW, 50).compile();
    const plan = await t.store.db.connection().execute(async (db) => {
      if (t.store.dialect === 'postgres') {
        // a test table is small enough that PostgreSQL would rather scan it; forbid that
        await sql`SET enable_seqscan = off`.execute(db);
        const rows = await db.executeQuery<Record<string, string>>(
          CompiledQuery.raw(`EXPLAIN ${compiled.sql}`, [...compiled.parameters]),
        );
        await sql`RESET enable_seqscan`.execute(db);
        return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
      }
      const rows = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`EXPLAIN QUERY PLAN ${compiled.sql}`, [...compiled.parameters]),
      );
      return rows.rows.map((r) => r.detail).join('\n');
    });
    expect(plan).toContain('access_log_at_person_case');
    expect(plan).not.toMatch(/Seq Scan|SCAN access_log\b(?! USING)/);
  });
});
