/** Seed 003: White Rock Pre-school (Torbay), loaded as the Torbay partnership's policy. */
import { describe, expect, it } from 'vitest';
import { bothSidesRules, preset } from './testing.js';

const policy = preset('torbay-white-rock-preschool');
const stage = (key: string) => policy.stages.find((s) => s.key === key);
const rule = (key: string) => policy.notifications.find((r) => r.key === key);
const principle = (words: RegExp) => policy.principles?.find((p) => words.test(p.text));

describe('torbay-white-rock-preschool (seed 003)', () => {
  it('is the policy of the Torbay partnership (no Torbay partnership document to adapt)', () => {
    expect(policy).toMatchObject({
      scope: 'partnership',
      partnership: 'tscp',
      document: '003_cc7916261d75d3a6.txt',
    });
    expect(policy.adapts).toBeUndefined();
  });

  it('003_cc7916261d75d3a6.txt "Disagreements could arise in a number of areas": four areas, and other', () => {
    expect(policy.categories).toEqual([
      'levels-of-need',
      'roles-and-responsibilities',
      'need-for-action',
      'communication',
      'other',
    ]);
  });

  it('003_cc7916261d75d3a6.txt "avoiding professional disputes that put children at risk"', () => {
    expect(policy.aims[0]?.text).toMatch(/obscure the focus on the child/);
  });

  it('003_cc7916261d75d3a6.txt "resolving the difficulties within and between agencies quickly and openly"', () => {
    expect(policy.aims[1]?.text).toMatch(/quickly and openly/);
  });

  it('003_cc7916261d75d3a6.txt "identifying problem areas in working together": and amending protocols', () => {
    expect(policy.aims[2]?.text).toMatch(
      /Identifying problem areas in working together.*amendment to protocols/s,
    );
  });

  it('003_cc7916261d75d3a6.txt "The safety of individual children is the paramount consideration"', () => {
    expect(principle(/paramount/)?.text).toMatch(/risks that might exist for the child/);
  });

  it('003_cc7916261d75d3a6.txt "All workers should feel able to challenge decision-making"', () => {
    expect(principle(/challenge decision-making/)).toBeDefined();
  });

  it('003_cc7916261d75d3a6.txt "Effective working together depends on an open approach"', () => {
    expect(principle(/open approach/)).toBeDefined();
  });

  it('003_cc7916261d75d3a6.txt "Resolution should be sought within the shortest timescale possible"', () => {
    expect(principle(/shortest timescale/)).toBeDefined();
  });

  it('003_cc7916261d75d3a6.txt "Disagreements should be resolved at the lowest possible stage"', () => {
    expect(principle(/lowest possible stage/)).toBeDefined();
  });

  it('003_cc7916261d75d3a6.txt "Some matters may be resolved very quickly"', () => {
    expect(principle(/very quickly/)?.text).toMatch(/safety and welfare of the child/);
  });

  it('003_cc7916261d75d3a6.txt "the matter should be resolved within specified timescales": no number of days', () => {
    expect(policy.overallTimescale?.workingDays).toBeUndefined();
    expect(policy.overallTimescale?.description).toMatch(/specified timescales/);
    expect(policy.stages.every((s) => s.timescale?.workingDays === undefined)).toBe(true);
  });

  it('003_cc7916261d75d3a6.txt "should initially consult a supervisor/manager within their own organisation": consultation is required', () => {
    expect(policy.consultation).toMatchObject({ requirement: 'required', with: ['manager'] });
  });

  it('003_cc7916261d75d3a6.txt "in order to identify the problem"', () => {
    expect(policy.consultation?.questions[0]).toMatchObject({ key: 'problem' });
  });

  it('003_cc7916261d75d3a6.txt "to be specific as to what the disagreement is about"', () => {
    expect(policy.consultation?.questions[1]).toMatchObject({ field: 'disagreement' });
  });

  it('003_cc7916261d75d3a6.txt "outline any actions to date"', () => {
    expect(policy.consultation?.questions[2]).toMatchObject({ field: 'actionsToDate' });
  });

  it('003_cc7916261d75d3a6.txt "what they aim to achieve"', () => {
    expect(policy.consultation?.questions[3]).toMatchObject({ field: 'outcomeSought' });
  });

  it('003_cc7916261d75d3a6.txt "evidence the nature and source of their concerns"', () => {
    expect(policy.consultation?.questions[4]).toMatchObject({ field: 'evidence' });
    expect(policy.consultation?.questions).toHaveLength(5);
  });

  it('003_cc7916261d75d3a6.txt "should to keep a record of all discussions": a record, not the child\'s file', () => {
    expect(policy.consultation?.guidance).toMatch(/record of all discussions/);
    expect(policy.recording.onChildFile).toBe(false);
  });

  it('003_cc7916261d75d3a6.txt "discretion should be used as to which stage is initiated": immediate risk may start at any stage', () => {
    expect(policy.immediateRisk.startAt).toMatchObject({
      stages: 'any',
      justificationRequired: true,
    });
  });

  it('003_cc7916261d75d3a6.txt "if a child is thought to be at risk of immediate harm": the instruction', () => {
    expect(policy.immediateRisk.instruction).toMatch(/discretion/);
    expect(policy.immediateRisk.referral.service).toMatch(/local child protection procedures/);
  });

  it('003_cc7916261d75d3a6.txt "Stage One – Professional : Professional": three stages', () => {
    expect(policy.stages.map((s) => s.key)).toEqual(['professional', 'manager', 'chair']);
    expect(stage('professional')?.participants.roles).toEqual(['frontline']);
  });

  it('003_cc7916261d75d3a6.txt "This would normally be between the people who disagree"', () => {
    expect(stage('professional')?.guidance).toMatch(/lowest possible level/);
  });

  it('003_cc7916261d75d3a6.txt "Stage Two – Manager : Manager"', () => {
    expect(stage('manager')?.participants.roles).toEqual(['manager']);
  });

  it('003_cc7916261d75d3a6.txt "contact their supervisor/manager within their own agency"', () => {
    expect(stage('manager')?.guidance).toMatch(/equivalent supervisor or manager/);
  });

  it('003_cc7916261d75d3a6.txt "Stage Three – Refer via TSCP": referral via the partnership to the chair', () => {
    expect(policy.stages.at(-1)).toMatchObject({ key: 'chair', final: true });
    expect(policy.finalRoute.referral?.via).toBe('business-unit');
    expect(rule('referral-to-chair')?.to).toEqual([{ kind: 'business-unit' }, { kind: 'chair' }]);
  });

  it('003_cc7916261d75d3a6.txt "referred to the Chair of the Local Safeguarding Children Board"', () => {
    expect(policy.contacts.chair).toMatchObject({ phone: '01803 207176' });
    expect(stage('chair')?.participants.roles).toContain('chair');
  });

  it('003_cc7916261d75d3a6.txt "who may either seek to resolve the issue direct, or to convene a Resolution Panel"', () => {
    expect(policy.finalRoute).toMatchObject({
      chairMayResolveDirectly: true,
      decisionBinding: false,
    });
    expect(policy.finalRoute.panel).toBeDefined();
  });

  it('003_cc7916261d75d3a6.txt "The panel must consist of LSCB representatives from three agencies": disputing agencies where possible', () => {
    expect(policy.finalRoute.panel).toMatchObject({
      minAgencies: 3,
      membership: 'board',
      includeDisputingAgencies: 'where-possible',
    });
  });

  it('003_cc7916261d75d3a6.txt "The panel will receive representations": and decides the next course of action', () => {
    expect(policy.finalRoute.panel).toMatchObject({
      receivesRepresentations: true,
      decides: 'next-course-of-action',
    });
    expect(rule('panel-representations')?.on).toBe('panel-convened');
  });
});

