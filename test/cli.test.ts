/**
 * The CLI contract (docs/architecture.md "Command line"), run as `npx escalate` runs it: the compiled command.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bromleyWithAcknowledgement } from './support/acknowledgement-policy.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { escalate } from './support/process.js';

describe('escalate policy, timeline and deadline', () => {
  it("lists the five presets with their seed files, each partnership's versions from the database", async () => {
    const database = await createTestDatabase();
    const { code, stdout } = await escalate(['policy', 'list', '--json'], {
      DATABASE_URL: database.url,
    });
    await database.destroy();
    expect(code).toBe(0);
    const list = JSON.parse(stdout) as {
      id: string;
      title: string;
      partnership: string;
      stages: number;
      source: string;
    }[];
    expect(list.map((p) => p.source).sort()).toEqual([
      '000_79cfd3201b063709.txt',
      '001_2ba9829c509ef13e.txt',
      '002_bc950ad84b2976ce.txt',
      '003_cc7916261d75d3a6.txt',
      '004_f3cf3532c32e5aa0.txt',
    ]);
    expect(list.find((p) => p.source.startsWith('002'))).toMatchObject({
      id: 'bromley-partnership',
      partnership: 'bscp',
      stages: 5,
      version: 3,
      origin: 'release',
      newest: true,
      openCases: 0,
      addedBy: null,
    });
    for (const p of list)
      expect(Object.keys(p).sort()).toEqual([
        'addedBy',
        'id',
        'newest',
        'openCases',
        'origin',
        'partnership',
        'registeredAt',
        'scope',
        'source',
        'stages',
        'title',
        'version',
      ]);
  });

  it('shows a policy normalised', async () => {
    const { code, stdout } = await escalate(['policy', 'show', 'bromley-partnership', '--json']);
    expect(code).toBe(0);
    const policy = JSON.parse(stdout);
    expect(
      policy.stages.map((s: { timescale?: { workingDays?: number } }) => s.timescale?.workingDays),
    ).toEqual([1, 2, 2, 2, 3]);
    expect(policy.dueTime).toBe('17:00');
  });

  it('validates a policy file: "valid", or every error with its path and line, exit 1', async () => {
    expect(
      await escalate(['policy', 'validate', 'policies/bromley-partnership.yaml']),
    ).toMatchObject({ code: 0, stdout: 'valid\n' });
    const dir = mkdtempSync(join(tmpdir(), 'escalate-policy-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'id: broken\nversion: 1\ntitel: A typo\n');
    const { code, stderr } = await escalate(['policy', 'validate', file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/broken\.yaml:3: titel: unknown key "titel"/);
    expect(stderr).toMatch(/missing required key "title"/);
  });

  it('gives each stage of 002 its due time from a start, each starting when the one before falls due', async () => {
    const { code, stdout } = await escalate([
      'timeline',
      '--policy',
      'bromley-partnership',
      '--start',
      '2026-12-22T10:00:00Z',
      '--json',
    ]);
    expect(code).toBe(0);
    const timeline = JSON.parse(stdout);
    expect(timeline).toMatchObject({
      policy: 'bromley-partnership',
      calendar: 'england-and-wales',
      start: '2026-12-22T10:00:00+00:00',
    });
    // 1 day: Wed 23; 2 days: Thu 24, Tue 29 (25, 28 holidays); 2: Wed 30, Thu 31; 2: Mon 4 Jan (1 Jan holiday), Tue 5; 3: Wed 6, Thu 7, Fri 8.
    expect(timeline.stages.map((s: { dueAt: string }) => s.dueAt)).toEqual([
      '2026-12-23T17:00:00+00:00',
      '2026-12-29T17:00:00+00:00',
      '2026-12-31T17:00:00+00:00',
      '2027-01-05T17:00:00+00:00',
      '2027-01-08T17:00:00+00:00',
    ]);
    expect(timeline.stages[1].startsAt).toBe(timeline.stages[0].dueAt);
    expect(timeline.finalDueAt).toBe('2027-01-08T17:00:00+00:00');
    expect(Object.keys(timeline.stages[0]).sort()).toEqual([
      'dueAt',
      'hours',
      'immediately',
      'key',
      'name',
      'onlyWhenUrgent',
      'passedOver',
      'stage',
      'startsAt',
      'timescale',
      'workingDays',
    ]);
  });

  it('issue 18: the timeline passes over a stage used only when urgent (unless --urgent), and shows a stage timed in hours', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'escalate-timeline-'));
    const file = join(dir, 'urgent.yaml');
    const bromley = readFileSync('policies/bromley-partnership.yaml', 'utf8');
    writeFileSync(
      file,
      bromley
        .replace(/( {2}- key: manager\n[\s\S]*?timescale:\n {6})workingDays: 2/, '$1hours: 24')
        .replace(
          /( {2}- key: senior-manager\n)/,
          '$1    onlyWhenUrgent:\n      source: 002_bc950ad84b2976ce.txt 2.6\n',
        ),
    );
    const start = ['--start', '2026-12-22T10:00:00Z'];
    const plain = await escalate(['timeline', '--policy', file, ...start, '--json']);
    expect(plain.code).toBe(0);
    const calm = JSON.parse(plain.stdout);
    expect(calm.urgent).toBe(false);
    // stage 1 due Wed 23 Dec 17:00; 24 hours on working days: Thu 24 Dec 17:00
    expect(calm.stages[1]).toMatchObject({
      key: 'manager',
      timescale: '24 hours',
      hours: 24,
      dueAt: '2026-12-24T17:00:00+00:00',
    });
    expect(calm.stages[2]).toMatchObject({
      key: 'senior-manager',
      onlyWhenUrgent: true,
      passedOver: true,
      startsAt: null,
      dueAt: null,
    });
    // the directors' stage starts when the managers' falls due: 2 working days (25 and 28 Dec are holidays), Tue 29 and Wed 30
    expect(calm.stages[3]).toMatchObject({
      startsAt: '2026-12-24T17:00:00+00:00',
      dueAt: '2026-12-30T17:00:00+00:00',
    });
    const urgent = JSON.parse(
      (await escalate(['timeline', '--policy', file, ...start, '--urgent', '--json'])).stdout,
    );
    expect(urgent.stages[2]).toMatchObject({
      passedOver: false,
      dueAt: '2026-12-30T17:00:00+00:00',
    });
    const text = await escalate(['timeline', '--policy', file, ...start]);
    expect(text.stdout).toMatch(
      /Senior manager to senior manager \(only when urgent\) +2 working days +passed over: not urgent/,
    );
    expect(text.stdout).toMatch(/24 hours/);
  });

  it('computes a deadline on each calendar', async () => {
    const ew = await escalate([
      'deadline',
      '--start',
      '2026-07-10T10:00:00+01:00',
      '--working-days',
      '1',
      '--json',
    ]);
    expect(JSON.parse(ew.stdout)).toEqual({ dueAt: '2026-07-13T17:00:00+01:00' });
    const ni = await escalate([
      'deadline',
      '--start',
      '2026-07-10T10:00:00+01:00',
      '--working-days',
      '1',
      '--calendar',
      'northern-ireland',
      '--json',
    ]);
    expect(JSON.parse(ni.stdout)).toEqual({ dueAt: '2026-07-14T17:00:00+01:00' });
  });

  it('refuses bad arguments with one clear line', async () => {
    const days = await escalate(['deadline', '--start', '2026-07-10', '--working-days', '0']);
    expect(days.code).toBe(1);
    expect(days.stderr.trim()).toMatch(
      /^escalate: --working-days: must be a whole number of 1 or more/,
    );
    const start = await escalate(['deadline', '--start', 'next tuesday', '--working-days', '2']);
    expect(start.stderr.trim()).toMatch(/^escalate: --start: "next tuesday" is not an ISO-8601/);
    const calendar = await escalate([
      'timeline',
      '--policy',
      'bromley-partnership',
      '--start',
      '2026-07-10',
      '--calendar',
      'wales',
    ]);
    expect(calendar.stderr.trim()).toMatch(/--calendar: "wales" is not one of/);
  });

  it('stops on bad configuration with one line naming the variable', async () => {
    const { code, stderr } = await escalate(['db', 'migrate'], { DATABASE_URL: 'mysql://nope' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^escalate: DATABASE_URL: /);
  });

  it('issue 18: a policy file asking the other side to acknowledge within 1 working day validates, and its timeline says by when, on each calendar', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'escalate-ack-'));
    const file = join(dir, 'bromley-v4.yaml');
    writeFileSync(file, bromleyWithAcknowledgement);
    expect(await escalate(['policy', 'validate', file])).toMatchObject({
      code: 0,
      stdout: 'valid\n',
    });
    // raised on the Thursday before Easter 2026
    const start = ['timeline', '--policy', file, '--start', '2026-04-02T09:00:00Z'];
    const england = JSON.parse((await escalate([...start, '--json'])).stdout);
    expect(england.stages[0].acknowledgementDueAt).toBe('2026-04-07T17:00:00+01:00');
    expect(england.stages[1]).not.toHaveProperty('acknowledgementDueAt');
    const scotland = JSON.parse(
      (await escalate([...start, '--calendar', 'scotland', '--json'])).stdout,
    );
    expect(scotland.stages[0].acknowledgementDueAt).toBe('2026-04-06T17:00:00+01:00');
    const text = await escalate(start);
    expect(text.stdout).toMatch(/acknowledged by/);
  });
});

describe('escalate demo, people, agencies, token and audit on a database', () => {
  let database: TestDatabase;
  const env = () => ({ DATABASE_URL: database.url });
  beforeAll(async () => {
    database = await createTestDatabase();
    const demo = await escalate(['demo'], env());
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('And 30 fictional disagreements in the Bromley partnership');
  });
  afterAll(async () => database.destroy());

  it('lists agencies with the policy that governs a case each raises', async () => {
    const { stdout } = await escalate(['agencies', 'list', '--json'], env());
    const agencies = JSON.parse(stdout) as {
      id: string;
      name: string;
      sector: string;
      partnership: string;
      policy: string;
    }[];
    const policies = new Set(agencies.map((a) => a.policy));
    // every preset governs some agency
    expect([...policies].sort()).toEqual([
      'bromley-partnership',
      'bromley-ready-steady-grow-preschool',
      'bromley-st-james-preschool',
      'bscb-partnership',
      'torbay-white-rock-preschool',
    ]);
    expect(new Set(agencies.map((a) => a.sector))).toEqual(
      new Set(['early-years', 'school', 'childrens-social-care', 'health', 'gp', 'police']),
    );
    expect(Object.keys(agencies[0] ?? {}).sort()).toEqual([
      'id',
      'name',
      'partnership',
      'policy',
      'sector',
    ]);
  });

  it('lists people at every role, with their agency and partnership', async () => {
    const { stdout } = await escalate(['people', 'list', '--json'], env());
    const people = JSON.parse(stdout) as {
      id: string;
      email: string;
      name: string;
      role: string;
      agency: unknown;
      partnership: string;
    }[];
    expect(new Set(people.map((p) => p.role))).toEqual(
      new Set([
        'frontline',
        'manager',
        'dsl',
        'senior-manager',
        'director',
        'named-professional',
        'partnership-team',
        'chair',
        'panel-member',
        'administrator',
      ]),
    );
    expect(Object.keys(people[0] ?? {}).sort()).toEqual([
      'agency',
      'email',
      'id',
      'name',
      'partnership',
      'role',
    ]);
    const withAgency = people.find((p) => p.agency !== null) as { agency: object };
    expect(Object.keys(withAgency.agency).sort()).toEqual(['id', 'name', 'sector']);
  });

  it('creates an API token for a person, and refuses an unknown e-mail', async () => {
    const { stdout: list } = await escalate(['people', 'list', '--json'], env());
    const someone = (JSON.parse(list) as { email: string }[])[0] as { email: string };
    const made = await escalate(['token', 'create', '--email', someone.email], env());
    expect(made.code).toBe(0);
    expect(made.stdout.trim()).toMatch(/^esc_[A-Za-z0-9_-]{40,}$/);
    const unknown = await escalate(['token', 'create', '--email', 'nobody@nowhere.example'], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/nobody has the e-mail/);

    // listed without the token itself, then revoked by id
    const listed = await escalate(['token', 'list', '--email', someone.email, '--json'], env());
    const tokens = JSON.parse(listed.stdout) as { id: string; revokedAt: string | null }[];
    expect(listed.stdout).not.toContain(made.stdout.trim());
    const live = tokens.find((x) => x.revokedAt === null) as { id: string };
    const revoked = await escalate(['token', 'revoke', live.id], env());
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/Revoked 1 token\./);
    const neither = await escalate(['token', 'revoke'], env());
    expect(neither.code).toBe(1);
    expect(neither.stderr).toMatch(/Give a token id or --email/);
  });

  it("verifies the audit chain of the demo's thirty cases, and loads them only once", async () => {
    const { code, stdout } = await escalate(['audit', 'verify'], env());
    expect(code).toBe(0);
    expect(stdout).toMatch(/The record holds: 30 cases, \d+ events verified/);
    const again = await escalate(['demo'], env());
    expect(again.stdout).not.toContain('fictional disagreements');
    expect((await escalate(['audit', 'verify'], env())).stdout).toContain('30 cases');
  });
});

describe('escalate directory import', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.destroy());

  it("adds a partnership's own policy, then imports a CSV directory on it (one row per person) twice without duplicating anyone", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'escalate-directory-'));
    // West Shire's own procedure: the Bromley partnership's, under its own id and partnership key
    const policyFile = join(dir, 'west-shire.yaml');
    writeFileSync(
      policyFile,
      readFileSync('policies/bromley-partnership.yaml', 'utf8')
        .replace(/^id: .*$/m, 'id: west-shire')
        .replace(/^version: .*$/m, 'version: 1')
        .replace(/^partnership: .*$/m, 'partnership: wscp'),
    );
    const env = { DATABASE_URL: database.url };
    // before the policy is added, the directory is refused with the reason
    const file = join(dir, 'directory.csv');
    writeFileSync(
      file,
      [
        'partnership,partnership_name,partnership_policy,agency,sector,agency_policy,email,name,role,line_manager,on_board,on_executive,escalation_manager,board_member',
        'wscp,West Shire Partnership (fictional),west-shire,,,,chair@wscp.example,Pat Example,chair,,yes,yes,,',
        'wscp,,,Oak Tree School,school,,head@oak.example,Robin Example,senior-manager,,yes,no,yes,yes',
        'wscp,,,Oak Tree School,school,,teacher@oak.example,Kim Example,frontline,head@oak.example,no,no,,',
        'wscp,,,West Shire Social Care,childrens-social-care,,sw@wssc.example,Lee Example,frontline,,no,no,,',
      ].join('\n'),
    );
    const early = await escalate(['directory', 'import', file], env);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/no policy has the id "west-shire": add the policy first/);
    const added = await escalate(['policy', 'add', policyFile], env);
    expect(added).toMatchObject({ code: 0 });
    expect(added.stdout).toMatch(/Added west-shire version 1 for partnership wscp/);
    const again = await escalate(['policy', 'add', policyFile], env);
    expect(again.stdout).toMatch(/Unchanged: west-shire version 1/);
    writeFileSync(policyFile, readFileSync(policyFile, 'utf8').replace(/^title: /m, 'title: New '));
    const changed = await escalate(['policy', 'add', policyFile], env);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(
      /version 1 of "west-shire" is already stored with different content/,
    );
    const listed = JSON.parse((await escalate(['policy', 'list', '--json'], env)).stdout) as {
      id: string;
      origin: string;
    }[];
    // audited: the version records that the command line (the operator) added it
    expect(listed.find((p) => p.id === 'west-shire')).toMatchObject({
      origin: 'added',
      addedBy: { kind: 'cli' },
    });
    const first = await escalate(['directory', 'import', file], env);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/Imported 1 partnerships, 2 agencies, 4 people/);
    await escalate(['directory', 'import', file], { DATABASE_URL: database.url });
    const people = JSON.parse(
      (await escalate(['people', 'list', '--json'], { DATABASE_URL: database.url })).stdout,
    ) as { email: string }[];
    expect(people.map((p) => p.email).sort()).toEqual([
      'chair@wscp.example',
      'head@oak.example',
      'sw@wssc.example',
      'teacher@oak.example',
    ]);
  });

  it('refuses a policy file with mistakes, listing every one, and adds nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'escalate-policy-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'id: broken\nversion: 1\ntitel: A typo\n');
    const result = await escalate(['policy', 'add', file], { DATABASE_URL: database.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.yaml:3: titel: unknown key "titel"/);
    expect(result.stderr).toMatch(/missing required key "title"/);
    expect(result.stderr).toMatch(/was not added/);
  });

  it("refuses a directory naming another partnership's policy, with the reason", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'escalate-directory-'));
    const file = join(dir, 'other.yaml');
    writeFileSync(
      file,
      [
        'partnerships:',
        '  - key: nope',
        '    name: Nowhere Partnership',
        '    policy: bromley-partnership',
        '    agencies:',
        '      - { name: Nowhere School, sector: school, policy: bscb-partnership }',
      ].join('\n'),
    );
    const result = await escalate(['directory', 'import', file], { DATABASE_URL: database.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /partnerships\[0\]\.policy: the policy "bromley-partnership" is partnership "bscp"'s, not "nope"'s/,
    );
    expect(result.stderr).toMatch(
      /agencies\[0\]\.policy: the policy "bscb-partnership" is partnership "bscb"'s/,
    );
  });

  it('refuses a directory naming an unknown policy or line manager, changing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'escalate-directory-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'partnerships:',
        '  - key: nope',
        '    name: Nowhere Partnership',
        '    policy: no-such-policy',
        '    agencies:',
        '      - name: Nowhere School',
        '        sector: school',
        '        people:',
        '          - { email: a@nowhere.example, name: A Example, role: frontline, lineManager: ghost@nowhere.example }',
      ].join('\n'),
    );
    const result = await escalate(['directory', 'import', file], { DATABASE_URL: database.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /partnerships\[0\]\.policy: no policy has the id "no-such-policy"/,
    );
    expect(result.stderr).toMatch(
      /lineManager: nobody in this partnership has the e-mail ghost@nowhere\.example/,
    );
    const people = JSON.parse(
      (await escalate(['people', 'list', '--json'], { DATABASE_URL: database.url })).stdout,
    ) as { email: string }[];
    expect(people.map((p) => p.email)).not.toContain('a@nowhere.example');
  });
});
