/**
 * Issue 18, item 6, end to end over HTTP: "GP practices escalate through the health
 * commissioner's senior liaison officer, whichever side the GP is on". The Bromley partnership
 * adds a version of its policy whose manager stage (stage 2) is held, for a GP practice, by the
 * designated health professional at the health agency (`sectorHolders`). That person is e-mailed
 * through the outbox, sees the case in their list when signed in, may act for the GP's side at
 * that stage, and the GP's own line does not hold it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../src/services/people.js';
import { Agent, givePasswords } from './pages/agent.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;

/** Bromley's policy, version 4: at the manager stage a GP practice's side is held from outside. */
const withSectorHolders = readFileSync('policies/bromley-partnership.yaml', 'utf8')
  .replace(/^version: 3$/m, 'version: 4')
  .replace(
    /\n {2}- key: senior-manager/,
    `
    sectorHolders:
      - forSector: gp
        heldBy:
          role: named-professional
          sector: health
          designatedHealth: true
        source: 002_bc950ad84b2976ce.txt 2.4 (a fictional local rule, for this test)

  - key: senior-manager`,
  );

const raiseBody = (agencyId: string) => ({
  children: [{ name: 'Child G (fictional)', dateOfBirth: '2019-04-01' }],
  agencies: [agencyId],
  category: 'need-for-action',
  disagreement: 'The two agencies disagree whether a strategy discussion is needed.',
  evidence: { nature: 'Repeated injuries', source: 'Surgery records' },
  actionsToDate: 'A referral was made.',
  outcomeSought: 'A strategy discussion.',
  immediateRisk: false,
});

