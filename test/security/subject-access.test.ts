/**
 * A subject access request for one child (issue 8, data protection): `escalate export child`
 * answers every case of the partnership that names the child, with its record, the agencies
 * and people in it and its access log; and nothing about any other child or partnership.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { subjectAccessExport, UnknownPartnershipError } from '../../src/services/subject-access.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { cleanEnv, ROOT } from '../support/process.js';

let t: TestApp;
const ids: Record<string, string> = {};

async function raise(by: PersonSummary, against: PersonSummary, children: object[]) {
  const answer = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { authorization: `Bearer ${await t.token(by)}` },
    payload: {
      children,
      agencies: [against.agency?.id],
      category: 'communication',
      disagreement: 'Calls are not returned.',
      evidence: { nature: 'No contact', source: 'Call log' },
      actionsToDate: 'Three calls.',
      outcomeSought: 'A call back.',
      immediateRisk: false,
    },
  });
  expect(answer.statusCode).toBe(201);
  return answer.json().id as string;
}

beforeAll(async () => {
  t = await createTestApp();
  const school = t.person('frontline', 'Hillcrest');
  const csc = t.person('frontline', "Bromley Children's Social Care");
  const police = t.person('frontline', 'Metropolitan Police, Bromley');
  const torbay = t.person('frontline', 'Bayview');
  const torbayCsc = t.person('frontline', "Torbay Children's Services");
  const ada = { name: 'Ada Fictional-Lovelace', dateOfBirth: '2020-01-02' };
  ids.one = await raise(school, csc, [
    ada,
    { name: 'Sibling Fictional', dateOfBirth: '2018-03-04' },
  ]);
  ids.two = await raise(police, csc, [{ ...ada, name: '  ada  fictional-lovelace ' }]);
  ids.sameNameOtherChild = await raise(school, police, [{ ...ada, dateOfBirth: '2015-05-05' }]);
  ids.otherPartnership = await raise(torbay, torbayCsc, [ada]);
  await t.app.inject({
    url: `/api/v1/cases/${ids.one}`,
    headers: { authorization: `Bearer ${await t.token(csc)}` },
  });
});
afterAll(async () => t.close());

describe('escalate export child', () => {
  it('finds every case of the partnership naming the child, by name and date of birth', async () => {
    const found = await subjectAccessExport(
      t.store.db,
      { partnership: 'bscp', name: 'Ada Fictional-Lovelace', dateOfBirth: '2020-01-02' },
      t.clock.now,
    );
    expect(found.cases.map((c) => c.id).sort()).toEqual([ids.one, ids.two].sort());
    const one = found.cases.find((c) => c.id === ids.one);
    // only this child in `children`; the record whole, with every event as recorded
    expect(one?.children).toEqual([expect.objectContaining({ name: 'Ada Fictional-Lovelace' })]);
    expect(one?.record[0]).toMatchObject({ seq: 1, type: 'raised' });
    expect(one?.record.map((e) => e.seq)).toEqual(one?.record.map((_, i) => i + 1));
    expect(one?.agencies.map((a) => a.side).sort()).toEqual(['other', 'raising']);
    expect(one?.people.length).toBeGreaterThan(0);
    expect(one?.accessLog.some((l) => l.action === 'read' && l.via === 'api')).toBe(true);
    // without the date of birth, the child of the same name is found too
    const byName = await subjectAccessExport(
      t.store.db,
      { partnership: 'bscp', name: 'ada fictional-lovelace' },
      t.clock.now,
    );
    expect(byName.cases.map((c) => c.id)).toContain(ids.sameNameOtherChild);
    expect(byName.cases.map((c) => c.id)).not.toContain(ids.otherPartnership);
    await expect(
      subjectAccessExport(t.store.db, { partnership: 'nope', name: 'x' }, t.clock.now),
    ).rejects.toThrow(UnknownPartnershipError);
  });

  it('prints JSON from the command line, and refuses a bad date with a clear message', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'escalate.js'), 'export', 'child', ...args], {
        env: cleanEnv({ NODE_ENV: 'test', DATABASE_URL: t.database.url }),
        encoding: 'utf8',
      });
    const ok = run(['--partnership', 'tscp', '--name', 'Ada Fictional-Lovelace']);
    expect(ok.status).toBe(0);
    const json = JSON.parse(ok.stdout);
    expect(json.cases.map((c: { id: string }) => c.id)).toEqual([ids.otherPartnership]);
    const bad = run(['--partnership', 'tscp', '--name', 'Ada', '--date-of-birth', '31/02/2020']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^escalate: --date-of-birth: give a real date/);
  }, 30_000);
});
