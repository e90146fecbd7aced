/**
 * Validator messages that name the key, list what is allowed, and tell a rule Escalate cannot
 * follow yet from a spelling mistake (issue 18, item 3).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyWarnings } from '../domain/policy/warnings.js';
import { parsePolicy } from './load.js';

const bromley = readFileSync('policies/bromley-partnership.yaml', 'utf8');

function errorsOf(text: string) {
  const result = parsePolicy(text, 'mine.yaml');
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

function warningsOf(text: string) {
  const result = parsePolicy(text, 'mine.yaml');
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return policyWarnings(result.policy).map((w) => w.message);
}

describe('validator messages name the key and list what is allowed', () => {
  it('an unknown recipient kind lists the kinds, and suggests the one meant', () => {
    const text = bromley.replace('{ kind: business-unit }', '{ kind: partnership-tem }');
    const [error] = errorsOf(text);
    expect(error?.path).toMatch(/^notifications\[\d+\]\.to\[\d+\]\.kind$/);
    expect(error?.message).toMatch(
      /"partnership-tem" is not a recipient kind: did you mean "partnership-team"\?/,
    );
    expect(error?.message).toMatch(
      /The recipient kinds are: role, cp-chair, iro, business-unit, chair/,
    );
  });

  it('an unknown sector lists the sectors', () => {
    const text = bromley.replace(/^( +)school: /m, '$1schools: ');
    const errors = errorsOf(text);
    expect(errors[0]?.message).toMatch(/"schools" is not a sector: did you mean "school"\?/);
    expect(errors[0]?.message).toMatch(
      /early-years, school, childrens-social-care, health, gp, police, other/,
    );
  });

  it('a value outside a list names the key and lists the values', () => {
    const [error] = errorsOf(bromley.replace(/^calendar: .*$/m, 'calendar: wales'));
    expect(error).toMatchObject({ path: 'calendar' });
    expect(error?.message).toBe(
      '"wales" is not allowed for "calendar" Use one of: england-and-wales, scotland, northern-ireland',
    );
  });

  it('a typo is told apart from a rule Escalate does not support, and from a key that is not part of the format', () => {
    const typo = errorsOf(bromley.replace(/^title: /m, 'titel: '));
    expect(typo.map((e) => e.message)).toContain('unknown key "titel": did you mean "title"?');
    const unsupported = errorsOf(
      bromley
        .replace(/^stages:\n/m, 'stages:\n')
        .replace(/^( {2}- key: .*\n)/m, '$1    urgentRoute: true\n'),
    );
    expect(unsupported[0]?.message).toMatch(/^"urgentRoute" is not supported: a final stage that/);
    const foreign = errorsOf(bromley.replace(/^title: /m, 'colour: blue\ntitle: '));
    expect(foreign[0]?.message).toMatch(
      /^unknown key "colour": it is not part of the policy format here\. The keys allowed here are: id, version, title/,
    );
  });

  it('an action plan written on a stage says it goes at the top level (issue 18 item 8)', () => {
    const misplaced = errorsOf(
      bromley.replace(/^( {2}- key: .*\n)/m, '$1    actionPlan: { source: x.txt 1 }\n'),
    );
    expect(misplaced[0]?.message).toMatch(
      /^"actionPlan" does not go here: an agreed action plan is written once for the whole policy, at the top level/,
    );
    const valid = parsePolicy(
      bromley.replace(
        /^recording:/m,
        'actionPlan:\n  atResolution: required\n  reminderBefore: { workingDays: 1 }\n  source: example-procedure.txt 4.1\nrecording:',
      ),
      'mine.yaml',
    );
    expect(valid.ok).toBe(true);
  });

  it('an acknowledgement written in the wrong place says where it goes (issue 18)', () => {
    const misplaced = errorsOf(
      bromley.replace(/^title: /m, 'acknowledgement: { within: immediately }\ntitle: '),
    );
    expect(misplaced[0]?.message).toMatch(
      /^"acknowledgement" does not go here: an acknowledgement by the other side is written on the stage that asks for it/,
    );
  });

  it('an acknowledgement due at a time it cannot read lists the forms it takes (issue 18)', () => {
    const text = bromley.replace(
      /(\n {4}timescale:\n {6}workingDays: 1\n {6}source: 002_bc950ad84b2976ce.txt 3 \(table, Stage 1\)\n)/,
      '$1    acknowledgement:\n      by: other-side\n      within: soon\n      source: x 1\n',
    );
    expect(errorsOf(text).map((e) => e.message)).toEqual([
      '"soon" is not a time for the acknowledgement: write "within: immediately", "within: {workingDays: N}" or "within: {hours: N}"',
    ]);
  });

  it('a required key that cannot be left out yet says what to write instead', () => {
    const text = bromley.replace(/^immediateRisk:\n(?: .*\n|\n)+?(?=^\S)/m, '');
    const errors = errorsOf(text);
    expect(errors.map((e) => e.message)).toContainEqual(
      expect.stringMatching(
        /^missing required key "immediateRisk": every policy says how a child at immediate risk is dealt with.*routedElsewhere/,
      ),
    );
  });

  it('issue 18 item 10: immediate risk routed to another procedure needs no referral of its own', () => {
    const routed = bromley.replace(
      /^immediateRisk:\n(?: .*\n|\n)+?(?=^\S)/m,
      [
        'immediateRisk:',
        '  routedElsewhere:',
        '    procedure: the child protection procedures',
        "    source: '002_bc950ad84b2976ce.txt 1.5'",
        '  instruction: Follow the child protection procedures now; this policy is for disagreements.',
        "  source: '002_bc950ad84b2976ce.txt 1.5'",
        '',
      ].join('\n'),
    );
    const result = parsePolicy(routed);
    if (!result.ok) throw new Error(result.errors.map((e) => `${e.path} ${e.message}`).join('\n'));
    expect(result.policy.immediateRisk.referral).toMatchObject({
      service: 'the child protection procedures',
      by: expect.arrayContaining(['frontline', 'dsl']),
      source: '002_bc950ad84b2976ce.txt 1.5',
    });
    const neither = routed.replace(/^ {2}routedElsewhere:\n(?: {4}.*\n)+/m, '');
    expect(errorsOf(neither).map((e) => [e.path, e.message])).toContainEqual([
      'immediateRisk.referral',
      expect.stringMatching(/^missing required key "referral": .*"routedElsewhere"/),
    ]);
  });

  it('a key written twice is named, with its line', () => {
    const [error] = errorsOf(bromley.replace(/^(title: .*)$/m, '$1\n$1'));
    expect(error?.message).toBe(
      'the key "title" is written twice in the same place (each key must be unique there): keep one of them',
    );
    expect(error?.line).toBe(bromley.split('\n').findIndex((l) => l.startsWith('title:')) + 2);
  });

  it('a recipient nobody can be is an error (an administrator) or a warning (a CP Chair for any child)', () => {
    const admin = errorsOf(
      bromley.replace('{ kind: business-unit }', '{ kind: role, role: administrator }'),
    );
    expect(admin[0]?.message).toMatch(/administrators run Escalate and never see cases/);
    const cpChair = bromley.replace(/^ *childFlags: \[childProtectionPlan\]\n/m, '');
    expect(warningsOf(cpChair).join('\n')).toMatch(
      /only a child with a Child Protection Plan has a CP Chair/,
    );
  });

  it('a role of the partnership may be told at any stage: it is looked up in the partnership', () => {
    const text = bromley.replace(
      '{ kind: business-unit }',
      '{ kind: role, role: partnership-team }',
    );
    expect(parsePolicy(text).ok).toBe(true);
  });

  it("warns when a timescale makes a stage's own days unusable", () => {
    const text = bromley.replace(
      /^stages:$/m,
      [
        'sharedTimescales:',
        '  - key: first-two',
        '    stages: [professional, manager]',
        '    workingDays: 2',
        "    source: '002_bc950ad84b2976ce.txt 3'",
        'stages:',
      ].join('\n'),
    );
    const result = parsePolicy(text);
    if (!result.ok) throw new Error(result.errors.map((e) => `${e.path} ${e.message}`).join('\n'));
    expect(policyWarnings(result.policy).map((w) => w.message)).toEqual([
      expect.stringMatching(
        /stage "manager" has 2 working days of its own, but the shared timescale "first-two" of 2 working days always ends first/,
      ),
    ]);
  });

  it('a shared timescale naming an unknown stage lists the stages', () => {
    const text = bromley.replace(
      /^stages:$/m,
      "sharedTimescales:\n  - { key: x, stages: [stage-9], workingDays: 2, source: '002_bc950ad84b2976ce.txt 3' }\nstages:",
    );
    expect(errorsOf(text)[0]?.message).toMatch(
      /no stage has the key "stage-9" \(the stages are: professional, manager, senior-manager, director, chair, consultation\)/,
    );
  });
});
