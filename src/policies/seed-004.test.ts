/** Seed 004: the BSCB partnership's escalation procedure. */
import { describe, expect, it } from 'vitest';
import { bothSidesRules, preset } from './testing.js';

const policy = preset('bscb-partnership');
const stage = (key: string) => policy.stages.find((s) => s.key === key);

describe('bscb-partnership (seed 004)', () => {
  it('is the partnership policy of the BSCB', () => {
    expect(policy).toMatchObject({
      scope: 'partnership',
      partnership: 'bscb',
      document: '004_f3cf3532c32e5aa0.txt',
    });
  });

  it('004_f3cf3532c32e5aa0.txt PRE-ESCALATION: PROFESSIONAL DISCUSSION: a discussion with the other agency first, with no number of days', () => {
    expect(policy.consultation).toMatchObject({
      name: 'Pre-escalation: professional discussion',
      requirement: 'required',
      discussWith: 'other-agency',
    });
    expect(policy.consultation?.with).toContain('frontline');
    expect(policy.consultation?.timescale).toMatchObject({ childProtectiveDeadlineAllowed: true });
    expect(policy.consultation?.timescale?.workingDays).toBeUndefined();
  });

  it('004_f3cf3532c32e5aa0.txt "within a timescale that protects the child from harm": no stage has a number of days', () => {
    expect(policy.overallTimescale).toBeUndefined();
    expect(policy.stages.every((s) => s.timescale?.workingDays === undefined)).toBe(true);
    expect(policy.principles?.[0]?.text).toMatch(/protects the child from harm/);
  });

  it('004_f3cf3532c32e5aa0.txt "stage 1 of the Escalation Procedure should be initiated immediately": imminent risk skips pre-escalation', () => {
    expect(policy.immediateRisk.skipConsultation).toBeDefined();
    expect(policy.immediateRisk.startAt).toBeUndefined();
  });

  it('004_f3cf3532c32e5aa0.txt "a child is at imminent risk of harm": the instruction', () => {
    expect(policy.immediateRisk.instruction).toMatch(
      /start stage 1 of the escalation procedure at once/,
    );
  });

  it('004_f3cf3532c32e5aa0.txt STAGE 1: SENIOR STAFF: four stages, the first for first line managers', () => {
    expect(policy.stages.map((s) => s.key)).toEqual([
      'senior-staff',
      'escalation-manager',
      'senior-management',
      'chair',
    ]);
    expect(stage('senior-staff')?.participants.roles).toEqual(['manager']);
    expect(stage('senior-staff')?.timescale?.description).toMatch(/protects the child/);
  });

  it('004_f3cf3532c32e5aa0.txt "In most cases this will mean the first line managers"', () => {
    expect(stage('senior-staff')?.guidance).toMatch(/first line managers/);
  });

  it('004_f3cf3532c32e5aa0.txt "If the conflict is with the line manager or equivalent": the next manager in line', () => {
    expect(stage('senior-staff')?.lineManagerConflict?.referTo).toBe('next-manager-in-line');
  });

  it('004_f3cf3532c32e5aa0.txt "This should be recorded on the relevant system for each agency"', () => {
    expect(policy.recording.onChildFile).toBe(true);
  });

  it('004_f3cf3532c32e5aa0.txt STAGE 2: ESCALATION MANAGER: the named escalation manager (Appendix A)', () => {
    expect(policy.stages[1]?.key).toBe('escalation-manager');
    expect(stage('escalation-manager')?.escalationManager?.source).toBe(
      '004_f3cf3532c32e5aa0.txt "It is recommended that agencies have a named manager for escalation"',
    );
  });

  it('004_f3cf3532c32e5aa0.txt "It is recommended that agencies have a named manager for escalation"', () => {
    expect(stage('escalation-manager')?.guidance).toMatch(/named manager for escalation/);
  });

  it('004_f3cf3532c32e5aa0.txt "up to a Head of Service (or equivalent)"', () => {
    expect(stage('escalation-manager')?.participants.roles).toEqual(['senior-manager']);
  });

  it('004_f3cf3532c32e5aa0.txt "the issue must be referred without delay"', () => {
    expect(stage('escalation-manager')?.timescale?.description).toMatch(/without delay/);
  });

  it('004_f3cf3532c32e5aa0.txt STAGE 3: SENIOR MANAGEMENT', () => {
    expect(policy.stages[2]?.key).toBe('senior-management');
  });

  it('004_f3cf3532c32e5aa0.txt "up to for example, Strategic heads of Service or Director level"', () => {
    expect(stage('senior-management')?.participants.roles).toEqual(['senior-manager', 'director']);
  });

  it('004_f3cf3532c32e5aa0.txt STAGE 4: CHAIR OF BSCB: the final stage', () => {
    expect(policy.stages.at(-1)).toMatchObject({ key: 'chair', final: true });
    expect(stage('chair')?.participants.roles).toEqual(['chair']);
    expect(policy.finalRoute.stage).toBe('chair');
  });

  it('004_f3cf3532c32e5aa0.txt "quality assurance scrutiny may be needed"', () => {
    expect(stage('chair')?.advice?.[0]?.text).toMatch(/quality assurance scrutiny/);
  });

  it('004_f3cf3532c32e5aa0.txt "via the BSCB office": the referral goes through the office', () => {
    expect(policy.finalRoute.referral?.via).toBe('business-unit');
    expect(policy.contacts.businessUnit?.name).toBe('BSCB office');
    expect(policy.notifications.find((r) => r.on === 'referred-to-chair')?.to).toEqual([
      { kind: 'business-unit' },
      { kind: 'chair' },
    ]);
  });

  it('004_f3cf3532c32e5aa0.txt "referred to the Independent Chair of the BSCB"', () => {
    expect(policy.contacts.chair?.name).toMatch(/Independent Chair of the BSCB/);
  });

  it('004_f3cf3532c32e5aa0.txt "The Chair will either make the final binding decision": the chair\'s decision binds; no panel', () => {
    expect(policy.finalRoute).toMatchObject({
      decisionBinding: true,
      chairMayResolveDirectly: true,
    });
    expect(policy.finalRoute.panel).toBeUndefined();
  });
});

describe('bscb-partnership: both sides told', () => {
  const rules = bothSidesRules(preset('bscb-partnership'));
  it(`004_f3cf3532c32e5aa0.txt "professionals should attempt to resolve differences through discussion": the other agency (its contact and its stage-1 holder) is told when a case is raised`, () => {
    rules.otherAgencyTold();
  });
  it(`004_f3cf3532c32e5aa0.txt "the disagreement must be addressed by more senior staff": the new holders on both sides are told at every stage, with what is asked and by when`, () => {
    rules.holdersTold();
  });
  it(`004_f3cf3532c32e5aa0.txt "This should be recorded on the relevant system for each agency": the worker who raised it is told of every escalation`, () => {
    rules.raiserKeptInformed();
  });
  it(`004_f3cf3532c32e5aa0.txt "This should be recorded on the relevant system for each agency": both sides' holders are told every outcome`, () => {
    rules.outcomeBothSides(true);
  });

  it('004_f3cf3532c32e5aa0.txt "and/or the discussions raise issues where quality assurance scrutiny may be needed": a referral for scrutiny from any stage', () => {
    expect(policy.finalRoute.scrutinyReferral).toBeDefined();
  });
});
