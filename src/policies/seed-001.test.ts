/** Seed 001: Ready Steady Grow Pre-School's local version of the Bromley partnership policy. */
import { describe, expect, it } from 'vitest';
import { bothSidesRules, preset } from './testing.js';

const policy = preset('bromley-ready-steady-grow-preschool');
const stage = (key: string) => policy.stages.find((s) => s.key === key);
const rule = (key: string) => policy.notifications.find((r) => r.key === key);
const principle = (words: RegExp) => policy.principles?.find((p) => words.test(p.text));

describe('bromley-ready-steady-grow-preschool (seed 001)', () => {
  it("is an agency's local version of the BSCP policy (seed 002)", () => {
    expect(policy).toMatchObject({
      scope: 'agency',
      adapts: 'bromley-partnership',
      partnership: 'bscp',
      document: '001_2ba9829c509ef13e.txt',
    });
  });

  it('001_2ba9829c509ef13e.txt "Working together effectively to safeguard children"', () => {
    expect(policy.aims[0]?.text).toMatch(/open and honest/);
  });

  it('001_2ba9829c509ef13e.txt "This inter-agency policy defines the process"', () => {
    expect(policy.aims[1]?.text).toMatch(/London Child Protection Procedures/);
  });

  it('001_2ba9829c509ef13e.txt "Disagreements can arise in a number of areas": the four areas, plans and communication apart', () => {
    expect(policy.categories).toEqual([
      'levels-of-need',
      'roles-and-responsibilities',
      'need-for-action',
      'progressing-plans',
      'communication',
      'other',
    ]);
  });

  it('001_2ba9829c509ef13e.txt "they must be assertive, act swiftly"', () => {
    expect(principle(/assertive/)).toBeDefined();
  });

  it('001_2ba9829c509ef13e.txt "The safety of individual children is our paramount concern"', () => {
    expect(principle(/paramount/)).toBeDefined();
  });

  it('001_2ba9829c509ef13e.txt "Resolution should be sought within the shortest timescale possible"', () => {
    expect(principle(/shortest timescale/)).toBeDefined();
  });

  it('001_2ba9829c509ef13e.txt "We strive to resolve disagreements at the lowest possible stage"', () => {
    expect(principle(/lowest possible stage/)).toBeDefined();
  });

  it('001_2ba9829c509ef13e.txt "Concerns relating to decisions, suspected wrongdoing": whistleblowing is out of scope', () => {
    expect(principle(/whistleblowing/)).toBeDefined();
  });

  it('001_2ba9829c509ef13e.txt "resolve differences through discussion within one working week": 5 working days overall, or shorter', () => {
    expect(policy.overallTimescale).toMatchObject({
      workingDays: 5,
      childProtectiveDeadlineAllowed: true,
    });
    expect(policy.stages.every((s) => s.timescale === undefined)).toBe(true);
  });

  it('001_2ba9829c509ef13e.txt "the manager or designated safeguarding lead (DSL) will make a referral to MASH"', () => {
    expect(policy.immediateRisk.referral).toMatchObject({
      service: 'MASH (Multi-Agency Safeguarding Hub)',
      by: ['manager', 'dsl'],
    });
  });

  it('001_2ba9829c509ef13e.txt "the manager or designated safeguarding lead (DSL) will make a referral to MASH": a risk flagged by anyone reaches the setting\'s manager and DSL', () => {
    expect(rule('manager-dsl-immediate-risk')).toMatchObject({
      on: 'immediate-risk',
      to: [
        { kind: 'role', role: 'manager', side: 'raising' },
        { kind: 'role', role: 'dsl', side: 'raising' },
      ],
    });
  });

  it('001_2ba9829c509ef13e.txt "If a child is thought to be at immediate harm": the instruction', () => {
    expect(policy.immediateRisk.instruction).toMatch(/MASH/);
    expect(policy.immediateRisk.startAt).toBeUndefined();
  });

  it('001_2ba9829c509ef13e.txt "will make a referral to MASH": MASH is the contact', () => {
    expect(policy.contacts.hub?.name).toMatch(/MASH/);
  });

  it('001_2ba9829c509ef13e.txt "consult the manager to clarify their thinking": optional consultation', () => {
    expect(policy.consultation).toMatchObject({ requirement: 'optional', with: ['manager'] });
  });

  it('001_2ba9829c509ef13e.txt "evidence the nature and source of the concerns"', () => {
    expect(policy.consultation?.questions.map((q) => q.field)).toEqual(['evidence']);
  });

  it('001_2ba9829c509ef13e.txt "Stage One: If a matter of concern needs to be resolved": four stages; the manager or DSL discusses first', () => {
    expect(policy.stages).toHaveLength(4);
    expect(stage('discussion')?.participants.roles).toEqual(['manager', 'dsl', 'frontline']);
  });

  it('001_2ba9829c509ef13e.txt "Stage Two: If the problem is not resolved": the manager or DSL', () => {
    expect(stage('safeguarding-advice')?.participants.roles).toEqual(['manager', 'dsl']);
  });

  it('001_2ba9829c509ef13e.txt "the manager or DSL will take advice from the Bromley safeguarding team"', () => {
    expect(stage('safeguarding-advice')?.advice?.[0]?.text).toMatch(/safeguarding team/);
  });

  it('001_2ba9829c509ef13e.txt "the DSL must be made aware": at stage 2 for a CP Plan or Looked After Child', () => {
    expect(rule('dsl-aware-stage-2')).toMatchObject({
      on: 'stage-entered',
      stages: ['safeguarding-advice'],
      childFlags: ['childProtectionPlan', 'lookedAfter'],
      to: [{ kind: 'role', role: 'dsl', side: 'raising' }],
    });
    expect(policy.notifications.some((r) => r.to.some((t) => t.kind === 'cp-chair'))).toBe(false);
  });

  it('001_2ba9829c509ef13e.txt "Stage Three: If the problem is not resolved at Stage Two": with the other agency\'s management', () => {
    expect(stage('management')?.participants.roles).toEqual(
      expect.arrayContaining(['manager', 'dsl', 'senior-manager']),
    );
  });

  it('001_2ba9829c509ef13e.txt "escalation should continue through the appropriate tiers of management"', () => {
    expect(stage('management')?.participants.roles).toContain('director');
    expect(stage('management')?.advice?.[0]?.text).toMatch(/tiers of management/);
  });

  it('001_2ba9829c509ef13e.txt "Stage Four: Resolution by BSCB Chair": the final stage', () => {
    expect(policy.stages.at(-1)).toMatchObject({ key: 'chair', final: true });
    expect(policy.finalRoute).toMatchObject({ stage: 'chair', chairMayResolveDirectly: true });
  });

  it('001_2ba9829c509ef13e.txt "after the agency BSCB members have been involved"', () => {
    expect(policy.finalRoute.boardMembersEngagedFirst).toBeDefined();
  });

  it('001_2ba9829c509ef13e.txt "We will e-mail details through to bscb@bromley.gov.uk": for the chair', () => {
    expect(policy.finalRoute.referral?.via).toBe('business-unit');
    expect(rule('referral-to-chair')?.to).toEqual([{ kind: 'business-unit' }, { kind: 'chair' }]);
  });

  it('001_2ba9829c509ef13e.txt "for the attention of the independent chair"', () => {
    expect(policy.contacts.chair?.email).toBe('bscb@bromley.gov.uk');
  });

  it('001_2ba9829c509ef13e.txt "senior officers from three agencies who are members of the full Board of the BSCB"', () => {
    expect(policy.finalRoute.panel).toMatchObject({
      minAgencies: 3,
      membership: 'board',
      includeDisputingAgencies: 'always',
    });
  });

  it('001_2ba9829c509ef13e.txt "The Panel will receive representations": and collectively resolves', () => {
    expect(policy.finalRoute.panel).toMatchObject({
      receivesRepresentations: true,
      decides: 'resolution',
    });
  });

  it('001_2ba9829c509ef13e.txt "contact the BSCB administrator"', () => {
    expect(policy.contacts.businessUnit).toMatchObject({
      email: 'bscb@bromley.gov.uk',
      phone: '0208 461 7816',
    });
  });

  it('001_2ba9829c509ef13e.txt "At all stages of the process": recorded on the child\'s file and shared with the raiser', () => {
    expect(policy.recording).toMatchObject({ onChildFile: true, shareWith: [{ kind: 'raiser' }] });
    expect(rule('outcome-to-raiser')?.to).toEqual([{ kind: 'raiser' }]);
  });

  it('001_2ba9829c509ef13e.txt "This policy was adopted by": adopted 2019-10-30, reviewed 2020-10-30, signed by role only', () => {
    expect(policy.adoption).toEqual({
      adoptedBy: 'Ready Steady Grow Pre-School',
      adoptedOn: '2019-10-30',
      reviewOn: '2020-10-30',
      signatories: [{ role: 'Manager' }, { role: 'Deputy Manager' }],
      source: '001_2ba9829c509ef13e.txt "This policy was adopted by"',
    });
  });
});

