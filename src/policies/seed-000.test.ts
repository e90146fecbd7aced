/** Seed 000: St James Preschool's local version of the Bromley partnership policy. */
import { describe, expect, it } from 'vitest';
import { bothSidesRules, preset } from './testing.js';

const policy = preset('bromley-st-james-preschool');
const stage = (key: string) => policy.stages.find((s) => s.key === key);
const rule = (key: string) => policy.notifications.find((r) => r.key === key);
const principle = (words: RegExp) => policy.principles?.find((p) => words.test(p.text));

describe('bromley-st-james-preschool (seed 000)', () => {
  it("is an agency's local version of the BSCP policy (seed 002)", () => {
    expect(policy).toMatchObject({
      scope: 'agency',
      adapts: 'bromley-partnership',
      partnership: 'bscp',
      document: '000_79cfd3201b063709.txt',
    });
  });

  it('000_79cfd3201b063709.txt "Working together effectively to safeguard children": aims at open relationships', () => {
    expect(policy.aims[0]?.text).toMatch(/open and honest/);
  });

  it('000_79cfd3201b063709.txt "The nursery must be assertive and act quickly": challenge promptly', () => {
    expect(principle(/assertive/)?.source).toBe(
      '000_79cfd3201b063709.txt "The nursery must be assertive and act quickly"',
    );
  });

  it('000_79cfd3201b063709.txt "The safety of individual children is the paramount consideration"', () => {
    expect(principle(/paramount/)).toBeDefined();
  });

  it('000_79cfd3201b063709.txt "Resolution should be sought within the shortest timescale possible"', () => {
    expect(principle(/shortest timescale/)).toBeDefined();
  });

  it('000_79cfd3201b063709.txt "Disagreements should be resolved at the lowest possible stage"', () => {
    expect(principle(/lowest possible stage/)).toBeDefined();
  });

  it('000_79cfd3201b063709.txt "Concerns relating to decisions, suspected wrong doing": whistleblowing is out of scope', () => {
    expect(principle(/whistleblowing/)).toBeDefined();
  });

  it('000_79cfd3201b063709.txt "within one working week or a timescale that protects the child from harm": 5 working days overall, or shorter', () => {
    expect(policy.overallTimescale).toMatchObject({
      workingDays: 5,
      childProtectiveDeadlineAllowed: true,
    });
    expect(policy.stages.every((s) => s.timescale?.workingDays === undefined)).toBe(true);
  });

  it('000_79cfd3201b063709.txt "If a child is thought to be at immediate harm": refer to the Hub and inform the DSLs', () => {
    expect(policy.immediateRisk.referral.service).toBe("Bromley Children's and Family Hub");
    expect(policy.immediateRisk.inform.map((i) => i.role)).toEqual(['dsl']);
    expect(rule('dsl-immediate-risk')).toMatchObject({
      on: 'immediate-risk',
      to: [{ kind: 'role', role: 'dsl', side: 'raising' }],
    });
  });

  it('000_79cfd3201b063709.txt "a referral must be made to": the Hub is the contact for a referral', () => {
    expect(policy.contacts.hub?.name).toMatch(/Family Hub/);
  });

  it('000_79cfd3201b063709.txt "the designated safeguarding lead": the DSLs are named by role only', () => {
    expect(policy.immediateRisk.inform[0]?.source).toBe(
      '000_79cfd3201b063709.txt "the designated safeguarding lead"',
    );
  });

  it('000_79cfd3201b063709.txt "consult their supervisor/manager to clarify their thinking": an optional consultation', () => {
    expect(policy.consultation).toMatchObject({ requirement: 'optional', with: ['manager'] });
  });

  it('000_79cfd3201b063709.txt "evidence the nature and source of the concerns"', () => {
    expect(policy.consultation?.questions).toEqual([
      expect.objectContaining({ key: 'evidence', field: 'evidence' }),
    ]);
  });

  it('000_79cfd3201b063709.txt "Stage One: Discuss with the other worker": four stages, the first between workers', () => {
    expect(policy.stages.map((s) => s.key)).toEqual([
      'other-worker',
      'line-manager',
      'senior-managers',
      'chair',
    ]);
    expect(stage('other-worker')?.participants.roles).toEqual(['frontline']);
  });

  it('000_79cfd3201b063709.txt "The people who disagree have a discussion to resolve the problem"', () => {
    expect(stage('other-worker')?.guidance).toMatch(/as soon as possible/);
  });

  it('000_79cfd3201b063709.txt "Support may need to be given by manager to staff"', () => {
    expect(stage('other-worker')?.advice?.[0]?.text).toMatch(/support staff/);
  });

  it('000_79cfd3201b063709.txt "Stage Two: Escalate to line manager"', () => {
    expect(policy.stages[1]).toMatchObject({
      key: 'line-manager',
      participants: { roles: ['manager'] },
    });
  });

  it('000_79cfd3201b063709.txt "you should contact the manager": who discusses with the equivalent manager', () => {
    expect(stage('line-manager')?.guidance).toMatch(/equivalent/);
  });

  it('000_79cfd3201b063709.txt "take advice from their own Safeguarding Team"', () => {
    expect(stage('line-manager')?.advice?.[0]?.text).toMatch(/Safeguarding Team/);
  });

  it('000_79cfd3201b063709.txt "relevant Child Protection Chair or Independent Reviewing Officer must also be notified": at stage 2', () => {
    expect(rule('cp-chair-stage-2')).toMatchObject({
      on: 'stage-entered',
      stages: ['line-manager'],
      childFlags: ['childProtectionPlan'],
      to: [{ kind: 'cp-chair' }],
    });
    expect(rule('iro-stage-2')).toMatchObject({
      stages: ['line-manager'],
      childFlags: ['lookedAfter'],
      to: [{ kind: 'iro' }],
    });
  });

  it('000_79cfd3201b063709.txt "Stage Three: Escalate to senior managers"', () => {
    expect(policy.stages[2]?.key).toBe('senior-managers');
  });

  it('000_79cfd3201b063709.txt "reports to their respective manager or named/ designated safeguarding representative"', () => {
    expect(stage('senior-managers')?.participants.roles).toEqual(
      expect.arrayContaining(['senior-manager', 'named-professional', 'dsl']),
    );
  });

  it('000_79cfd3201b063709.txt "escalation continues through the appropriate tiers of management"', () => {
    expect(stage('senior-managers')?.participants.roles).toContain('director');
    expect(stage('senior-managers')?.advice?.[0]?.text).toMatch(/tiers of management/);
  });

  it('000_79cfd3201b063709.txt "Stage Four: Resolution by BSCP Chair": the final stage', () => {
    expect(policy.stages.at(-1)).toMatchObject({ key: 'chair', final: true });
    expect(policy.finalRoute).toMatchObject({ stage: 'chair', chairMayResolveDirectly: true });
  });

  it('000_79cfd3201b063709.txt "referred by the nursery to the Chair of the BSCP"', () => {
    expect(stage('chair')?.participants.roles).toContain('chair');
  });

  it('000_79cfd3201b063709.txt "after the agency BSCP members have been involved"', () => {
    expect(policy.finalRoute.boardMembersEngagedFirst).toBeDefined();
  });

  it('000_79cfd3201b063709.txt "The preschool raising the dispute must e-mail the details": to the BSCP for the chair', () => {
    expect(policy.finalRoute.referral).toMatchObject({
      via: 'business-unit',
      by: 'the preschool raising the dispute',
    });
  });

  it('000_79cfd3201b063709.txt "must e-mail the details through to bscp@bromley.gov.uk"', () => {
    expect(rule('referral-to-chair')?.to).toEqual([{ kind: 'business-unit' }, { kind: 'chair' }]);
  });

  it('000_79cfd3201b063709.txt "for the attention of the independent chair"', () => {
    expect(policy.contacts.chair?.email).toBe('bscp@bromley.gov.uk');
  });

  it('000_79cfd3201b063709.txt "senior officers from three agencies who are members of the full Board": a panel from the full Board', () => {
    expect(policy.finalRoute.panel).toMatchObject({
      minAgencies: 3,
      membership: 'board',
      includeDisputingAgencies: 'always',
    });
  });

  it('000_79cfd3201b063709.txt "The Panel will receive representations": and collectively resolves', () => {
    expect(policy.finalRoute.panel).toMatchObject({
      receivesRepresentations: true,
      decides: 'resolution',
    });
    expect(rule('panel-representations')?.on).toBe('panel-convened');
  });

  it('000_79cfd3201b063709.txt "please contact the BSCP administrator": by e-mail or phone', () => {
    expect(policy.contacts.businessUnit).toMatchObject({
      email: 'bscp@bromley.gov.uk',
      phone: '0208 461 7816',
    });
  });

  it('000_79cfd3201b063709.txt "At all stages of the process": recorded on the child\'s file and shared with the raiser', () => {
    expect(policy.recording).toMatchObject({ onChildFile: true, shareWith: [{ kind: 'raiser' }] });
    expect(rule('outcome-to-raiser')?.to).toEqual([{ kind: 'raiser' }]);
  });

  it('keeps the categories of the partnership policy it adapts (the document lists none)', () => {
    expect(policy.categories).toEqual(preset('bromley-partnership').categories);
  });
});

