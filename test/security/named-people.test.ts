/**
 * A command can bring people into a case (the person consulted, panel members, who made a
 * representation), and people in a case may read it. Found by the access matrix work: the API
 * took any person id, role and board seat the caller gave, so a worker could "consult" someone
 * in another partnership and so show them the case. Now every person a command names is checked
 * against the directory (src/services/command-people.ts): refused with a clear message and
 * nothing written, or recorded with the directory's role and agency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordConsultationCommand } from '../../src/domain/case/index.js';
import { checkNamedPeople, NamedPersonRefused } from '../../src/services/command-people.js';
import type { PersonSummary } from '../../src/services/people.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let raiser: PersonSummary;
let caseId: string;
let version: number;
const bearer = async (p: PersonSummary) => ({ authorization: `Bearer ${await t.token(p)}` });

beforeAll(async () => {
  t = await createTestApp();
  raiser = t.person('frontline', 'Acorn Lane');
  const csc = t.person('frontline', "Bromley Children's Social Care");
  const raised = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: await bearer(raiser),
    payload: {
      children: [{ name: 'Fictional Child', dateOfBirth: '2021-05-14' }],
      agencies: [csc.agency?.id],
      category: 'communication',
      disagreement: 'Calls are not returned.',
      evidence: { nature: 'No contact', source: 'Call log' },
      actionsToDate: 'Three calls.',
      outcomeSought: 'A call back.',
      immediateRisk: false,
    },
  });
  expect(raised.statusCode).toBe(201);
  caseId = raised.json().id;
  version = raised.json().version;
});
afterAll(async () => t.close());

const consult = async (personId: string, role = 'manager') =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/commands`,
    headers: await bearer(raiser),
    payload: {
      type: 'record-consultation',
      expectedVersion: version,
      with: { personId, role },
      answers: { evidence: 'Call log', actions: 'Calls', aims: 'A call back' },
      summary: 'Agreed to escalate.',
    },
  });

describe('the person consulted', () => {
  it('cannot be someone in another partnership, or at another agency, or no one', async () => {
    const torbayChair = t.people.find((p) => p.partnership === 'tscp' && p.role === 'chair');
    const torbayManager = t.person('manager', 'Harbourside');
    const otherAgency = t.person('manager', 'Hillcrest');
    for (const person of [torbayChair, torbayManager, otherAgency]) {
      const answer = await consult(person?.id as string);
      expect(answer.statusCode).toBe(422);
      expect(answer.json().detail).toBe('Select the person you consulted from your own agency.');
      expect(answer.json().errors[0].path).toBe('with.personId');
      const seen = await t.app.inject({
        url: `/api/v1/cases/${caseId}`,
        headers: await bearer(person as PersonSummary),
      });
      expect(seen.statusCode).toBe(404);
    }
    expect((await consult('no-such-person')).statusCode).toBe(422);
    const row = await t.store.db
      .selectFrom('cases')
      .select('version')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row.version).toBe(version);
    const participants = await t.store.db
      .selectFrom('case_participants')
      .select('person_id')
      .where('case_id', '=', caseId)
      .execute();
    const ids = participants.map((p) => p.person_id);
    expect(ids).not.toContain(torbayChair?.id);
    expect(ids).not.toContain(torbayManager.id);
  });

  it('is recorded with their role from the directory, not the one the caller claims', async () => {
    const manager = t.person('manager', 'Acorn Lane');
    const answer = await consult(manager.id, 'dsl');
    // the policy asks for a manager; the person is one, whatever the caller said
    expect(answer.statusCode, answer.body).toBe(200);
    const event = answer
      .json()
      .record.find((e: { type: string }) => e.type === 'consultation-recorded');
    expect(event.with).toEqual({
      personId: manager.id,
      role: 'manager',
      agencyId: manager.agency?.id,
    });
  });
});

describe('panel members and representations', () => {
  const bscp = async () =>
    (
      await t.store.db
        .selectFrom('partnerships')
        .select('id')
        .where('key', '=', 'bscp')
        .executeTakeFirstOrThrow()
    ).id;

  it('a panel member must be at an agency of the partnership; agency and seat come from the directory', async () => {
    const partnershipId = await bscp();
    const agencies = {
      partnershipId,
      raisingAgencyId: 'a',
      otherAgencyIds: [],
      consultationWith: 'own-agency' as const,
    };
    const outsider = t.person('director', 'Bayview Academy');
    const inside = t.person('director', 'Hillcrest');
    const senior = t.person('senior-manager', 'Hillcrest');
    const convene = (members: { personId: string; agencyId: string; boardMember: boolean }[]) =>
      checkNamedPeople(t.store.db, { type: 'convene-panel', members }, agencies);
    await expect(
      convene([
        { personId: outsider.id, agencyId: inside.agency?.id as string, boardMember: true },
      ]),
    ).rejects.toThrow(NamedPersonRefused);
    await expect(
      convene([
        { personId: inside.id, agencyId: 'x', boardMember: true },
        { personId: inside.id, agencyId: 'x', boardMember: true },
      ]),
    ).rejects.toThrow('Select each panel member once.');
    // the caller's claims are replaced: the director sits on the executive, the senior manager
    // on the board (as their director's deputy); 'a' is no agency, so they represent none here
    const checked = await convene([
      { personId: inside.id, agencyId: 'made-up', boardMember: false },
      { personId: senior.id, agencyId: 'made-up', boardMember: true },
    ]);
    expect(checked).toEqual({
      type: 'convene-panel',
      members: [
        { personId: inside.id, agencyId: inside.agency?.id, seat: 'executive', represents: [] },
        { personId: senior.id, agencyId: senior.agency?.id, seat: 'board', represents: [] },
      ],
    });
    const frontline = t.person('frontline', 'Hillcrest');
    const unseated = await convene([
      { personId: frontline.id, agencyId: 'made-up', boardMember: true },
    ]);
    expect(unseated.type === 'convene-panel' && unseated.members[0]?.seat).toBe('none');
  });

  it('a representation comes from someone at an agency in the disagreement', async () => {
    const partnershipId = await bscp();
    const raising = t.person('manager', 'Acorn Lane');
    const other = t.person('manager', "Bromley Children's Social Care");
    const agencies = {
      partnershipId,
      raisingAgencyId: raising.agency?.id as string,
      otherAgencyIds: [other.agency?.id as string],
      consultationWith: 'own-agency' as const,
    };
    const represent = (fromPersonId: string) =>
      checkNamedPeople(
        t.store.db,
        { type: 'record-representation', fromPersonId, fromAgencyId: 'claimed', summary: 'S' },
        agencies,
      );
    await expect(represent(t.person('manager', 'Hillcrest').id)).rejects.toThrow(
      'Select who made the representation from an agency in the disagreement.',
    );
    await expect(represent(t.person('manager', 'Harbourside').id)).rejects.toThrow(
      NamedPersonRefused,
    );
    expect(await represent(other.id)).toMatchObject({
      fromPersonId: other.id,
      fromAgencyId: other.agency?.id,
    });
  });

  it('leaves every other command as it is', async () => {
    const command = RecordConsultationCommand.parse({
      type: 'record-consultation',
      with: { personId: 'x', role: 'manager' },
      summary: 'S',
    });
    const withdraw = { type: 'withdraw' as const, reason: 'R' };
    const agencies = {
      partnershipId: await bscp(),
      raisingAgencyId: 'a',
      otherAgencyIds: [],
      consultationWith: 'own-agency' as const,
    };
    expect(await checkNamedPeople(t.store.db, withdraw, agencies)).toBe(withdraw);
    await expect(checkNamedPeople(t.store.db, command, agencies)).rejects.toThrow(
      NamedPersonRefused,
    );
  });
});

describe('the people a command names, by the directory', () => {
  const agenciesOf = async (raising: PersonSummary, other: PersonSummary) => ({
    partnershipId: (
      await t.store.db
        .selectFrom('partnerships')
        .select('id')
        .where('key', '=', 'bscp')
        .executeTakeFirstOrThrow()
    ).id,
    raisingAgencyId: raising.agency?.id as string,
    otherAgencyIds: [other.agency?.id as string],
  });

  it('seed 004: where the policy’s step is a discussion with the other agency, the person is at the other agency', async () => {
    const raising = t.person('manager', 'Acorn Lane');
    const other = t.person('manager', "Bromley Children's Social Care");
    const agencies = {
      ...(await agenciesOf(raising, other)),
      consultationWith: 'other-agency' as const,
    };
    const discuss = (personId: string) =>
      checkNamedPeople(
        t.store.db,
        RecordConsultationCommand.parse({
          type: 'record-consultation',
          with: { personId, role: 'dsl' },
          summary: 'Discussed with the other agency.',
        }),
        agencies,
      );
    expect(await discuss(other.id)).toMatchObject({
      with: { personId: other.id, role: 'manager', agencyId: other.agency?.id },
    });
    for (const wrong of [raising.id, t.person('manager', 'Hillcrest').id, 'no-such-person']) {
      await expect(discuss(wrong)).rejects.toMatchObject({
        message: 'Select the person you discussed it with at the other agency.',
        field: 'with.personId',
      });
    }
  });

  it('a panel member sitting for an agency in the disagreement represents it; the refusal names the member', async () => {
    const director = t.person('director', 'Hillcrest');
    const deputy = t.person('senior-manager', 'Hillcrest');
    const frontline = t.person('frontline', 'Hillcrest');
    const other = t.person('manager', "Bromley Children's Social Care");
    const agencies = {
      ...(await agenciesOf(director, other)),
      consultationWith: 'own-agency' as const,
    };
    const convene = (ids: string[]) =>
      checkNamedPeople(
        t.store.db,
        {
          type: 'convene-panel',
          members: ids.map((personId) => ({ personId, agencyId: 'x', boardMember: true })),
        },
        agencies,
      );
    const checked = await convene([director.id, deputy.id, frontline.id]);
    const hillcrest = director.agency?.id;
    expect(checked.type === 'convene-panel' && checked.members.map((m) => m.represents)).toEqual([
      [hillcrest],
      [hillcrest],
      [],
    ]);
    await expect(convene([director.id, 'no-such-person'])).rejects.toMatchObject({
      message: 'Select the panel members from the people at your partnership’s agencies.',
      field: 'members.1.personId',
    });
    await expect(convene([director.id, director.id])).rejects.toMatchObject({ field: 'members' });
  });

  it('a person the directory places at no agency (the chair) sits on no panel: the refusal names the field', async () => {
    const director = t.person('director', 'Hillcrest');
    const chair = t.person('chair');
    expect(chair.agency).toBeFalsy();
    const agencies = {
      ...(await agenciesOf(director, t.person('manager', "Bromley Children's Social Care"))),
      consultationWith: 'own-agency' as const,
    };
    // whatever agency the caller claims for them, the directory's (none) is what counts
    const members = [director.id, chair.id].map((personId) => ({ personId, agencyId: 'x' }));
    await expect(
      checkNamedPeople(t.store.db, { type: 'convene-panel', members }, agencies),
    ).rejects.toMatchObject({
      message: 'Select the panel members from the people at your partnership’s agencies.',
      field: 'members.1.personId',
    });
  });

  it('the person who made a representation is recorded with the directory’s agency; a refusal names the field', async () => {
    const raising = t.person('manager', 'Acorn Lane');
    const other = t.person('manager', "Bromley Children's Social Care");
    const agencies = {
      ...(await agenciesOf(raising, other)),
      consultationWith: 'own-agency' as const,
    };
    const represent = (fromPersonId: string) =>
      checkNamedPeople(
        t.store.db,
        { type: 'record-representation', fromPersonId, fromAgencyId: 'claimed', summary: 'S' },
        agencies,
      );
    expect(await represent(raising.id)).toMatchObject({
      fromPersonId: raising.id,
      fromAgencyId: raising.agency?.id,
    });
    await expect(represent('no-such-person')).rejects.toMatchObject({ field: 'fromPersonId' });
  });
});
