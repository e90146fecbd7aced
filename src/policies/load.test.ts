import { describe, expect, it } from 'vitest';
import { formatPolicyError, type PolicyError } from './errors.js';
import { loadPolicyFile, parsePolicy } from './load.js';

/** A small valid policy; each test breaks it in one way. Line numbers are noted beside. */
const VALID = `id: test-policy
version: 1
title: Test policy
partnership: tp
scope: partnership
document: test.txt
categories: [levels-of-need, other]
contacts: {}
immediateRisk:
  referral:
    service: Children and Families Hub
    by: [frontline]
    source: test.txt 1.5
  instruction: Refer at once.
  source: test.txt 1.5
stages:
  - key: professional
    name: Professional to professional
    guidance: Discuss.
    participants:
      roles: [frontline]
      source: test.txt 2.1
    timescale:
      workingDays: 1
      source: test.txt 3
    source: test.txt 2.1
  - key: manager
    name: Manager to manager
    guidance: Managers discuss.
    participants:
      roles: [manager, dsl]
      source: test.txt 2.3
    source: test.txt 2.3
  - key: chair
    name: Chair
    guidance: The chair decides.
    participants:
      roles: [chair, panel-member]
      source: test.txt 2.14
    final: true
    source: test.txt 2.14
notifications:
  - key: unit
    on: stage-entered
    stages: [manager]
    to:
      - { kind: role, role: dsl, side: raising }
    purpose: Tell the DSL.
    source: test.txt 2.8
finalRoute:
  stage: chair
  panel:
    minAgencies: 3
    membership: executive
    includeDisputingAgencies: always
    decides: resolution
    source: test.txt 2.17
  decisionBinding: true
  source: test.txt 2.15
recording:
  onChildFile: true
  source: test.txt 4.1
adoption:
  adoptedBy: Test
  adoptedOn: '2019-10-30'
  reviewOn: '2020-10-30'
  source: test.txt end
`;

function lineOf(text: string, fragment: string): number {
  const index = text.indexOf(fragment);
  if (index < 0) throw new Error(`fragment not in text: ${fragment}`);
  return text.slice(0, index).split('\n').length;
}

function errorsOf(text: string): PolicyError[] {
  const result = parsePolicy(text);
  if (result.ok) throw new Error('expected the policy to be invalid');
  return result.errors;
}

function edit(from: string, to: string): string {
  if (!VALID.includes(from)) throw new Error(`not in VALID: ${from}`);
  return VALID.replace(from, to);
}

describe('parsePolicy', () => {
  it('accepts a valid policy and applies defaults', () => {
    const result = parsePolicy(VALID);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.calendar).toBe('england-and-wales');
    expect(result.policy.dueTime).toBe('17:00');
    expect(result.policy.stages[0]?.final).toBe(false);
  });

  it('reports a YAML syntax error with its line', () => {
    const text = edit('title: Test policy', 'title: Test: policy');
    const errors = errorsOf(text);
    expect(errors[0]?.message).toMatch(/^YAML syntax: /);
    expect(errors[0]?.line).toBe(3);
    expect(errors[0]?.path).toBe('');
  });

  it('reports a duplicate YAML key as a syntax error with its line', () => {
    const errors = errorsOf(edit('version: 1\n', 'version: 1\nversion: 2\n'));
    expect(errors[0]).toMatchObject({ line: 3 });
    expect(errors[0]?.message).toMatch(/unique/);
  });

  it('names an unknown key and points at its line', () => {
    const text = edit(
      '    guidance: Managers discuss.\n',
      '    guidance: Managers discuss.\n    colour: red\n',
    );
    expect(errorsOf(text)).toContainEqual({
      path: 'stages[1].colour',
      line: lineOf(text, 'colour: red'),
      message: expect.stringContaining('unknown key "colour"'),
    });
  });

  it('names an unknown top-level key', () => {
    const text = `${VALID}flavour: mint\n`;
    expect(errorsOf(text)).toContainEqual(
      expect.objectContaining({ path: 'flavour', line: lineOf(text, 'flavour') }),
    );
  });

  it("points a missing key at its parent's line", () => {
    const text = edit('    name: Manager to manager\n', '');
    expect(errorsOf(text)).toContainEqual({
      path: 'stages[1].name',
      line: lineOf(text, '- key: manager'),
      message: 'missing required key "name"',
    });
  });

  it('maps a wrong value to its path and line', () => {
    const text = edit('workingDays: 1', 'workingDays: 0');
    expect(errorsOf(text)).toContainEqual(
      expect.objectContaining({
        path: 'stages[0].timescale.workingDays',
        line: lineOf(text, 'workingDays: 0'),
      }),
    );
  });

  it('reports every schema error, not just the first', () => {
    const text = edit('workingDays: 1', 'workingDays: 0').replace('version: 1', 'version: one');
    const paths = errorsOf(text).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['version', 'stages[0].timescale.workingDays']));
  });

  it('reports an empty file', () => {
    expect(errorsOf('')).toEqual([expect.objectContaining({ path: '', line: 1 })]);
  });

  it('quotes the file name in each error when given one', () => {
    const result = parsePolicy(edit('version: 1', 'version: 0'), 'mine.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatPolicyError(result.errors[0] as PolicyError)).toMatch(/^mine\.yaml:2: version: /);
  });
});

