/**
 * The duplicate warning at raising (issue 16), on the database DATABASE_URL names: an open
 * disagreement about the same child (name, case and spaces ignored, and date of birth) with the
 * same other agencies, in the same partnership. The page warns before sending and lets the person
 * go on; the API raises all the same and lists the matches the caller may see. Children's names
 * are kept only as keys, which go when the retention rule removes the case's details.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { possibleDuplicates } from '../src/services/duplicates.js';
import { actorById, type PersonSummary } from '../src/services/people.js';
import { applyRetention, removeOnRequest } from '../src/services/retention.js';
import { childKey } from '../src/store/child-keys.js';
import { fillChildKeys } from '../src/store/migrations/017-child-keys.js';
import { Agent, givePasswords } from './pages/agent.js';
import { answerQuestions } from './pages/journey.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let teacher: PersonSummary;
let hillcrestDsl: PersonSummary;
let outsider: PersonSummary;
let otherPartnership: PersonSummary;
let csc: string;
let police: string;

const DATABASE = process.env.DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite';

const child = (name: string, dateOfBirth?: string) => ({
  name,
  ...(dateOfBirth ? { dateOfBirth } : {}),
});

async function raise(
  person: PersonSummary,
  agencies: string[],
  children: { name: string; dateOfBirth?: string }[],
) {
  const answer = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { authorization: `Bearer ${await t.token(person)}` },
    payload: {
      children,
      agencies,
      category: 'need-for-action',
      disagreement: 'A fictional disagreement about whether a strategy discussion is needed.',
      evidence: { nature: 'A fictional concern', source: 'Fictional records' },
      actionsToDate: 'A fictional referral on Monday.',
      outcomeSought: 'A strategy discussion.',
      immediateRisk: false,
    },
  });
  expect(answer.statusCode, answer.body).toBe(201);
  return answer.json() as {
    id: string;
    reference: string;
    version: number;
    possibleDuplicates: { id: string; reference: string }[];
  };
}

async function check(
  person: PersonSummary,
  agencies: string[],
  children: { name: string; dateOfBirth?: string }[],
) {
  const actor = await actorById(t.store.db, person.id);
  if (!actor) throw new Error('no actor');
  return possibleDuplicates(t.store.db, actor, { children, agencies });
}

beforeAll(async () => {
  t = await createTestApp();
  teacher = t.person('frontline', 'Hillcrest Primary School');
  hillcrestDsl = t.person('dsl', 'Hillcrest Primary School');
  const bscp = t.people.filter((p) => p.partnership === 'bscp');
  csc = bscp.find((p) => p.agency?.sector === 'childrens-social-care')?.agency?.id as string;
  police = bscp.find((p) => p.agency?.sector === 'police')?.agency?.id as string;
  // a practitioner at another agency of the partnership, with no part in the teacher's cases
  outsider = bscp.find(
    (p) =>
      p.role === 'frontline' &&
      p.agency &&
      ![teacher.agency?.id, csc, police].includes(p.agency.id) &&
      p.agency.sector !== 'early-years',
  ) as PersonSummary;
  otherPartnership = t.people.find(
    (p) => p.partnership !== 'bscp' && p.role === 'frontline' && p.agency,
  ) as PersonSummary;
  expect([csc, police, outsider, otherPartnership].every(Boolean)).toBe(true);
  await givePasswords(t.store, [teacher, hillcrestDsl, outsider]);
});
afterAll(async () => t.close());

describe(`possible duplicates on ${DATABASE}`, () => {
  it('finds an open case about the same child, name compared without case or spaces, with the same agencies', async () => {
    const first = await raise(teacher, [csc], [child('Robin Fictional', '2019-03-02')]);
    expect(first.possibleDuplicates).toEqual([]);
    const found = await check(teacher, [csc], [child('  robin   FICTIONAL ', '2019-03-02')]);
    expect(found).toEqual({
      visible: [{ id: first.id, reference: first.reference }],
      hidden: false,
    });
    // one of several children is enough, and the agencies may be named twice
    const again = await check(
      teacher,
      [csc, csc],
      [child('Sam Other', '2020-01-01'), child('RobinFictional', '2019-03-02')],
    );
    expect(again.visible.map((d) => d.id)).toEqual([first.id]);
  });

  it('finds none for another date of birth, another set of agencies, or no date of birth', async () => {
    await raise(teacher, [csc], [child('Ash Fictional', '2018-07-09')]);
    const none = { visible: [], hidden: false };
    expect(await check(teacher, [csc], [child('Ash Fictional', '2018-07-10')])).toEqual(none);
    expect(await check(teacher, [csc, police], [child('Ash Fictional', '2018-07-09')])).toEqual(
      none,
    );
    expect(await check(teacher, [police], [child('Ash Fictional', '2018-07-09')])).toEqual(none);
    expect(await check(teacher, [csc], [child('Ash Fictional')])).toEqual(none);
  });

  it('finds none once the case is closed, and finds it again when it is reopened', async () => {
    const raised = await raise(teacher, [csc], [child('Kit Fictional', '2017-11-30')]);
    const command = async (body: Record<string, unknown>, version: number) => {
      const answer = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${raised.id}/commands`,
        headers: { authorization: `Bearer ${await t.token(teacher)}` },
        payload: { expectedVersion: version, ...body },
      });
      expect(answer.statusCode, answer.body).toBe(200);
      return (answer.json() as { version: number }).version;
    };
    const version = await command(
      { type: 'withdraw', reason: 'Raised in error (fictional).' },
      raised.version,
    );
    expect(await check(teacher, [csc], [child('Kit Fictional', '2017-11-30')])).toEqual({
      visible: [],
      hidden: false,
    });
    await command({ type: 'reopen', reason: 'Raised after all (fictional).' }, version);
    expect(
      (await check(teacher, [csc], [child('Kit Fictional', '2017-11-30')])).visible,
    ).toHaveLength(1);
  });

  it('finds none in another partnership', async () => {
    const others = t.people.filter(
      (p) =>
        p.partnership === otherPartnership.partnership &&
        p.agency &&
        p.agency.id !== otherPartnership.agency?.id,
    );
    const theirAgency = others[0]?.agency?.id as string;
    const theirs = await raise(
      otherPartnership,
      [theirAgency],
      [child('Jo Fictional', '2016-02-29')],
    );
    await raise(teacher, [csc], [child('Jo Fictional', '2016-02-29')]);
    const fromBscp = await check(teacher, [csc], [child('Jo Fictional', '2016-02-29')]);
    expect(fromBscp.visible.map((d) => d.id)).not.toContain(theirs.id);
    expect(fromBscp.visible).toHaveLength(1);
    const fromTheirs = await check(
      otherPartnership,
      [theirAgency],
      [child('Jo Fictional', '2016-02-29')],
    );
    // their own case only: the teacher's, in the other partnership, is no match
    expect(fromTheirs).toEqual({
      visible: [{ id: theirs.id, reference: theirs.reference }],
      hidden: false,
    });
  });

  it('names only the cases the person may see; of others, only that one exists', async () => {
    const raised = await raise(teacher, [csc], [child('Lee Fictional', '2015-06-15')]);
    const about = [child('Lee Fictional', '2015-06-15')];
    expect((await check(hillcrestDsl, [csc], about)).visible.map((d) => d.id)).toEqual([raised.id]);
    expect(await check(outsider, [csc], about)).toEqual({ visible: [], hidden: true });
  });

  it('the API raises all the same and lists only the matches the caller may see', async () => {
    const about = [child('Pat Fictional', '2014-04-04')];
    const first = await raise(teacher, [csc], about);
    const second = await raise(teacher, [csc], about);
    expect(second.possibleDuplicates).toEqual([{ id: first.id, reference: first.reference }]);
    const third = await raise(outsider, [csc], about);
    expect(third.possibleDuplicates).toEqual([]);
    expect(third.reference).toMatch(/^ESC-/);
  });
});

describe(`the keys on ${DATABASE}`, () => {
  it('hold no name, go with the case details under the retention rule, and backfill as written', async () => {
    const raised = await raise(
      teacher,
      [csc],
      [child('Max Fictional', '2013-08-08'), child('No Date Fictional')],
    );
    const rows = await t.store.db
      .selectFrom('case_child_keys')
      .selectAll()
      .where('case_id', '=', raised.id)
      .execute();
    const partnership = (
      await t.store.db
        .selectFrom('cases')
        .select('partnership_id')
        .where('id', '=', raised.id)
        .executeTakeFirstOrThrow()
    ).partnership_id;
    expect(rows).toEqual([
      { case_id: raised.id, child_key: childKey(partnership, 'max fictional', '2013-08-08') },
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/max|fictional|2013/i);

    // the backfill (migration 017) makes exactly the keys the raise wrote
    const before = await t.store.db
      .selectFrom('case_child_keys')
      .selectAll()
      .orderBy('case_id')
      .orderBy('child_key')
      .execute();
    await t.store.db.deleteFrom('case_child_keys').execute();
    await fillChildKeys(t.store.db);
    const after = await t.store.db
      .selectFrom('case_child_keys')
      .selectAll()
      .orderBy('case_id')
      .orderBy('child_key')
      .execute();
    expect(after).toEqual(before);

    // closed, then removed on request (the retention rule's removal): the keys go too
    const withdrawn = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${raised.id}/commands`,
      headers: { authorization: `Bearer ${await t.token(teacher)}` },
      payload: { expectedVersion: raised.version, type: 'withdraw', reason: 'Fictional.' },
    });
    expect(withdrawn.statusCode).toBe(200);
    const team = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === 'bscp',
    ) as PersonSummary;
    await removeOnRequest(
      t.store.db,
      { case: raised.reference, decidedBy: team.email, reason: 'Fictional request' },
      t.clock.now,
    );
    const left = await t.store.db
      .selectFrom('case_child_keys')
      .selectAll()
      .where('case_id', '=', raised.id)
      .execute();
    expect(left).toEqual([]);
    // and the backfill does not bring them back
    await fillChildKeys(t.store.db);
    expect(
      await t.store.db
        .selectFrom('case_child_keys')
        .selectAll()
        .where('case_id', '=', raised.id)
        .execute(),
    ).toEqual([]);
  });

  it('go when the retention rule removes a closed case', async () => {
    const raised = await raise(teacher, [police], [child('Rae Fictional', '2012-12-12')]);
    const withdrawn = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${raised.id}/commands`,
      headers: { authorization: `Bearer ${await t.token(teacher)}` },
      payload: { expectedVersion: raised.version, type: 'withdraw', reason: 'Fictional.' },
    });
    expect(withdrawn.statusCode).toBe(200);
    const keysOf = () =>
      t.store.db
        .selectFrom('case_child_keys')
        .select('child_key')
        .where('case_id', '=', raised.id)
        .execute();
    expect(await keysOf()).toHaveLength(1);
    const later = new Date(t.clock.now.getTime() + 26 * 366 * 24 * 60 * 60 * 1000);
    const run = await applyRetention(t.store.db, later);
    expect(run.items.map((i) => i.caseId)).toContain(raised.id);
    expect(await keysOf()).toEqual([]);
  });
});

describe(`the warning page on ${DATABASE}`, () => {
  // the child and agency the page journey (test/pages/journey.ts) raises about
  const journeyChild = [child('A.B.', '2022-05-04')];
  let existing: { id: string; reference: string };

  beforeAll(async () => {
    existing = await raise(teacher, [csc], journeyChild);
  });

  it('warns someone who may see the case with its reference, lets them go back, then raise it', async () => {
    const a = new Agent(t.app, '10.17.0.1');
    await a.signIn(hillcrestDsl);
    await answerQuestions(a, csc);
    const sent = await a.post('/cases/new/check');
    expect(sent.location).toBe('/cases/new/possible-duplicate');
    const page = await a.get('/cases/new/possible-duplicate');
    expect(page.status).toBe(200);
    expect(page.body).toContain('A disagreement about this child may already be open');
    // the Design System's Interruption panel: links on its blue are the inverse ones
    expect(page.body).toContain('govuk-panel--interruption');
    expect(page.body).toContain(
      `<a class="govuk-link govuk-link--inverse" href="/cases/${existing.id}">${existing.reference}</a>`,
    );
    expect(page.body).toMatch(/<button type="submit"[^>]*>\s*Continue and raise it\s*<\/button>/);
    expect(page.body).toContain(
      '<a class="govuk-link govuk-link--inverse" href="/cases/new/check">Go back</a>',
    );
    expect(page.body).not.toContain('not one of the people who can see it');
    // going back keeps the answers
    const check = await a.get('/cases/new/check');
    expect(check.status).toBe(200);
    expect(check.body).toContain('A.B.');
    await a.get('/cases/new/possible-duplicate');
    const raised = await a.post('/cases/new/possible-duplicate');
    expect(raised.location).toMatch(/^\/cases\/[0-9a-f-]+\/raised$/);
    expect(raised.location).not.toContain(existing.id);
  });

  it('tells someone who may not see it only that one exists, and who to ask', async () => {
    const a = new Agent(t.app, '10.17.0.2');
    await a.signIn(outsider);
    await answerQuestions(a, csc);
    expect((await a.post('/cases/new/check')).location).toBe('/cases/new/possible-duplicate');
    const page = await a.get('/cases/new/possible-duplicate');
    expect(page.body).toContain('not one of the people who can see it');
    expect(page.body).toContain('Ask your partnership team about it');
    for (const hidden of [existing.id, existing.reference, teacher.name, 'Hillcrest']) {
      expect(page.body).not.toContain(hidden);
    }
    const raised = await a.post('/cases/new/possible-duplicate');
    expect(raised.location).toMatch(/^\/cases\/[0-9a-f-]+\/raised$/);
  });

  it('is not shown when nothing matches', async () => {
    const a = new Agent(t.app, '10.17.0.3');
    await a.signIn(outsider);
    await answerQuestions(a, police);
    expect((await a.get('/cases/new/possible-duplicate')).location).toBe('/cases/new/check');
    expect((await a.post('/cases/new/check')).location).toMatch(/^\/cases\/[0-9a-f-]+\/raised$/);
  });
});
