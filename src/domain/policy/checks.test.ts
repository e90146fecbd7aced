/**
 * The policy checks a partnership's file must pass beyond the schema (checks.ts): references
 * between fields, and rules that could never be met. Each message is what the author of a policy
 * file reads, so each is checked in full. Timescales, urgent-only stages and acknowledgements:
 * checks-timescales.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { fiveStagePolicy } from '../case/testing.js';
import { checkPolicy } from './checks.js';
import { issuesAfter, stageOf } from './testing.js';

const STAGES = '(the stages are: professional, manager, senior-manager, director, chair)';

describe('policy checks: stage keys', () => {
  it('the five-stage test policy passes every check', () => {
    expect(checkPolicy(fiveStagePolicy)).toEqual([]);
  });

  it('each stage needs its own key: every later use of a key is named', () => {
    const issues = issuesAfter((p) => {
      stageOf(p, 2).key = 'professional';
      stageOf(p, 3).key = 'professional';
    });
    expect(issues.filter((i) => i.path.at(-1) === 'key')).toEqual([
      {
        path: ['stages', 2, 'key'],
        message:
          'stage key "professional" is used by an earlier stage: each stage needs its own key',
      },
      {
        path: ['stages', 3, 'key'],
        message:
          'stage key "professional" is used by an earlier stage: each stage needs its own key',
      },
    ]);
  });
});

describe('policy checks: who the notification rules tell', () => {
  it('"stages" applies to "on: stage-entered" only, and names stages that exist', () => {
    const issues = issuesAfter((p) => {
      const [unit, , dsl] = p.notifications ?? [];
      if (unit) unit.stages = ['manager', 'panel'];
      if (dsl) dsl.stages = ['manager'];
    });
    expect(issues).toEqual([
      {
        path: ['notifications', 0, 'stages', 1],
        message: `no stage has the key "panel" ${STAGES}`,
      },
      {
        path: ['notifications', 2, 'stages'],
        message: '"stages" applies only to rules "on: stage-entered", not "on: immediate-risk"',
      },
    ]);
  });

  it('an administrator is never told: they run Escalate and never see cases', () => {
    const issues = issuesAfter((p) => {
      p.notifications?.[2]?.to.push({ kind: 'role', role: 'administrator' });
    });
    expect(issues).toEqual([
      {
        path: ['notifications', 2, 'to', 1, 'role'],
        message:
          'administrators run Escalate and never see cases, so nobody would be told: use { kind: partnership-team } for the partnership team, or { kind: business-unit } for its mailbox',
      },
    ]);
  });

  it('a role is told only if a stage or the consultation involves it, or it is held in the partnership', () => {
    const to = (role: 'named-professional' | 'director' | 'dsl' | 'chair' | 'partnership-team') =>
      ({ kind: 'role', role }) as const;
    const issues = issuesAfter((p) => {
      p.notifications?.[2]?.to.push(
        to('named-professional'),
        to('director'), // the director stage's
        to('dsl'), // the consultation's
        to('chair'),
        to('partnership-team'),
      );
    });
    expect(issues).toEqual([
      {
        path: ['notifications', 2, 'to', 1, 'role'],
        message:
          'no stage (nor the consultation) involves the role "named-professional", so nobody would receive this notification',
      },
    ]);
    const withoutConsultation = issuesAfter((p) => {
      p.consultation = undefined;
    });
    expect(withoutConsultation.map((i) => i.message)).toEqual([
      'no stage (nor the consultation) involves the role "dsl", so nobody would receive this notification',
    ]);
  });
});

describe("policy checks: the final route and the chair's stage", () => {
  it('the final route names a stage that exists, and nothing more is said of it', () => {
    expect(
      issuesAfter((p) => {
        p.finalRoute.stage = 'panel';
      }),
    ).toEqual([
      { path: ['finalRoute', 'stage'], message: `no stage has the key "panel" ${STAGES}` },
    ]);
  });

  it("the final route's stage is the last, marked final, and the only one marked final", () => {
    const issues = issuesAfter((p) => {
      p.finalRoute.stage = 'director';
      p.finalRoute.panel = undefined;
    });
    expect(issues).toEqual([
      {
        path: ['finalRoute', 'stage'],
        message:
          'the final route\'s stage "director" must be the last stage, but stage "chair" follows it',
      },
      {
        path: ['finalRoute', 'stage'],
        message: 'stage "director" is the final route\'s stage, so it must be marked "final: true"',
      },
      {
        path: ['stages', 4, 'final'],
        message: 'only the final route\'s stage ("director") may be marked final',
      },
    ]);
  });

  it('a final route at the first stage is not an unknown stage: it must be the last', () => {
    const issues = issuesAfter((p) => {
      p.finalRoute.stage = 'professional';
      p.finalRoute.panel = undefined;
    });
    expect(issues.map((i) => i.message).slice(0, 2)).toEqual([
      'the final route\'s stage "professional" must be the last stage, but stage "chair" follows it',
      'stage "professional" is the final route\'s stage, so it must be marked "final: true"',
    ]);
  });
});

describe('policy checks: the Resolution Panel', () => {
  it('a panel that must include the disputing agencies has at least 2 of them', () => {
    const panelOf = (minAgencies: number) =>
      issuesAfter((p) => {
        if (p.finalRoute.panel) p.finalRoute.panel.minAgencies = minAgencies;
      });
    expect(panelOf(1)).toEqual([
      {
        path: ['finalRoute', 'panel', 'minAgencies'],
        message:
          'a panel that must include the disputing agencies needs at least 2 agencies (a dispute always has two), not 1',
      },
    ]);
    expect(panelOf(2)).toEqual([]);
  });

  it('a panel is convened by the chair, so the final stage involves the chair', () => {
    const issues = issuesAfter((p) => {
      stageOf(p, 4).participants.roles = ['partnership-team'];
    });
    expect(issues).toEqual([
      {
        path: ['finalRoute', 'panel'],
        message:
          'a Resolution Panel is convened by the chair, but the final stage "chair" does not involve the role "chair"',
      },
    ]);
    const noPanel = issuesAfter((p) => {
      stageOf(p, 4).participants.roles = ['partnership-team'];
      p.finalRoute.panel = undefined;
    });
    expect(noPanel).toEqual([]);
  });
});

describe("policy checks: a partnership's policy and an agency's local version", () => {
  it("a partnership's own policy adapts no other", () => {
    expect(
      issuesAfter((p) => {
        p.adapts = 'another-policy';
      }),
    ).toEqual([
      {
        path: ['adapts'],
        message: `a partnership's own policy adapts no other: remove "adapts", or use "scope: agency"`,
      },
    ]);
  });

  it("an agency's local version names the policy it adapts, pointing at its scope", () => {
    expect(
      issuesAfter((p) => {
        p.scope = 'agency';
      }),
    ).toEqual([
      {
        path: ['adapts'],
        near: ['scope'],
        message: `an agency's local version must name the partnership policy it adapts in "adapts"`,
      },
    ]);
    expect(
      issuesAfter((p) => {
        p.scope = 'agency';
        p.adapts = 'five-stage';
      }),
    ).toEqual([]);
  });
});

describe('policy checks: adoption and review dates', () => {
  const adoption = (adoptedOn?: string, reviewOn?: string) =>
    issuesAfter((p) => {
      p.adoption = { adoptedBy: 'The board', adoptedOn, reviewOn, source: 'test end' };
    });

  it('the review date is not before the adoption date', () => {
    expect(adoption('2026-03-01', '2026-02-28')).toEqual([
      {
        path: ['adoption', 'reviewOn'],
        message: 'the review date 2026-02-28 is before the adoption date 2026-03-01',
      },
    ]);
    expect(adoption('2026-03-01', '2026-03-01')).toEqual([]);
    expect(adoption('2026-03-01', '2027-03-01')).toEqual([]);
  });

  it('either date may be left out', () => {
    expect(adoption(undefined, '2026-02-28')).toEqual([]);
    expect(adoption('2026-03-01', undefined)).toEqual([]);
  });
});