describe('parsePolicy semantic checks', () => {
  it('reports duplicate stage keys', () => {
    const text = edit('  - key: manager\n', '  - key: professional\n');
    expect(errorsOf(text)).toContainEqual(
      expect.objectContaining({
        path: 'stages[1].key',
        line: lineOf(text, '  - key: professional\n    name: Manager'),
      }),
    );
  });

  it('reports a notification rule naming no stage', () => {
    const text = edit('    stages: [manager]', '    stages: [manager, director]');
    expect(errorsOf(text)).toEqual([
      expect.objectContaining({
        path: 'notifications[0].stages[1]',
        line: lineOf(text, 'stages: [manager, director]'),
        message: expect.stringContaining('"director"'),
      }),
    ]);
  });

  it('reports a notification to a role no stage involves', () => {
    const text = edit('role: dsl, side: raising', 'role: director, side: raising');
    expect(errorsOf(text)).toEqual([
      expect.objectContaining({
        path: 'notifications[0].to[0].role',
        line: lineOf(text, 'role: director'),
        message: expect.stringContaining('"director"'),
      }),
    ]);
  });

  it('accepts a notification to a role only the consultation involves', () => {
    const text = edit('role: dsl, side: raising', 'role: senior-manager, side: raising').replace(
      'immediateRisk:',
      'consultation:\n  name: Consult\n  requirement: optional\n  with: [senior-manager]\n  guidance: Consult.\n  source: test.txt 1.6\nimmediateRisk:',
    );
    expect(parsePolicy(text).ok).toBe(true);
  });

  it('reports a final route naming no stage', () => {
    const text = edit('  stage: chair', '  stage: panel');
    expect(errorsOf(text)).toContainEqual(
      expect.objectContaining({ path: 'finalRoute.stage', line: lineOf(text, 'stage: panel') }),
    );
  });

  it('reports a final route stage that is not the last stage', () => {
    const text = edit('  stage: chair', '  stage: manager');
    const errors = errorsOf(text).filter((e) => e.path === 'finalRoute.stage');
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('must be the last stage'),
      expect.stringContaining('final: true'),
    ]);
    expect(errors[0]?.line).toBe(lineOf(text, 'stage: manager'));
  });

  it('reports a final route stage not marked final', () => {
    const text = edit('    final: true\n', '');
    expect(errorsOf(text)).toEqual([
      expect.objectContaining({
        path: 'finalRoute.stage',
        line: lineOf(text, '  stage: chair'),
        message: expect.stringContaining('final: true'),
      }),
    ]);
  });

  it('reports a stage marked final that is not the final route stage', () => {
    const text = edit(
      '    source: test.txt 2.3\n  - key: chair',
      '    final: true\n    source: test.txt 2.3\n  - key: chair',
    );
    expect(errorsOf(text)).toEqual([
      expect.objectContaining({ path: 'stages[1].final', line: lineOf(text, 'final: true') }),
    ]);
  });

  it('reports immediateRisk.startAt naming an unknown stage', () => {
    const text = edit(
      '  instruction: Refer at once.',
      '  startAt:\n    stages: [manager, hub]\n    source: test.txt 1.5\n  instruction: Refer at once.',
    );
    expect(errorsOf(text)).toEqual([
      expect.objectContaining({
        path: 'immediateRisk.startAt.stages[1]',
        line: lineOf(text, 'stages: [manager, hub]'),
      }),
    ]);
  });

  it('reports a panel of fewer than 2 agencies that must include the disputing ones', () => {
    const text = edit('minAgencies: 3', 'minAgencies: 1');
    expect(errorsOf(text)).toEqual([
      expect.objectContaining({
        path: 'finalRoute.panel.minAgencies',
        line: lineOf(text, 'minAgencies: 1'),
        message: expect.stringContaining('at least 2'),
      }),
    ]);
  });

  it('accepts a panel of 1 agency when the disputing agencies need not sit on it', () => {
    const text = edit('minAgencies: 3', 'minAgencies: 1').replace('always', 'where-possible');
    expect(parsePolicy(text).ok).toBe(true);
  });

  it('reports a panel when the final stage has no chair', () => {
    const text = edit('roles: [chair, panel-member]', 'roles: [panel-member]');
    expect(errorsOf(text)).toEqual([
      expect.objectContaining({
        path: 'finalRoute.panel',
        line: lineOf(text, '  panel:'),
        message: expect.stringContaining('"chair"'),
      }),
    ]);
  });

  it("reports adapts on a partnership's own policy", () => {
    const text = edit('scope: partnership\n', 'scope: partnership\nadapts: other-policy\n');
    expect(errorsOf(text)).toEqual([
      expect.objectContaining({ path: 'adapts', line: lineOf(text, 'adapts:') }),
    ]);
  });

  it("reports an agency's local version that adapts nothing, at the scope line", () => {
    const text = edit('scope: partnership', 'scope: agency');
    expect(errorsOf(text)).toEqual([
      expect.objectContaining({ path: 'adapts', line: lineOf(text, 'scope: agency') }),
    ]);
  });

  it('reports a review date before the adoption date', () => {
    const text = edit("reviewOn: '2020-10-30'", "reviewOn: '2018-10-30'");
    expect(errorsOf(text)).toEqual([
      expect.objectContaining({ path: 'adoption.reviewOn', line: lineOf(text, 'reviewOn:') }),
    ]);
  });

  it('reports every semantic error at once', () => {
    const text = edit('minAgencies: 3', 'minAgencies: 1')
      .replace("reviewOn: '2020-10-30'", "reviewOn: '2018-10-30'")
      .replace('scope: partnership', 'scope: agency');
    expect(errorsOf(text).map((e) => e.path)).toEqual([
      'finalRoute.panel.minAgencies',
      'adapts',
      'adoption.reviewOn',
    ]);
  });
});

describe('loadPolicyFile', () => {
  it('reports a file that cannot be read', () => {
    const result = loadPolicyFile('/no/such/policy.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ path: '', file: '/no/such/policy.yaml' });
    expect(result.errors[0]?.message).toMatch(/cannot read/);
  });
});