describe('a stage held outside the raiser’s line, by sector (sectorHolders)', () => {
  let team: PersonSummary;
  let gpWorker: PersonSummary;
  let gpManager: PersonSummary;
  let gpDsl: PersonSummary;
  let liaison: PersonSummary;
  let csc: PersonSummary;
  let teacher: PersonSummary;
  let teacherManager: PersonSummary;

  const versions = new Map<string, number>();
  const command = async (person: PersonSummary, caseId: string, body: object) => {
    const answer = await t.api(person, 'POST', `/api/v1/cases/${caseId}/commands`, {
      expectedVersion: versions.get(caseId),
      ...body,
    });
    if (answer.status === 200) versions.set(caseId, answer.body.version);
    return answer;
  };
  const raise = async (person: PersonSummary, againstAgency: string) => {
    const answer = await t.api(person, 'POST', '/api/v1/cases', raiseBody(againstAgency));
    expect(answer.status).toBe(201);
    versions.set(answer.body.id, answer.body.version);
    return answer.body.id as string;
  };
  const holdersNow = async (caseId: string) => {
    const row = await t.store.db
      .selectFrom('events')
      .select('data')
      .where('case_id', '=', caseId)
      .where('type', '=', 'stage-entered')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    return JSON.parse(row.data).holders;
  };

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    team = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === 'bscp',
    ) as PersonSummary;
    gpWorker = t.person('frontline', 'Elm Road Surgery');
    gpManager = t.person('manager', 'Elm Road Surgery');
    gpDsl = t.person('dsl', 'Elm Road Surgery');
    liaison = t.person('named-professional', 'South Downs Health');
    csc = t.person('frontline', "Bromley Children's Social Care");
    teacher = t.person('frontline', 'Hillcrest Primary School');
    teacherManager = t.person('manager', 'Hillcrest Primary School');
    const added = await t.api(team, 'POST', '/api/v1/policies', { yaml: withSectorHolders });
    expect(added.status).toBe(201);
    // the directory has the designated health professional the rule names: nothing to warn of
    expect(added.body.warnings).toEqual([]);
  });
  afterAll(async () => t.close());

  it('the GP raised it: at stage 2 the designated health professional holds the GP’s side, and is e-mailed', async () => {
    const caseId = await raise(gpWorker, csc.agency?.id as string);
    const escalated = await command(gpWorker, caseId, { type: 'escalate', reason: 'Not agreed' });
    expect(escalated.status).toBe(200);
    expect(escalated.body.stage.number).toBe(2);
    const holders = await holdersNow(caseId);
    expect(holders.raising).toEqual([liaison.id]);
    expect(holders.outside).toEqual([
      { side: 'raising', agencyId: gpWorker.agency?.id, personId: liaison.id },
    ]);
    expect(holders.raising).not.toContain(gpManager.id);
    const mail = await t.store.db
      .selectFrom('outbox')
      .select(['recipient_email', 'rule_key'])
      .where('case_id', '=', caseId)
      .where('recipient_person_id', '=', liaison.id)
      .execute();
    expect(mail.map((m) => m.rule_key)).toContain('holders-told');
    expect(mail.every((m) => m.recipient_email === liaison.email)).toBe(true);

    // signed in, they see it in their own list, as theirs to act on
    await givePasswords(t.store, [liaison]);
    const agent = new Agent(t.app);
    await agent.signIn(liaison);
    const list = await agent.get('/cases');
    expect(list.status).toBe(200);
    const reference = escalated.body.reference as string;
    expect(list.body).toContain(reference);
    const turn = await t.api(liaison, 'GET', `/api/v1/cases/${caseId}/turn`);
    expect(turn.status).toBe(200);
    expect(turn.body).toMatchObject({ yours: true, side: 'raising' });
    expect(turn.body.actions).toEqual(expect.arrayContaining(['escalate', 'resolve']));
    // the case page and the turn say whose side they hold it for
    expect(turn.body.holders).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          side: 'raising',
          name: liaison.name,
          agency: 'South Downs Health NHS Trust (demo)',
          heldFor: 'Elm Road Surgery',
        }),
      ]),
    );
    const page = await agent.get(`/cases/${caseId}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(
      'Elm Road Surgery, held for it at this stage by South Downs Health NHS Trust (demo)',
    );
    expect(page.body).toMatch(/It is your turn/);
    // the stage's example job titles are those for the GP's sector, whose side they hold
    expect(page.body).toContain('GP safeguarding lead in surgery/practice');

    // the GP's own line does not hold it: not the raiser's manager, nor the surgery's DSL
    for (const person of [gpManager, gpDsl]) {
      const refused = await command(person, caseId, { type: 'escalate', reason: 'Try' });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('not-your-part');
    }

    // the health professional acts for the GP's side: records the discussion, escalates
    const discussed = await command(liaison, caseId, {
      type: 'record-discussion',
      when: '2026-11-02T10:00:00Z',
      how: 'phone',
      participants: ['The liaison officer', "The social worker's manager"],
      summary: 'Discussed the strategy discussion.',
      outcome: 'Not agreed.',
    });
    expect(discussed.status).toBe(200);
    const onward = await command(liaison, caseId, { type: 'escalate', reason: 'Still not agreed' });
    expect(onward.status).toBe(200);
    expect(onward.body.stage.number).toBe(3);
    // at stage 3 the GP's own line holds it again
    const next = await holdersNow(caseId);
    expect(next.outside).toBeUndefined();
    expect(next.raising).not.toContain(liaison.id);
  });

  it('whichever side the GP is on: raised with the GP, stage 2 of the GP’s side is held by the same professional', async () => {
    const caseId = await raise(teacher, gpWorker.agency?.id as string);
    expect((await command(teacher, caseId, { type: 'escalate', reason: 'No' })).status).toBe(200);
    const holders = await holdersNow(caseId);
    expect(holders.other).toEqual([liaison.id]);
    expect(holders.raising).toEqual([teacherManager.id]);
    expect(holders.outside).toEqual([
      { side: 'other', agencyId: gpWorker.agency?.id, personId: liaison.id },
    ]);
    const turn = await t.api(liaison, 'GET', `/api/v1/cases/${caseId}/turn`);
    expect(turn.body).toMatchObject({ yours: true, side: 'other' });
    const refused = await command(gpManager, caseId, { type: 'escalate', reason: 'Try' });
    expect(refused.body.code).toBe('not-your-part');
    const resolved = await command(liaison, caseId, {
      type: 'resolve',
      outcome: 'A strategy discussion will be held.',
      actions: [],
      agreedBy: [
        { agencyId: teacher.agency?.id, name: 'The school’s manager' },
        { agencyId: gpWorker.agency?.id, name: 'The liaison officer, for the surgery' },
      ],
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');
  });

  it('warns, naming the key, when nobody in the partnership’s directory fits the rule (the file is still added)', async () => {
    const nobody = withSectorHolders
      .replace(/^version: 4$/m, 'version: 5')
      .replace(
        'role: named-professional\n          sector: health',
        'role: director\n          sector: police',
      );
    const added = await t.api(team, 'POST', '/api/v1/policies', { yaml: nobody });
    expect(added.status).toBe(201);
    expect(added.body.warnings).toEqual([
      {
        path: 'stages[1].sectorHolders[0].heldBy',
        message:
          'nobody in partnership "bscp"\'s directory is a "director" at an agency of sector "police" marked designatedHealth, so at stage "manager" an agency of sector "gp" would have nobody holding it (recorded as missing on the case): add that person to the directory',
      },
    ]);
  });
});
