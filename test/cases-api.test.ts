/**
 * The case engine through the documented JSON API only, on the database DATABASE_URL names:
 * a disagreement taken through every stage of the Bromley partnership policy (seed 002) to the
 * chair's panel decision, with its record complete and verifiable.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../src/services/people.js';
import { dropAppendOnlyTriggers } from '../src/store/dialect.js';
import { verifyAll, verifyCase } from '../src/store/event-store.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;

async function call(
  person: PersonSummary | null,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
) {
  const headers: Record<string, string> = {};
  if (person) headers.authorization = `Bearer ${await t.token(person)}`;
  const response = await t.app.inject({ method, url, headers, payload: payload as object });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

const raiseBody = (agencyId: string) => ({
  children: [
    {
      name: 'Child A (fictional)',
      dateOfBirth: '2021-05-14',
      childProtectionPlan: true,
      lookedAfter: false,
      cpChairEmail: 'cp-chair@csc-demo.example',
    },
  ],
  agencies: [agencyId],
  category: 'need-for-action',
  disagreement:
    'The school believes a strategy discussion is needed; social care closed the referral.',
  evidence: {
    nature: 'Repeated bruising seen by staff',
    source: 'Class teacher and school nurse records',
  },
  actionsToDate: 'Referral made on 27 October; telephone call with the duty social worker.',
  outcomeSought: 'A strategy discussion within two working days.',
  immediateRisk: false,
});

describe(`the case API on ${process.env.DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}`, () => {
  let teacher: PersonSummary;
  let csc: PersonSummary;
  let chair: PersonSummary;
  let caseId: string;
  let version: number;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    teacher = t.person('frontline', 'Hillcrest Primary School');
    csc = t.people.find(
      (p) => p.agency?.sector === 'childrens-social-care' && p.partnership === 'bscp',
    ) as PersonSummary;
    chair = t.people.find((p) => p.role === 'chair' && p.partnership === 'bscp') as PersonSummary;
  });
  afterAll(async () => t.close());

  const command = async (person: PersonSummary, body: Record<string, unknown>) => {
    const answer = await call(person, 'POST', `/api/v1/cases/${caseId}/commands`, {
      expectedVersion: version,
      ...body,
    });
    if (answer.status === 200) version = answer.body.version;
    return answer;
  };

  it('refuses a request without a token, as problem+json', async () => {
    const answer = await call(null, 'GET', '/api/v1/cases');
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body.detail).toMatch(/token/);
  });

  it('raises a disagreement under the partnership policy (002) at stage 1, due in 1 working day', async () => {
    const answer = await call(
      teacher,
      'POST',
      '/api/v1/cases',
      raiseBody(csc.agency?.id as string),
    );
    expect(answer.status).toBe(201);
    caseId = answer.body.id;
    version = answer.body.version;
    expect(answer.body.policy.id).toBe('bromley-partnership');
    expect(answer.body.status).toBe('open');
    expect(answer.body.stage).toMatchObject({ number: 1, dueAt: '2026-11-03T17:00:00+00:00' });
    expect(answer.body.overdue).toBe(false);
    expect(answer.body.nextStep.text.length).toBeGreaterThan(10);
    expect(answer.body.record.map((e: { type: string }) => e.type)).toEqual([
      'raised',
      'stage-entered',
    ]);
  });

  it('tells the person what is wrong with a bad raise, and changes nothing', async () => {
    const before = await call(teacher, 'GET', '/api/v1/cases');
    const answer = await call(teacher, 'POST', '/api/v1/cases', {
      ...raiseBody(csc.agency?.id as string),
      category: 'gossip',
      children: [],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['category', 'children']),
    );
    const after = await call(teacher, 'GET', '/api/v1/cases');
    expect(after.body.cases.length).toBe(before.body.cases.length);
  });

  it('records a discussion, then escalates to stage 2 where the CP Chair is notified (002 2.5)', async () => {
    expect(
      (
        await command(teacher, {
          type: 'record-discussion',
          when: '2026-11-02T11:00:00+00:00',
          how: 'phone',
          participants: ['Class teacher', 'Duty social worker'],
          summary: 'Discussed the bruising and the closure of the referral.',
          outcome: 'Not agreed.',
        })
      ).status,
    ).toBe(200);
    const answer = await command(teacher, {
      type: 'escalate',
      reason: 'Not resolved professional to professional.',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.stage).toMatchObject({ number: 2, key: expect.any(String) });
    expect(answer.body.stage.holders.raising.length).toBeGreaterThan(0);
    expect(answer.body.stage.holders.other.length).toBeGreaterThan(0);
    const cpChair = answer.body.notifications.filter(
      (n: { to: string }) => n.to === 'cp-chair@csc-demo.example',
    );
    expect(cpChair).toHaveLength(1);
  });

  it('answers 409 to a stale expectedVersion, and nothing is lost', async () => {
    const stale = await call(teacher, 'POST', `/api/v1/cases/${caseId}/commands`, {
      type: 'escalate',
      expectedVersion: version - 1,
      reason: 'A second click on an old page.',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toMatch(/changed/);
    const now = await call(teacher, 'GET', `/api/v1/cases/${caseId}`);
    expect(now.body.version).toBe(version);
    expect(now.body.stage.number).toBe(2);
  });

  it('answers 422 with the policy reason when the policy refuses a command', async () => {
    const answer = await command(teacher, {
      type: 'convene-panel',
      members: [{ personId: teacher.id, agencyId: teacher.agency?.id, boardMember: false }],
    });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toEqual(expect.any(String));
    expect(answer.body.detail.length).toBeGreaterThan(10);
  });

  /** whoever holds the case's stage for the school now (the teacher's manager, and up) */
  const schoolHolder = async () => {
    const view = await call(teacher, 'GET', `/api/v1/cases/${caseId}`);
    return t.people.find((p) => p.id === view.body.stage.holders.raising[0]) as PersonSummary;
  };

  it('answers whose turn it is, and what each side may do, as the case page shows it', async () => {
    const turnOf = async (person: PersonSummary) =>
      (await call(person, 'GET', `/api/v1/cases/${caseId}/turn`)).body;
    const teachers = await turnOf(teacher);
    expect(teachers).toMatchObject({ yours: false, side: 'raising', stage: { number: 2 } });
    expect(teachers.actions).not.toContain('escalate');
    expect(teachers.actions).toContain('withdraw');
    const manager = await schoolHolder();
    const managers = await turnOf(manager);
    expect(managers.yours).toBe(true);
    expect(managers.actions).toEqual(expect.arrayContaining(['escalate', 'resolve', 'withdraw']));
    // the other side's holder: their turn too, never the raiser's withdrawal; both holders named
    // with a phone and an e-mail to reach them
    const view = await call(teacher, 'GET', `/api/v1/cases/${caseId}`);
    const other = t.people.find((p) => p.id === view.body.stage.holders.other[0]) as PersonSummary;
    const others = await turnOf(other);
    expect(others).toMatchObject({ yours: true, side: 'other' });
    expect(others.actions).not.toContain('withdraw');
    expect(others.holders.map((h: { side: string }) => h.side).sort()).toEqual([
      'other',
      'raising',
    ]);
    for (const h of others.holders) {
      expect(h.email).toMatch(/@/);
      expect(h.phone).toMatch(/^020 7946 0\d{3}$/);
    }
    const outsider = t.people.find(
      (p) =>
        p.partnership === 'bscp' && p.role === 'frontline' && p.agency?.name.includes('Elm Road'),
    ) as PersonSummary;
    expect((await call(outsider, 'GET', `/api/v1/cases/${caseId}/turn`)).status).toBe(404);
  });

  it('escalates through stages 3 and 4 with the business unit notified at each (002 2.8, 2.13)', async () => {
    // the teacher no longer holds it: the school's manager does, and takes the turn
    const refused = await command(teacher, { type: 'escalate', reason: 'I still disagree.' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('not-your-part');
    for (const stage of [3, 4]) {
      const answer = await command(await schoolHolder(), {
        type: 'escalate',
        reason: `Not resolved at stage ${stage - 1}.`,
      });
      expect(answer.status).toBe(200);
      expect(answer.body.stage.number).toBe(stage);
    }
    const view = await call(teacher, 'GET', `/api/v1/cases/${caseId}`);
    const toBusinessUnit = view.body.notifications.filter(
      (n: { to: string }) => n.to === 'business-unit@bscp-demo.example',
    );
    expect(toBusinessUnit.length).toBeGreaterThanOrEqual(2);
  });

  it('refers to the chair (stage 5), who convenes a panel of three executive agencies and decides (002 2.14-2.18)', async () => {
    const referred = await command(await schoolHolder(), {
      type: 'refer-to-chair',
      details: 'Directors could not agree; details e-mailed to the partnership.',
      boardMembersEngaged: 'Both agencies’ Board members joined the directors’ discussion.',
    });
    expect(referred.status).toBe(200);
    expect(referred.body.stage.number).toBe(5);

    const executives = t.people.filter((p) => p.partnership === 'bscp' && p.role === 'director');
    const member = (agencyName: string) => {
      const person = executives.find((p) => p.agency?.name.includes(agencyName)) as PersonSummary;
      return { personId: person.id, agencyId: person.agency?.id, boardMember: true };
    };
    const tooSmall = await command(chair, {
      type: 'convene-panel',
      members: [member('Hillcrest'), member("Children's Social Care")],
    });
    expect(tooSmall.status).toBe(422);

    const panel = await command(chair, {
      type: 'convene-panel',
      members: [member('Hillcrest'), member("Children's Social Care"), member('Health')],
    });
    expect(panel.status).toBe(200);
    const represented = await command(chair, {
      type: 'record-representation',
      fromPersonId: teacher.id,
      fromAgencyId: teacher.agency?.id,
      summary: 'The school set out its evidence to the panel.',
    });
    expect(represented.status).toBe(200);
    const proposed = await command(chair, {
      type: 'record-decision',
      decidedBy: 'panel',
      decision: 'A strategy discussion is to be held by Friday.',
    });
    expect(proposed.status).toBe(200);
    expect(proposed.body.status).toBe('open');
    // 002 2.18: the panel resolves collectively: each member's agreement, then it counts
    let decided = proposed;
    for (const name of ['Hillcrest', "Children's Social Care", 'Health']) {
      decided = await command(chair, {
        type: 'agree-panel-decision',
        memberId: member(name).personId,
      });
      expect(decided.status).toBe(200);
    }
    expect(decided.body.status).toBe('decided');
  });

  it('reads back a complete record that verifies, and logs every read', async () => {
    const view = await call(teacher, 'GET', `/api/v1/cases/${caseId}`);
    const types = view.body.record.map((e: { type: string }) => e.type);
    expect(types).toEqual([
      'raised',
      'stage-entered',
      'discussion-recorded',
      'stage-entered',
      'stage-entered',
      'stage-entered',
      'referred-to-chair',
      'stage-entered',
      'panel-convened',
      'representation-received',
      'panel-decision-proposed',
      'panel-member-agreed',
      'panel-member-agreed',
      'panel-member-agreed',
      'decision-made',
    ]);
    expect(view.body.record.map((e: { seq: number }) => e.seq)).toEqual(
      types.map((_: string, i: number) => i + 1),
    );
    expect(await verifyCase(t.store.db, caseId)).toMatchObject({ ok: true, events: types.length });
    const reads = await t.store.db
      .selectFrom('access_log')
      .select('person_id')
      .where('case_id', '=', caseId)
      .where('action', '=', 'read')
      .execute();
    expect(reads.length).toBeGreaterThan(5);
  });

  it('keeps the case from people outside it: 404, not 403', async () => {
    const outsider = t.person('frontline', 'Bayview Academy');
    const answer = await call(outsider, 'GET', `/api/v1/cases/${caseId}`);
    expect(answer.status).toBe(404);
    const list = await call(outsider, 'GET', '/api/v1/cases');
    expect(list.body.cases.map((c: { id: string }) => c.id)).not.toContain(caseId);
    const otherAgencyFrontline = t.person('frontline', 'Elm Road Surgery');
    expect((await call(otherAgencyFrontline, 'GET', `/api/v1/cases/${caseId}`)).status).toBe(404);
  });

  it('lets the partnership team and the raising agency DSL see it', async () => {
    const team = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === 'bscp',
    ) as PersonSummary;
    expect((await call(team, 'GET', `/api/v1/cases/${caseId}`)).status).toBe(200);
    expect(
      (await call(t.person('dsl', 'Hillcrest'), 'GET', `/api/v1/cases/${caseId}`)).status,
    ).toBe(200);
  });

  it('describes itself in OpenAPI 3.1', async () => {
    const answer = await call(null, 'GET', '/api/v1/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    expect(Object.keys(answer.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/cases',
        '/api/v1/cases/{id}',
        '/api/v1/cases/{id}/commands',
      ]),
    );
  });

  it('audit verify finds a hand-edited event (with the trigger dropped for the test)', async () => {
    expect((await verifyAll(t.store.db)).ok).toBe(true);
    await dropAppendOnlyTriggers(t.store.db, t.store.dialect, 'events');
    await sql`update events set data = ${'{"decidedBy":"chair","decision":"Nothing to do.","binding":true}'} where case_id = ${caseId} and seq = 11`.execute(
      t.store.db,
    );
    const check = await verifyAll(t.store.db);
    expect(check).toMatchObject({ ok: false, caseId, seq: 11 });
  });
});
