/** Seed 002: the Bromley partnership's inter-agency policy, clause by clause. */
import { describe, expect, it } from 'vitest';
import { bothSidesRules, preset } from './testing.js';

const policy = preset('bromley-partnership');
const stage = (key: string) => policy.stages.find((s) => s.key === key);
const rule = (key: string) => policy.notifications.find((r) => r.key === key);
const onStage = (key: string) =>
  policy.notifications.filter((r) => r.on === 'stage-entered' && r.stages?.includes(key));

describe('bromley-partnership (seed 002)', () => {
  it('is the partnership policy of the BSCP and encodes seed 002', () => {
    expect(policy).toMatchObject({
      scope: 'partnership',
      partnership: 'bscp',
      document: '002_bc950ad84b2976ce.txt',
    });
    expect(policy.adapts).toBeUndefined();
  });

  it('002_bc950ad84b2976ce.txt 1.1: aims at open and honest relationships between agencies', () => {
    expect(policy.aims.find((a) => a.source.endsWith(' 1.1'))?.text).toMatch(/open and honest/);
  });

  it('002_bc950ad84b2976ce.txt 1.2: defines the process for resolving professional difference', () => {
    expect(policy.aims.find((a) => a.source.endsWith(' 1.2'))?.text).toMatch(
      /London Child Protection Procedures/,
    );
  });

  it('002_bc950ad84b2976ce.txt 1.3: disagreements about levels of need, roles, action, plans and communication', () => {
    expect(policy.categories).toEqual([
      'levels-of-need',
      'roles-and-responsibilities',
      'need-for-action',
      'progressing-plans',
      'communication',
      'other',
    ]);
  });

  it('002_bc950ad84b2976ce.txt 1.4: be assertive; child paramount; shortest timescale; lowest stage', () => {
    const texts = (policy.principles ?? [])
      .filter((p) => p.source === '002_bc950ad84b2976ce.txt 1.4')
      .map((p) => p.text)
      .join(' ');
    expect(texts).toMatch(/assertive/);
    expect(texts).toMatch(/paramount/);
    expect(texts).toMatch(/shortest timescale/);
    expect(texts).toMatch(/more senior staff/);
    expect(texts).toMatch(/lowest possible stage/);
  });

  it('002_bc950ad84b2976ce.txt 1.5: immediate harm means a Hub referral and the DSL informed at once', () => {
    expect(policy.immediateRisk.referral.service).toBe('Children and Families Hub');
    expect(policy.immediateRisk.inform).toEqual([{ role: 'dsl', source: expect.any(String) }]);
    expect(policy.contacts.hub?.name).toBe('Children and Families Hub');
    expect(rule('dsl-immediate-risk')).toMatchObject({
      on: 'immediate-risk',
      to: [{ kind: 'role', role: 'dsl', side: 'raising' }],
    });
    expect(policy.immediateRisk.startAt).toBeUndefined();
  });

  it('002_bc950ad84b2976ce.txt 1.6: the worker may first consult their supervisor or manager, with evidence', () => {
    expect(policy.consultation).toMatchObject({ requirement: 'optional', with: ['manager'] });
    expect(policy.consultation?.questions.map((q) => q.field)).toEqual(['evidence']);
    expect(policy.consultation?.guidance).toMatch(/formal record of all discussions/);
  });

  it("002_bc950ad84b2976ce.txt 1.7: workers may refer to their own organisation's policy", () => {
    expect(policy.principles?.find((p) => p.source.endsWith(' 1.7'))?.text).toMatch(
      /own organisation/,
    );
  });

  it('002_bc950ad84b2976ce.txt 1.8: whistleblowing matters are out of scope', () => {
    expect(policy.principles?.find((p) => p.source.endsWith(' 1.8'))?.text).toMatch(
      /whistleblowing/,
    );
  });

  it('002_bc950ad84b2976ce.txt 2.1: five stages, the first professional to professional', () => {
    expect(policy.stages.map((s) => s.key)).toEqual([
      'professional',
      'manager',
      'senior-manager',
      'director',
      'chair',
    ]);
    expect(stage('professional')).toMatchObject({
      name: 'Professional to professional',
      participants: { roles: ['frontline'] },
      source: '002_bc950ad84b2976ce.txt 2.1',
    });
  });

  it('002_bc950ad84b2976ce.txt 2.2: the people who disagree discuss it as soon as possible', () => {
    expect(stage('professional')?.guidance).toMatch(/as soon as possible/);
    expect(stage('professional')?.guidance).toMatch(/unsupported/);
  });

  it('002_bc950ad84b2976ce.txt 2.3: stage two is manager to manager', () => {
    expect(policy.stages[1]).toMatchObject({ key: 'manager', name: 'Manager to manager' });
    expect(policy.stages[1]?.participants.roles).toContain('manager');
  });

  it('002_bc950ad84b2976ce.txt 2.4: the manager may take advice from their own Safeguarding Team', () => {
    expect(stage('manager')?.advice).toContainEqual({
      text: expect.stringMatching(/Safeguarding Team/),
      source: '002_bc950ad84b2976ce.txt 2.4',
    });
  });

  it('002_bc950ad84b2976ce.txt 2.5: CP Chair / IRO notified at stage 2 for a CP Plan / Looked After Child', () => {
    expect(rule('cp-chair-stage-2')).toMatchObject({
      on: 'stage-entered',
      stages: ['manager'],
      childFlags: ['childProtectionPlan'],
      to: [{ kind: 'cp-chair' }],
    });
    expect(rule('iro-stage-2')).toMatchObject({
      on: 'stage-entered',
      stages: ['manager'],
      childFlags: ['lookedAfter'],
      to: [{ kind: 'iro' }],
    });
  });

  it('002_bc950ad84b2976ce.txt 2.6: stage three is senior manager to senior manager', () => {
    expect(policy.stages[2]).toMatchObject({ key: 'senior-manager' });
  });

  it('002_bc950ad84b2976ce.txt 2.7: senior managers, named professionals and school DSLs take part', () => {
    expect(stage('senior-manager')?.participants.roles).toEqual([
      'senior-manager',
      'named-professional',
      'dsl',
    ]);
    expect(stage('senior-manager')?.participants.examples?.['childrens-social-care']).toContain(
      'CSC Head of Service',
    );
  });

  it('002_bc950ad84b2976ce.txt 2.8: notifies the business unit at stage 3', () => {
    expect(onStage('senior-manager').flatMap((r) => r.to)).toEqual([{ kind: 'business-unit' }]);
    expect(rule('business-unit-stage-3')?.source).toBe('002_bc950ad84b2976ce.txt 2.8');
    expect(policy.contacts.businessUnit?.email).toBe('bscp@bromley.gov.uk');
  });

  it('002_bc950ad84b2976ce.txt 2.9: stage four is director to director', () => {
    expect(policy.stages[3]).toMatchObject({
      key: 'director',
      participants: { roles: ['director'] },
    });
  });

  it('002_bc950ad84b2976ce.txt 2.10: the Board member for the sector is informed at stage 4', () => {
    expect(rule('board-member-stage-4')).toMatchObject({
      on: 'stage-entered',
      stages: ['director'],
      to: [{ kind: 'board-member', side: 'both' }],
    });
    expect(rule('board-member-stage-4')?.purpose).toMatch(/not members of the BSCP Board/);
  });

  it('002_bc950ad84b2976ce.txt 2.10 (footnote 1): the BSCP Administrator can be phoned', () => {
    expect(policy.contacts.businessUnit?.phone).toBe('0208 461 7816');
  });

  it('002_bc950ad84b2976ce.txt 2.11: directors seek resolution before the chair', () => {
    expect(stage('director')?.advice?.[0]?.text).toMatch(/before the case is raised/);
  });

  it('002_bc950ad84b2976ce.txt 2.12: designated health professionals advise at stage 4', () => {
    expect(stage('director')?.participants.advisers).toContainEqual({
      description: expect.stringMatching(/Designated health professionals/),
      source: '002_bc950ad84b2976ce.txt 2.12',
    });
    // and they are told, so they become involved (src/domain/case/seed-rules.test.ts runs it)
    expect(rule('designated-health-stage-4')).toMatchObject({
      on: 'stage-entered',
      stages: ['director'],
      to: [{ kind: 'designated-health' }],
    });
  });

  it('002_bc950ad84b2976ce.txt 2.13: notifies the business unit at stage 4', () => {
    expect(rule('business-unit-stage-4')).toMatchObject({
      stages: ['director'],
      to: [{ kind: 'business-unit' }],
    });
  });

  it('002_bc950ad84b2976ce.txt 2.14: stage five, resolution by the BSCP Chair, is final', () => {
    expect(policy.stages.at(-1)).toMatchObject({ key: 'chair', final: true });
    expect(stage('chair')?.participants.roles).toContain('chair');
    expect(policy.finalRoute.stage).toBe('chair');
  });

  it('002_bc950ad84b2976ce.txt 2.15: after BSCP members, the chair resolves directly or convenes a panel', () => {
    expect(policy.finalRoute.chairMayResolveDirectly).toBe(true);
    expect(policy.finalRoute.panel).toBeDefined();
    expect(policy.finalRoute.boardMembersEngagedFirst).toBeDefined();
  });

  it('002_bc950ad84b2976ce.txt 2.16: the raising agency e-mails the details for the chair', () => {
    expect(policy.finalRoute.referral).toMatchObject({
      via: 'business-unit',
      by: 'the agency raising the dispute',
    });
    expect(policy.contacts.chair?.email).toBe('bscp@bromley.gov.uk');
    expect(rule('referral-to-chair')?.to).toEqual([{ kind: 'business-unit' }, { kind: 'chair' }]);
  });

  it('002_bc950ad84b2976ce.txt 2.17: a panel of three agencies from the Executive, including the disputing ones', () => {
    expect(policy.finalRoute.panel).toMatchObject({
      minAgencies: 3,
      membership: 'executive',
      includeDisputingAgencies: 'always',
    });
  });

  it('002_bc950ad84b2976ce.txt 2.18: the panel receives representations and resolves the differences', () => {
    expect(policy.finalRoute.panel).toMatchObject({
      receivesRepresentations: true,
      decides: 'resolution',
    });
    expect(policy.finalRoute.decisionBinding).toBe(false);
    expect(rule('panel-representations')?.on).toBe('panel-convened');
    // "collectively": the decision put to the panel goes to its members to agree
    expect(rule('panel-decision-to-agree')).toMatchObject({
      on: 'panel-decision-proposed',
      to: [{ kind: 'holders', side: 'partnership' }],
    });
  });

  it('002_bc950ad84b2976ce.txt 3 (table, Stage 1): 1 working day; frontline professionals', () => {
    expect(stage('professional')?.timescale?.workingDays).toBe(1);
    expect(stage('professional')?.participants.examples?.police).toEqual(['police constable']);
  });

  it('002_bc950ad84b2976ce.txt 3 (table, Stage 2): 2 working days; managers and DSLs', () => {
    expect(stage('manager')?.timescale?.workingDays).toBe(2);
    expect(stage('manager')?.participants.examples?.['early-years']).toEqual([
      'Designated Safeguarding Lead',
    ]);
  });

  it('002_bc950ad84b2976ce.txt 3 (table, Stage 3): 2 working days; notify BSCP', () => {
    expect(stage('senior-manager')?.timescale).toMatchObject({
      workingDays: 2,
      source: '002_bc950ad84b2976ce.txt 3 (table, Stage 3)',
    });
    expect(
      onStage('senior-manager').some((r) => r.to.some((t) => t.kind === 'business-unit')),
    ).toBe(true);
  });

  it('002_bc950ad84b2976ce.txt 3 (table, Stage 4): 2 working days; directors advised by CCG Designated Professionals; notify BSCP', () => {
    expect(stage('director')?.timescale?.workingDays).toBe(2);
    expect(stage('director')?.participants.advisers?.map((a) => a.description)).toContain(
      'CCG Designated Professionals advise.',
    );
    expect(onStage('director').some((r) => r.to.some((t) => t.kind === 'business-unit'))).toBe(
      true,
    );
  });

  it('002_bc950ad84b2976ce.txt 3 (table, Stage 5): 3 working days; chair +/- panel; notify BSCP', () => {
    expect(stage('chair')?.timescale?.workingDays).toBe(3);
    expect(stage('chair')?.participants.roles).toEqual(['chair', 'panel-member']);
    expect(rule('business-unit-stage-5')).toMatchObject({
      stages: ['chair'],
      to: [{ kind: 'business-unit' }],
    });
  });

  it('002_bc950ad84b2976ce.txt 3: stages of 1, 2, 2, 2 and 3 working days, and no other stage notifies BSCP', () => {
    expect(policy.stages.map((s) => s.timescale?.workingDays)).toEqual([1, 2, 2, 2, 3]);
    const unit = policy.notifications.filter(
      (r) => r.on === 'stage-entered' && r.to.some((t) => t.kind === 'business-unit'),
    );
    expect(unit.flatMap((r) => r.stages)).toEqual(['senior-manager', 'director', 'chair']);
  });

  it("002_bc950ad84b2976ce.txt 4.1: recorded on the child's file and shared with the raiser", () => {
    expect(policy.recording).toMatchObject({ onChildFile: true, shareWith: [{ kind: 'raiser' }] });
    expect(rule('outcome-to-raiser')).toMatchObject({ on: 'outcome', to: [{ kind: 'raiser' }] });
  });

  it("002_bc950ad84b2976ce.txt 5 (flowchart, STAGE 1): record the outcome on the child's file", () => {
    expect(stage('professional')?.advice?.[0]?.text).toMatch(/child's file/);
  });

  it('002_bc950ad84b2976ce.txt 5 (flowchart, STAGE 2): record and inform the worker who raised the concern', () => {
    expect(
      stage('manager')
        ?.advice?.map((a) => a.text)
        .join(' '),
    ).toMatch(/worker who raised/);
  });

  it('002_bc950ad84b2976ce.txt 5 (flowchart, STAGE 3): the Director is engaged before Stage 4', () => {
    expect(stage('senior-manager')?.advice?.[0]?.text).toMatch(/Director is engaged/);
  });

  it('002_bc950ad84b2976ce.txt 5 (flowchart): CP Chair or IRO told; BSCP Team told if unresolved at Stage 3 or 4', () => {
    expect(rule('cp-chair-stage-2')?.to).toEqual([{ kind: 'cp-chair' }]);
    expect(rule('iro-stage-2')?.to).toEqual([{ kind: 'iro' }]);
    expect(onStage('director').flatMap((r) => r.to)).toContainEqual({ kind: 'business-unit' });
    expect(onStage('chair').flatMap((r) => r.to)).toContainEqual({ kind: 'business-unit' });
  });
});

describe('bromley-partnership: both sides told', () => {
  const rules = bothSidesRules(preset('bromley-partnership'));
  it(`002_bc950ad84b2976ce.txt 2.1: the other agency (its contact and its stage-1 holder) is told when a case is raised`, () => {
    rules.otherAgencyTold();
  });
  it(`002_bc950ad84b2976ce.txt 2.3: the new holders on both sides are told at every stage, with what is asked and by when`, () => {
    rules.holdersTold();
  });
  it(`002_bc950ad84b2976ce.txt 5 (flowchart, STAGE 2): the worker who raised it is told of every escalation`, () => {
    rules.raiserKeptInformed();
  });
  it(`002_bc950ad84b2976ce.txt 4.1: both sides' holders are told every outcome`, () => {
    rules.outcomeBothSides(false);
  });
});
