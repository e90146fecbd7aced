/**
 * The case list's order on the database DATABASE_URL names: soonest due first, then the cases
 * with no due time (closed ones), newest raised first, whichever of the two queries behind it
 * (for the partnership-wide) or the one (for anyone else) serves it, and the limit across both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseCase, runCommand } from '../src/services/cases/index.js';
import { listCases } from '../src/services/list-cases.js';
import { type Actor, actorById } from '../src/services/people.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
const HOUR = 3_600_000;

const raise = (agencyId: string) => ({
  type: 'raise' as const,
  children: [
    {
      name: 'Child C (fictional)',
      childProtectionPlan: false,
      lookedAfter: false,
      childInNeed: false,
    },
  ],
  agencies: [agencyId],
  category: 'need-for-action' as const,
  disagreement: 'The school believes a strategy discussion is needed; social care closed it.',
  evidence: { nature: 'Concerns seen by staff', source: 'Class teacher records' },
  actionsToDate: 'Referral made; telephone call with the duty social worker.',
  outcomeSought: 'A strategy discussion within two working days.',
  immediateRisk: false,
});

describe(`the case list on ${process.env.DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}`, () => {
  let teacher: Actor;
  let team: Actor;
  const raised: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    teacher = (await actorById(t.store.db, t.person('frontline', 'Hillcrest').id)) as Actor;
    const teamPerson = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === 'bscp',
    );
    team = (await actorById(t.store.db, teamPerson?.id as string)) as Actor;
    const csc = t.people.find(
      (p) => p.agency?.sector === 'childrens-social-care' && p.partnership === 'bscp',
    );
    const deps = { db: t.store.db, now: () => t.clock.now };
    // five cases a day apart: the first two withdrawn (no due time), the rest open
    for (let i = 0; i < 5; i++) {
      t.clock.now = new Date(Date.parse('2026-11-02T09:30:00Z') + i * 24 * HOUR);
      const made = await raiseCase(deps, teacher, raise(csc?.agency?.id as string), 'api');
      raised.push(made.id);
      if (i < 2) {
        await runCommand(
          deps,
          teacher,
          made.id,
          { type: 'withdraw', reason: 'Resolved by a new assessment.' },
          'api',
        );
      }
    }
  });
  afterAll(async () => t.close());

  it('puts the soonest due first and the undated last, newest raised first', async () => {
    const deps = { db: t.store.db, now: () => t.clock.now };
    for (const actor of [team, teacher]) {
      const list = await listCases(deps, actor, {});
      const ours = list.filter((c) => raised.includes(c.id)).map((c) => c.id);
      expect(ours).toEqual([raised[2], raised[3], raised[4], raised[1], raised[0]]);
      const dated = list.filter((c) => c.dueAt !== null);
      expect(list.slice(0, dated.length)).toEqual(dated);
    }
  });

  it('keeps to the limit across the dated and the undated', async () => {
    const deps = { db: t.store.db, now: () => t.clock.now };
    for (const actor of [team, teacher]) {
      const all = await listCases(deps, actor, {});
      const dated = all.filter((c) => c.dueAt !== null).length;
      for (const limit of [1, dated, dated + 1]) {
        const list = await listCases(deps, actor, { limit });
        expect(list).toEqual(all.slice(0, limit));
      }
    }
  });
});