describe('torbay-white-rock-preschool: both sides told', () => {
  const rules = bothSidesRules(preset('torbay-white-rock-preschool'));
  it(`003_cc7916261d75d3a6.txt "Stage One – Professional : Professional": the other agency (its contact and its stage-1 holder) is told when a case is raised`, () => {
    rules.otherAgencyTold();
  });
  it(`003_cc7916261d75d3a6.txt "Stage Two – Manager : Manager": the new holders on both sides are told at every stage, with what is asked and by when`, () => {
    rules.holdersTold();
  });
  it(`003_cc7916261d75d3a6.txt "should to keep a record of all discussions": the worker who raised it is told of every escalation`, () => {
    rules.raiserKeptInformed();
  });
  it(`003_cc7916261d75d3a6.txt "should to keep a record of all discussions": both sides' holders are told every outcome`, () => {
    rules.outcomeBothSides(true);
  });
});

describe('torbay-white-rock-preschool (seed 003): the panel decides together', () => {
  it('003_cc7916261d75d3a6.txt "make a decision as to the next course of action": every member agrees the decision', () => {
    expect(rule('panel-decision-to-agree')).toMatchObject({
      on: 'panel-decision-proposed',
      to: [{ kind: 'holders', side: 'partnership' }],
    });
  });
});
