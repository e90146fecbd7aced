/**
 * The immediate-risk guidance, worded for its reader (src/services/immediate-risk.ts): who makes
 * the Hub / MASH referral, whom the reader tells, whom Escalate e-mails, and on what phone. The
 * pages that show it are tested in test/pages/immediate-risk.test.ts; these hold the rules
 * themselves, on policies shaped like the seeds (src/domain/case/testing.ts), fast enough for
 * `npm run mutate`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiveStagePolicy } from '../src/domain/case/testing.js';
import type { Policy } from '../src/domain/policy/schema.js';
import { hubPhoneOf, riskGuidance } from '../src/services/immediate-risk.js';
import type { Store } from '../src/store/database.js';
import { createTestStore, destroyTestStore, type TestDatabase } from './support/database.js';

const source = 'test-policy 1.5';

/** The five-stage policy with its immediate-risk rule and notifications changed. */
function withRisk(
  change: Partial<Policy['immediateRisk']>,
  notifications: Policy['notifications'] = fiveStagePolicy.notifications,
): Policy {
  return {
    ...fiveStagePolicy,
    immediateRisk: { ...fiveStagePolicy.immediateRisk, ...change },
    notifications,
  };
}

/** Like seed 001: the manager or DSL makes the referral to MASH; both are e-mailed. */
const managerOrDsl = withRisk(
  {
    referral: {
      service: 'MASH (Multi-Agency Safeguarding Hub)',
      by: ['manager', 'dsl'],
      contact: { name: 'MASH', phone: '020 7000 0001', source },
      source,
    },
    inform: [],
  },
  [
    {
      key: 'risk-told',
      on: 'immediate-risk',
      to: [
        { kind: 'role', role: 'manager', side: 'raising' },
        { kind: 'role', role: 'dsl', side: 'raising' },
        { kind: 'role', role: 'dsl', side: 'both' },
        { kind: 'role', role: 'director', side: 'other' },
        { kind: 'raiser' },
      ],
      purpose: 'Tell the setting at once',
      source,
    },
    {
      key: 'stage-told',
      on: 'stage-entered',
      to: [{ kind: 'role', role: 'senior-manager', side: 'raising' }],
      purpose: 'Not about the risk',
      source,
    },
  ],
);

describe('immediate risk: who makes the referral', () => {
  it('002 1.5: a practitioner the policy names makes it, to the Hub the policy names', () => {
    const guidance = riskGuidance(fiveStagePolicy, 'frontline', null);
    expect(guidance).toEqual({
      forPartnership: false,
      service: 'Children and Families Hub',
      phone: null,
      makesReferral: true,
      referralBy: 'practitioner, manager or designated safeguarding lead',
      tell: ['designated safeguarding lead'],
      emailed: ['designated safeguarding lead'],
      startAtLaterStage: false,
      instruction: 'Refer to the Children and Families Hub and tell your DSL at once.',
    });
  });

  it('001: a practitioner the policy does not name is told who makes it, in words', () => {
    const guidance = riskGuidance(managerOrDsl, 'frontline', null);
    expect(guidance.makesReferral).toBe(false);
    expect(guidance.referralBy).toBe('manager or designated safeguarding lead');
    expect(riskGuidance(managerOrDsl, 'manager', null).makesReferral).toBe(true);
  });

  it('one role making it is named alone, with no "or"', () => {
    const dslOnly = withRisk({
      referral: { ...fiveStagePolicy.immediateRisk.referral, by: ['dsl'] },
    });
    expect(riskGuidance(dslOnly, 'frontline', null).referralBy).toBe(
      'designated safeguarding lead',
    );
  });

  it('the partnership team, the chair, a panel member and an administrator make no referral and are told to tell nobody', () => {
    const everyone = withRisk({
      referral: {
        ...fiveStagePolicy.immediateRisk.referral,
        by: ['frontline', 'partnership-team', 'chair', 'panel-member', 'administrator'],
      },
    });
    for (const role of ['partnership-team', 'chair', 'panel-member', 'administrator'] as const) {
      const guidance = riskGuidance(everyone, role, null);
      expect(guidance.forPartnership, role).toBe(true);
      expect(guidance.makesReferral, role).toBe(false);
      expect(guidance.tell, role).toEqual([]);
    }
    expect(riskGuidance(everyone, 'director', null).forPartnership).toBe(false);
  });
});

