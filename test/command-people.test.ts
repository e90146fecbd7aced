/**
 * The people a command names, looked up in the directory (src/services/command-people.ts), on a
 * small fictional partnership written straight into the database DATABASE_URL names, called
 * directly: the person consulted at the raising agency (or, where the policy's step is a
 * discussion with the other agency, there); who made a representation, at an agency in the
 * disagreement; a panel's members, at the partnership's agencies, each once, with their agency,
 * seat and the agencies they represent taken from the directory (nobody at no agency, like the
 * chair). test/security/named-people.test.ts shows the same through the API on the demo
 * directory; these are fast enough for `npm run mutate`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseCommand, type CaseCommandInput } from '../src/domain/case/commands.js';
import {
  type CaseAgencies,
  checkNamedPeople,
  NamedPersonRefused,
} from '../src/services/command-people.js';
import { createSmallPartnership, type SmallPartnership } from './support/small-partnership.js';

let p: SmallPartnership;
const ownAgency: CaseAgencies = {
  partnershipId: 'p1',
  raisingAgencyId: 'school',
  otherAgencyIds: ['csc'],
  consultationWith: 'own-agency',
};
const otherAgency: CaseAgencies = { ...ownAgency, consultationWith: 'other-agency' };

const check = (input: CaseCommandInput, c: CaseAgencies = ownAgency) =>
  checkNamedPeople(p.db, CaseCommand.parse(input), c);

const refusal = async (input: CaseCommandInput, c: CaseAgencies = ownAgency) => {
  const error = await check(input, c).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NamedPersonRefused);
  const { message, field } = error as NamedPersonRefused;
  return { message, field };
};

const consult = (personId: string) =>
  ({
    type: 'record-consultation',
    with: { personId, role: 'chair', agencyId: 'claimed' },
    summary: 'Talked it through (fictional).',
  }) satisfies CaseCommandInput;

const represent = (fromPersonId: string) =>
  ({
    type: 'record-representation',
    fromPersonId,
    fromAgencyId: 'claimed',
    summary: 'A representation (fictional).',
  }) satisfies CaseCommandInput;

const panel = (...ids: string[]) =>
  ({
    type: 'convene-panel',
    members: ids.map((personId) => ({
      personId,
      agencyId: 'claimed',
      seat: 'none' as const,
      represents: ['claimed'],
    })),
  }) satisfies CaseCommandInput;

beforeAll(async () => {
  p = await createSmallPartnership('2026-11-02T09:30:00.000Z');
});
afterAll(async () => p.close());

describe('the person consulted', () => {
  it('is recorded with the role and agency the directory gives, not those the caller claims', async () => {
    const checked = await check(consult('s-manager'));
    expect(checked).toMatchObject({
      type: 'record-consultation',
      with: { personId: 's-manager', role: 'manager', agencyId: 'school' },
      summary: 'Talked it through (fictional).',
    });
  });

  it('must work at the raising agency, unless the policy’s step is a discussion with the other agency', async () => {
    const own = 'Select the person you consulted from your own agency.';
    for (const id of ['c-manager', 'p2-worker', 'nobody', 'chair']) {
      expect(await refusal(consult(id))).toEqual({ message: own, field: 'with.personId' });
    }
  });

  it('where the policy’s step is a discussion with the other agency, works at an agency the case is with', async () => {
    expect(await check(consult('c-worker'), otherAgency)).toMatchObject({
      with: { personId: 'c-worker', role: 'frontline', agencyId: 'csc' },
    });
    const other = 'Select the person you discussed it with at the other agency.';
    for (const id of ['s-manager', 'police-manager', 'p2-worker', 'nobody']) {
      expect(await refusal(consult(id), otherAgency)).toEqual({
        message: other,
        field: 'with.personId',
      });
    }
  });

  it('is looked up in the case’s partnership only', async () => {
    const p2: CaseAgencies = {
      partnershipId: 'p2',
      raisingAgencyId: 'school',
      otherAgencyIds: ['csc'],
      consultationWith: 'own-agency',
    };
    expect((await refusal(consult('s-manager'), p2)).field).toBe('with.personId');
  });

  it('is refused when the directory puts them in another partnership than their agency’s, either way', async () => {
    // written straight in: an import could leave a person and their agency apart
    for (const [id, partnershipId, agencyId] of [
      ['odd-p2-at-school', 'p2', 'school'],
      ['odd-p1-at-p2', 'p1', 'p2-school'],
    ] as const) {
      await p.db
        .insertInto('people')
        .values({
          id,
          partnership_id: partnershipId,
          agency_id: agencyId,
          email: `${id}@p.example`,
          name: `${id} (fictional)`,
          role: 'manager',
          line_manager_id: null,
          on_board: 0,
          on_executive: 0,
          phone: null,
          designated_health: 0,
          password_hash: null,
          created_at: '2026-11-01T09:00:00.000Z',
        })
        .execute();
    }
    expect((await refusal(consult('odd-p2-at-school'))).field).toBe('with.personId');
    const atP2: CaseAgencies = { ...ownAgency, raisingAgencyId: 'p2-school', otherAgencyIds: [] };
    expect((await refusal(consult('odd-p1-at-p2'), atP2)).field).toBe('with.personId');
    // a p2 person at p2's school would be found, so the refusal is the partnership's
    expect(await check(consult('p2-worker'), { ...atP2, partnershipId: 'p2' })).toMatchObject({
      with: { personId: 'p2-worker', agencyId: 'p2-school' },
    });
  });
});

describe('who made a representation', () => {
  it('is at an agency in the disagreement, on either side, recorded with the directory’s agency', async () => {
    expect(await check(represent('s-dsl'))).toMatchObject({
      fromPersonId: 's-dsl',
      fromAgencyId: 'school',
    });
    expect(await check(represent('c-senior'))).toMatchObject({
      fromPersonId: 'c-senior',
      fromAgencyId: 'csc',
    });
  });

  it('anyone else is refused, naming the field', async () => {
    for (const id of ['police-manager', 'p2-worker', 'team', 'nobody']) {
      expect(await refusal(represent(id))).toEqual({
        message: 'Select who made the representation from an agency in the disagreement.',
        field: 'fromPersonId',
      });
    }
  });
});

describe('a panel’s members', () => {
  it('are recorded with their agency, their seat and the agencies they represent on the board, from the directory', async () => {
    const checked = await check(panel('s-director', 'c-director', 's-dsl', 'police-manager'));
    expect(checked).toMatchObject({
      type: 'convene-panel',
      members: [
        // the school's board member; csc's director sits on the executive
        { personId: 's-director', agencyId: 'school', seat: 'board', represents: ['school'] },
        { personId: 'c-director', agencyId: 'csc', seat: 'executive', represents: ['csc'] },
        // the school's board deputy has no seat of their own
        { personId: 's-dsl', agencyId: 'school', seat: 'none', represents: ['school'] },
        { personId: 'police-manager', agencyId: 'police', seat: 'none', represents: [] },
      ],
    });
  });

  it('a seat on the executive counts before one on the board', async () => {
    await p.db.updateTable('people').set({ on_board: 1 }).where('id', '=', 'c-director').execute();
    const checked = await check(panel('c-director'));
    await p.db.updateTable('people').set({ on_board: 0 }).where('id', '=', 'c-director').execute();
    expect(checked).toMatchObject({ members: [{ personId: 'c-director', seat: 'executive' }] });
  });

  it('represent only the agencies in the disagreement', async () => {
    const checked = await check(panel('s-director'), {
      ...ownAgency,
      raisingAgencyId: 'police',
      otherAgencyIds: ['csc'],
    });
    expect(checked).toMatchObject({ members: [{ personId: 's-director', represents: [] }] });
  });

  it('someone not at the partnership’s agencies is refused, naming the member', async () => {
    expect(await refusal(panel('s-director', 'p2-worker'))).toEqual({
      message: 'Select the panel members from the people at your partnership’s agencies.',
      field: 'members.1.personId',
    });
    expect((await refusal(panel('nobody'))).field).toBe('members.0.personId');
  });

  it('a person the directory places at no agency (the chair, the team) sits on no panel: the refusal names the member', async () => {
    expect(await refusal(panel('s-director', 'chair'))).toEqual({
      message: 'Select the panel members from the people at your partnership’s agencies.',
      field: 'members.1.personId',
    });
    expect((await refusal(panel('team'))).field).toBe('members.0.personId');
  });

  it('each is named once', async () => {
    expect(await refusal(panel('s-director', 'c-director', 's-director'))).toEqual({
      message: 'Select each panel member once.',
      field: 'members',
    });
  });
});

it('every other command is left as it is', async () => {
  const command = CaseCommand.parse({ type: 'escalate', reason: 'No answer (fictional).' });
  expect(await checkNamedPeople(p.db, command, ownAgency)).toBe(command);
});