describe('bromley-ready-steady-grow-preschool: both sides told', () => {
  const rules = bothSidesRules(preset('bromley-ready-steady-grow-preschool'));
  it(`001_2ba9829c509ef13e.txt "Stage One: If a matter of concern needs to be resolved": the other agency (its contact and its stage-1 holder) is told when a case is raised`, () => {
    rules.otherAgencyTold();
  });
  it(`001_2ba9829c509ef13e.txt "Stage Two: If the problem is not resolved": the new holders on both sides are told at every stage, with what is asked and by when`, () => {
    rules.holdersTold();
  });
  it(`001_2ba9829c509ef13e.txt "At all stages of the process": the worker who raised it is told of every escalation`, () => {
    rules.raiserKeptInformed();
  });
  it(`001_2ba9829c509ef13e.txt "At all stages of the process": both sides' holders are told every outcome`, () => {
    rules.outcomeBothSides(false);
  });
});

describe('bromley-ready-steady-grow-preschool (seed 001): board members and the panel decide together', () => {
  it('001_2ba9829c509ef13e.txt "and after the agency BSCB members have been involved": told at stage 3', () => {
    expect(rule('board-members-engaged')).toMatchObject({
      on: 'stage-entered',
      stages: ['management'],
      to: [{ kind: 'board-member', side: 'both' }],
    });
    expect(policy.finalRoute.boardMembersEngagedFirst).toBeDefined();
  });

  it('001_2ba9829c509ef13e.txt "will collectively resolve the professional differences": every member agrees the decision', () => {
    expect(rule('panel-decision-to-agree')).toMatchObject({
      on: 'panel-decision-proposed',
      to: [{ kind: 'holders', side: 'partnership' }],
    });
  });
});