describe('immediate risk: whom the reader tells, and whom Escalate e-mails', () => {
  it('002 1.5: a DSL is not told to tell their DSL, nor that their DSL is e-mailed', () => {
    const guidance = riskGuidance(fiveStagePolicy, 'dsl', null);
    expect(guidance.tell).toEqual([]);
    expect(guidance.emailed).toEqual([]);
  });

  it('each role to tell is named once, whatever the policy repeats', () => {
    const twice = withRisk({
      inform: [
        { role: 'dsl', source },
        { role: 'manager', source },
        { role: 'dsl', source },
      ],
    });
    expect(riskGuidance(twice, 'frontline', null).tell).toEqual([
      'designated safeguarding lead',
      'manager',
    ]);
    expect(riskGuidance(twice, 'manager', null).tell).toEqual(['designated safeguarding lead']);
  });

  it('001: the roles at the raising agency the risk e-mails, once each, not the other side nor other rules', () => {
    expect(riskGuidance(managerOrDsl, 'frontline', null).emailed).toEqual([
      'manager',
      'designated safeguarding lead',
    ]);
    expect(riskGuidance(managerOrDsl, 'manager', null).emailed).toEqual([
      'designated safeguarding lead',
    ]);
  });

  it('003: a policy that lets the case start at a later stage says so', () => {
    const later = withRisk({
      startAt: { stages: 'any', justificationRequired: true, source },
    });
    expect(riskGuidance(later, 'frontline', null).startAtLaterStage).toBe(true);
  });
});

describe('immediate risk: the phone to make the referral on', () => {
  const hub = (phone?: string) => ({
    ...fiveStagePolicy.contacts,
    hub: { name: 'The Hub', source, ...(phone ? { phone } : {}) },
  });

  it("is the directory's, else the referral's contact, else the policy's Hub contact, else none", () => {
    const both = { ...managerOrDsl, contacts: hub('020 7000 0002') };
    expect(riskGuidance(both, 'dsl', '020 7000 0003').phone).toBe('020 7000 0003');
    expect(riskGuidance(both, 'dsl', null).phone).toBe('020 7000 0001');
    const hubOnly = { ...fiveStagePolicy, contacts: hub('020 7000 0002') };
    expect(riskGuidance(hubOnly, 'dsl', null).phone).toBe('020 7000 0002');
    expect(riskGuidance({ ...fiveStagePolicy, contacts: hub() }, 'dsl', null).phone).toBeNull();
  });

  describe("the directory's Hub phone", () => {
    let t: { store: Store; database: TestDatabase };
    beforeAll(async () => {
      t = await createTestStore();
    });
    afterAll(async () => destroyTestStore(t));

    it("is the partnership's own, or none", async () => {
      const add = (id: string, key: string, hub_phone: string | null) =>
        t.store.db
          .insertInto('partnerships')
          .values({
            id,
            key,
            name: `Partnership ${key} (fictional)`,
            policy_id: 'five-stage',
            calendar: 'england-and-wales',
            business_unit_email: null,
            created_at: '2026-11-02T09:30:00.000Z',
            retention_years: null,
            hub_phone,
          })
          .execute();
      await add('p-with', 'with-phone', '020 7000 0004');
      await add('p-without', 'without-phone', null);
      expect(await hubPhoneOf(t.store.db, 'p-with')).toBe('020 7000 0004');
      expect(await hubPhoneOf(t.store.db, 'p-without')).toBeNull();
      expect(await hubPhoneOf(t.store.db, 'no-such-partnership')).toBeNull();
    });
  });
});