describe('bromley-st-james-preschool: both sides told', () => {
  const rules = bothSidesRules(preset('bromley-st-james-preschool'));
  it(`000_79cfd3201b063709.txt "Stage One: Discuss with the other worker": the other agency (its contact and its stage-1 holder) is told when a case is raised`, () => {
    rules.otherAgencyTold();
  });
  it(`000_79cfd3201b063709.txt "Stage Two: Escalate to line manager": the new holders on both sides are told at every stage, with what is asked and by when`, () => {
    rules.holdersTold();
  });
  it(`000_79cfd3201b063709.txt "At all stages of the process": the worker who raised it is told of every escalation`, () => {
    rules.raiserKeptInformed();
  });
  it(`000_79cfd3201b063709.txt "At all stages of the process": both sides' holders are told every outcome`, () => {
    rules.outcomeBothSides(false);
  });
});

describe('bromley-st-james-preschool (seed 000): board members and the panel decide together', () => {
  it('000_79cfd3201b063709.txt "The respective agency members on the Bromley Safeguarding Children Partnership should be engaged": told at stage 3', () => {
    expect(rule('board-members-engaged')).toMatchObject({
      on: 'stage-entered',
      stages: ['senior-managers'],
      to: [{ kind: 'board-member', side: 'both' }],
    });
    expect(policy.finalRoute.boardMembersEngagedFirst).toBeDefined();
  });

  it('000_79cfd3201b063709.txt "will collectively resolve the professional differences": every member agrees the decision', () => {
    expect(rule('panel-decision-to-agree')).toMatchObject({
      on: 'panel-decision-proposed',
      to: [{ kind: 'holders', side: 'partnership' }],
    });
  });
});
