/**
 * A partnership's own policy loaded at run time (issue 18, docs/adr/0026-own-policies-at-run-time.md):
 * added through the API by its partnership team as a new version, validated first with every
 * problem listed; new cases are raised under the newest version while open cases stay on theirs;
 * a directory naming an unknown or another partnership's policy is refused with the reason.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseState } from '../src/domain/case/index.js';
import type { Policy } from '../src/domain/policy/schema.js';
import { loadPresets } from '../src/policies/index.js';
import type { PersonSummary } from '../src/services/people.js';
import { latestPolicy, registerPolicies } from '../src/services/policy-registry.js';
import { addressesFor } from '../src/services/recipients.js';
import { createTestApp, type TestApp } from './support/app.js';
import { raiseBody } from './support/sides.js';

let t: TestApp;
const bromley = readFileSync('policies/bromley-partnership.yaml', 'utf8');
/** The Bromley partnership's policy as its version 4: stage 1 given 2 working days, not 1. */
const version4 = bromley
  .replace(/^version: 3$/m, 'version: 4')
  .replace(/^title: (.*)$/m, 'title: $1 (version 4)');

describe('a partnership adds its own policy through the API', () => {
  let team: PersonSummary;
  let torbayTeam: PersonSummary;
  let teacher: PersonSummary;
  let csc: PersonSummary;
  let openCase: string;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    team = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === 'bscp',
    ) as PersonSummary;
    torbayTeam = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === 'tscp',
    ) as PersonSummary;
    teacher = t.person('frontline', 'Hillcrest Primary School');
    csc = t.people.find(
      (p) => p.agency?.sector === 'childrens-social-care' && p.partnership === 'bscp',
    ) as PersonSummary;
  });
  afterAll(async () => t.close());

  it('lists every partnership its own versions, and none of another partnership', async () => {
    const listed = await t.api(team, 'GET', '/api/v1/policies');
    expect(listed.status).toBe(200);
    const ids = listed.body.policies.map((p: { id: string }) => p.id).sort();
    expect(ids).toEqual([
      'bromley-partnership',
      'bromley-ready-steady-grow-preschool',
      'bromley-st-james-preschool',
    ]);
    expect(listed.body.policies[0]).toMatchObject({ origin: 'release', newest: true });
  });

  it('refuses anyone but the partnership team, and another partnership’s team', async () => {
    const teacherTry = await t.api(teacher, 'POST', '/api/v1/policies', { yaml: version4 });
    expect(teacherTry.status).toBe(403);
    expect(teacherTry.body.detail).toMatch(/partnership team/);
    const torbayTry = await t.api(torbayTeam, 'POST', '/api/v1/policies', { yaml: version4 });
    expect(torbayTry.status).toBe(403);
    expect(torbayTry.body.detail).toMatch(/"partnership: bscp".*only for partnership "tscp"/);
  });

  it('lists every problem of a policy with mistakes, with its path and line, adding nothing', async () => {
    const broken = version4
      .replace(/^title: .*$/m, 'titel: A typo')
      .replace('workingDays: 1', 'workingDays: 0');
    const answer = await t.api(team, 'POST', '/api/v1/policies', { yaml: broken });
    expect(answer.status).toBe(422);
    const errors = answer.body.errors as { path: string; line: number; message: string }[];
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['titel', 'title', 'stages[0].timescale.workingDays']),
    );
    expect(errors.every((e) => e.line >= 1)).toBe(true);
    const listed = await t.api(team, 'GET', '/api/v1/policies');
    expect(listed.body.policies.map((p: { version: number }) => p.version)).not.toContain(4);
  });

  it('stores a new version; open cases stay on theirs while new cases take the new one', async () => {
    const before = await t.api(
      teacher,
      'POST',
      '/api/v1/cases',
      raiseBody(csc.agency?.id as string),
    );
    expect(before.status).toBe(201);
    openCase = before.body.id;
    expect(before.body.policy).toMatchObject({ id: 'bromley-partnership', version: 3 });

    const added = await t.api(team, 'POST', '/api/v1/policies', { yaml: version4 });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ outcome: 'added', id: 'bromley-partnership', version: 4 });

    const after = await t.api(
      teacher,
      'POST',
      '/api/v1/cases',
      raiseBody(csc.agency?.id as string),
    );
    expect(after.body.policy).toMatchObject({ id: 'bromley-partnership', version: 4 });
    const still = await t.api(teacher, 'GET', `/api/v1/cases/${openCase}`);
    expect(still.body.policy).toMatchObject({ id: 'bromley-partnership', version: 3 });

    const listed = await t.api(team, 'GET', '/api/v1/policies');
    const rows = listed.body.policies.filter((p: { id: string }) => p.id === 'bromley-partnership');
    expect(rows).toMatchObject([
      { version: 3, origin: 'release', newest: false, openCases: 1 },
      { version: 4, origin: 'added', newest: true, openCases: 1 },
    ]);
  });

  it('the same content again changes nothing; a stored version number never takes new content', async () => {
    const again = await t.api(team, 'POST', '/api/v1/policies', { yaml: version4 });
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('unchanged');
    const changed = version4.replace(/^title: (.*)$/m, 'title: $1, changed');
    const refused = await t.api(team, 'POST', '/api/v1/policies', { yaml: changed });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(
      /version 4 of "bromley-partnership" is already stored with different content.*number your changed policy 5/,
    );
    const older = changed.replace(/^version: 4$/m, 'version: 2');
    const tooOld = await t.api(team, 'POST', '/api/v1/policies', { yaml: older });
    expect(tooOld.status).toBe(409);
    expect(tooOld.body.detail).toMatch(/the newest version of "bromley-partnership" is 4/);
  });

  it("no longer registers the release's files for a policy the partnership has added to", async () => {
    const presets = loadPresets();
    const result = await registerPolicies(t.store.db, presets, t.clock.now.toISOString());
    expect(result.skipped).toEqual(['bromley-partnership']);
    const newest = await latestPolicy(t.store.db, 'bromley-partnership');
    expect(newest?.version).toBe(4);
  });

  it('refuses a policy id that belongs to another partnership', async () => {
    const torbay = readFileSync('policies/torbay-white-rock-preschool.yaml', 'utf8')
      .replace(/^id: .*$/m, 'id: bromley-partnership')
      .replace(/^version: 3$/m, 'version: 9');
    const answer = await t.api(torbayTeam, 'POST', '/api/v1/policies', { yaml: torbay });
    expect(answer.status).toBe(409);
    expect(answer.body.detail).toMatch(/belongs to partnership "bscp", not "tscp"/);
  });

  it('issue 18 (b): a role recipient for the partnership team finds it in the partnership; a role nobody holds is recorded as missing, never silently nobody', async () => {
    const partnership = await t.store.db
      .selectFrom('partnerships')
      .select('id')
      .where('key', '=', 'bscp')
      .executeTakeFirstOrThrow();
    const policy = (await latestPolicy(t.store.db, 'bromley-partnership')) as Policy;
    const after = {
      raisingAgencyId: teacher.agency?.id,
      otherAgencyIds: [csc.agency?.id],
    } as unknown as CaseState;
    const request = { partnershipId: partnership.id, policy, after };
    const team = await addressesFor(
      t.store.db,
      { kind: 'role', role: 'partnership-team', side: 'both' },
      request,
    );
    const teamIds = t.people
      .filter((p) => p.role === 'partnership-team' && p.partnership === 'bscp')
      .map((p) => p.id);
    expect(teamIds.length).toBeGreaterThan(0);
    expect(team.map((a) => a.personId).sort()).toEqual(teamIds.sort());
    expect(team.every((a) => a.email !== null && a.missing === undefined)).toBe(true);
    const nobody = await addressesFor(
      t.store.db,
      { kind: 'role', role: 'named-professional', side: 'other' },
      request,
    );
    expect(nobody).toEqual([
      {
        email: null,
        personId: null,
        missing:
          'Nobody at the other side\'s agencies in the case holds the role "named-professional" in the directory.',
      },
    ]);
  });

  it('refuses a directory naming an unknown policy or another partnership’s, with the reason', async () => {
    const admin = t.people.find(
      (p) => p.role === 'administrator' && p.partnership === 'bscp',
    ) as PersonSummary;
    const directory = (policy: string, agencyPolicy?: string) => ({
      partnerships: [
        {
          key: 'bscp',
          name: 'Bromley',
          policy,
          agencies: [
            {
              name: 'A New School (fictional)',
              sector: 'school',
              ...(agencyPolicy ? { policy: agencyPolicy } : {}),
            },
          ],
        },
      ],
    });
    const unknown = await t.api(admin, 'POST', '/api/v1/directory', directory('no-such-policy'));
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toMatch(
      /partnerships\[0\]\.policy: no policy has the id "no-such-policy": add the policy first/,
    );
    const other = await t.api(admin, 'POST', '/api/v1/directory', directory('bscb-partnership'));
    expect(other.status).toBe(422);
    expect(other.body.detail).toMatch(/"bscb-partnership" is partnership "bscb"'s, not "bscp"'s/);
    const agency = await t.api(
      admin,
      'POST',
      '/api/v1/directory',
      directory('bromley-partnership', 'torbay-white-rock-preschool'),
    );
    expect(agency.status).toBe(422);
    expect(agency.body.detail).toMatch(
      /agencies\[0\]\.policy: the policy "torbay-white-rock-preschool" is partnership "tscp"'s/,
    );
  });
});
