/**
 * Issue 18 leftover: adding a policy is an administrative change, and it is audited as sign-ins
 * are (docs/security.md, "logged"): every attempt through the API is a log line naming who tried
 * to add which policy version and how it went (added, unchanged, or refused and why), never the
 * file's text or anyone's address; and every stored version says who added it
 * (`policy list`, `GET /api/v1/policies`: a person, the command line, or the release).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../src/policies/index.js';
import type { PersonSummary } from '../src/services/people.js';
import { addPolicy, listPolicyVersions } from '../src/services/policy-registry.js';
import { createTestApp, type TestApp } from './support/app.js';

const bromley = readFileSync('policies/bromley-partnership.yaml', 'utf8');
const version = (n: number) =>
  bromley.replace(/^version: 3$/m, `version: ${n}`).replace(/^title: (.*)$/m, `title: $1 (v${n})`);

describe('who added which policy version is recorded', () => {
  let t: TestApp;
  const lines: string[] = [];
  let team: PersonSummary;
  let teacher: PersonSummary;
  const events = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    t = await createTestApp({ logStream: { write: (line) => void lines.push(line) } });
    team = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === 'bscp',
    ) as PersonSummary;
    teacher = t.person('frontline', 'Hillcrest Primary School');
  });
  afterAll(async () => t.close());

  it('logs each attempt through the API: added, unchanged, refused with the reason', async () => {
    expect((await t.api(team, 'POST', '/api/v1/policies', { yaml: version(4) })).status).toBe(201);
    expect((await t.api(team, 'POST', '/api/v1/policies', { yaml: version(4) })).status).toBe(200);
    const broken = version(5).replace(/^title: .*$/m, 'titel: A typo');
    expect((await t.api(team, 'POST', '/api/v1/policies', { yaml: broken })).status).toBe(422);
    const changed = version(4).replace(/^title: (.*)$/m, 'title: $1, changed');
    expect((await t.api(team, 'POST', '/api/v1/policies', { yaml: changed })).status).toBe(409);
    expect((await t.api(teacher, 'POST', '/api/v1/policies', { yaml: version(6) })).status).toBe(
      403,
    );
    const audit = events().filter((e) => String(e.msg).startsWith('policy '));
    const policy = { id: 'bromley-partnership', version: 4, partnership: 'bscp' };
    expect(
      audit.map(({ msg, personId, policy, outcome, reason }) => ({
        msg,
        personId,
        policy,
        outcome,
        reason,
      })),
    ).toEqual([
      { msg: 'policy added', personId: team.id, policy, outcome: 'added', reason: undefined },
      {
        msg: 'policy unchanged',
        personId: team.id,
        policy,
        outcome: 'unchanged',
        reason: undefined,
      },
      {
        msg: 'policy not added',
        personId: team.id,
        policy: undefined,
        outcome: 'refused',
        reason: 'invalid',
      },
      {
        msg: 'policy not added',
        personId: team.id,
        policy,
        outcome: 'refused',
        reason: 'conflict',
      },
      {
        msg: 'policy not added',
        personId: teacher.id,
        policy: undefined,
        outcome: 'refused',
        reason: 'not the partnership team',
      },
    ]);
    const all = lines.join('\n');
    expect(all).not.toContain(team.email);
    expect(all).not.toContain('titel: A typo');
  });

  it('every stored version says who added it: the partnership team member, the command line, or the release', async () => {
    const parsed = parsePolicy(version(7));
    if (!parsed.ok) throw new Error('version 7 should be valid');
    await addPolicy(t.store.db, parsed.policy, { now: new Date().toISOString(), addedBy: 'cli' });
    const rows = (await listPolicyVersions(t.store.db)).filter(
      (r) => r.id === 'bromley-partnership',
    );
    expect(rows.map((r) => [r.version, r.addedBy])).toEqual([
      [3, null],
      [4, { kind: 'person', id: team.id, name: team.name }],
      [7, { kind: 'cli' }],
    ]);
    const listed = await t.api(team, 'GET', '/api/v1/policies');
    const api = listed.body.policies.filter((p: { id: string }) => p.id === 'bromley-partnership');
    expect(api.map((p: { addedBy: unknown }) => p.addedBy)).toEqual(rows.map((r) => r.addedBy));
  });
});
