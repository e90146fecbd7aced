/**
 * The clauses no software can enforce (the child's safety is paramount, resolve at the lowest
 * stage and as fast as the child needs, be assertive, take advice, support the worker) are put
 * in front of the people working the case: for each seed, at every stage before the chair's, the
 * raiser's case page shows what the stage asks, the stage's advice and who else is involved, and
 * the policy's principles. Through inject(), on the database DATABASE_URL names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPresets } from '../../src/policies/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { journey } from '../support/seed-journey.js';
import { Agent, givePasswords } from './agent.js';

let t: TestApp;

/** The page's text with the entities Nunjucks writes turned back into characters. */
function text(html: string): string {
  return html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const SEEDS = [
  {
    title:
      '000 "The nursery must be assertive and act quickly" / "The safety of individual children is the paramount consideration" / "Resolution should be sought within the shortest timescale possible" / "Disagreements should be resolved at the lowest possible stage" / "Concerns relating to decisions, suspected wrong doing" / "Support may need to be given by manager to staff" / "take advice from their own Safeguarding Team" / "escalation continues through the appropriate tiers of management"',
    policy: 'bromley-st-james-preschool',
    raiser: 'Acorn Lane Pre-school',
    other: "Bromley Children's Social Care (demo)",
  },
  {
    title:
      '001 "they must be assertive, act swiftly" / "The safety of individual children is our paramount concern" / "Resolution should be sought within the shortest timescale possible" / "We strive to resolve disagreements at the lowest possible stage" / "Concerns relating to decisions, suspected wrongdoing" / "the manager or DSL will take advice from the Bromley safeguarding team" / "escalation should continue through the appropriate tiers of management"',
    policy: 'bromley-ready-steady-grow-preschool',
    raiser: 'Little Meadows Pre-school',
    other: "Bromley Children's Social Care (demo)",
  },
  {
    title:
      '002 1.4 (assertive; paramount; shortest timescale; more senior staff; lowest stage) / 1.7 / 1.8 / 2.2 / 2.4 / 2.11 / 2.12 and 3 (table, Stage 4: the advisers) / 3 (table: the staff involved, for the sector) / 5 (flowchart, STAGE 1, STAGE 2, STAGE 3)',
    policy: 'bromley-partnership',
    raiser: 'Hillcrest Primary School',
    other: "Bromley Children's Social Care (demo)",
  },
  {
    title:
      '003 "The safety of individual children is the paramount consideration" / "All workers should feel able to challenge decision-making" / "Effective working together depends on an open approach" / "Resolution should be sought within the shortest timescale possible" / "Disagreements should be resolved at the lowest possible stage" / "Some matters may be resolved very quickly" / "differences in status and/or experience"',
    policy: 'torbay-white-rock-preschool',
    raiser: 'Harbourside Pre-school',
    other: "Torbay Children's Services (demo)",
  },
  {
    title: '004 "within a timescale that protects the child from harm"',
    policy: 'bscb-partnership',
    raiser: 'Riverside Nursery',
    other: 'Borough Children and Families Service (demo)',
  },
];

describe("the policy's guidance on the case page, stage by stage", () => {
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
  });
  afterAll(async () => t.close());

  for (const { title, policy: id, raiser, other } of SEEDS) {
    it(`${title}: the raiser's case page shows the principles, what each stage asks and its advice`, async () => {
      const policy = loadPresets().find((p) => p.id === id);
      if (!policy) throw new Error(`no preset ${id}`);
      const j = journey(t);
      const worker = t.person('frontline', raiser);
      await givePasswords(t.store, [worker]);
      const page = new Agent(t.app);
      await page.signIn(worker);
      const c = await j.raise(worker, other);
      if (c.view.stage.number === 0) {
        // with a supervisor at the raiser's agency, or (004) a worker at the other agency
        const withOther = policy.consultation?.discussWith === 'other-agency';
        const consulted = withOther ? t.person('frontline', other) : t.person('manager', raiser);
        await c.act(worker, {
          type: 'record-consultation',
          with: { personId: consulted.id, role: consulted.role },
          answers: Object.fromEntries(
            (policy.consultation?.questions ?? []).map((q) => [q.key, 'Answered.']),
          ),
          summary: 'Talked it through.',
        });
        // 004's discussion does not move the case on: the raiser escalates if it is not settled
        if (withOther) {
          expect(c.view.stage.number).toBe(0);
          await c.act(worker, { type: 'escalate', reason: 'The discussion did not settle it.' });
        }
      }
      const final = policy.stages.findIndex((s) => s.key === policy.finalRoute.stage) + 1;
      for (;;) {
        const stage = policy.stages[c.view.stage.number - 1];
        if (!stage) throw new Error('no stage');
        const shown = text((await page.get(`/cases/${c.view.id}`)).body);
        expect(shown, stage.key).toContain(stage.guidance.replace(/\s+/g, ' '));
        for (const advice of stage.advice ?? []) expect(shown, stage.key).toContain(advice.text);
        const sector = worker.agency?.sector as keyof NonNullable<
          typeof stage.participants.examples
        >;
        const examples = stage.participants.examples?.[sector] ?? [];
        if (examples.length > 0)
          expect(shown, stage.key).toContain(`this stage is usually for: ${examples.join(', ')}`);
        for (const adviser of stage.participants.advisers ?? [])
          expect(shown, stage.key).toContain(adviser.description);
        for (const principle of policy.principles ?? [])
          expect(shown).toContain(principle.text.replace(/\s+/g, ' '));
        if (c.view.stage.number >= final - 1) break;
        const mover = c.holders('raising')[0] ?? worker;
        await c.act(mover, { type: 'escalate', reason: 'Not resolved at this stage.' });
      }
    });
  }
});

describe("the policy's aims, and how to reach the chair, on the case page", () => {
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
  });
  afterAll(async () => t.close());

  it('002 1.1 / 1.2 and 001 "This inter-agency policy defines the process": the case page gives the policy\'s aims', async () => {
    for (const [id, raiser] of [
      ['bromley-partnership', 'Hillcrest Primary School'],
      ['bromley-ready-steady-grow-preschool', 'Little Meadows Pre-school'],
    ] as const) {
      const policy = loadPresets().find((p) => p.id === id);
      expect(policy?.aims.length, id).toBeGreaterThan(0);
      const worker = t.person('frontline', raiser);
      await givePasswords(t.store, [worker]);
      const page = new Agent(t.app);
      await page.signIn(worker);
      const c = await journey(t).raise(worker, "Bromley Children's Social Care (demo)");
      const shown = text((await page.get(`/cases/${c.view.id}`)).body);
      expect(shown).toContain('What the policy is for:');
      for (const aim of policy?.aims ?? [])
        expect(shown, id).toContain(aim.text.replace(/\s+/g, ' '));
    }
  });

  it('003 "referred to the Chair of the Local Safeguarding Children Board" (phone): once referred, the case page gives the chair\'s phone', async () => {
    const worker = t.person('frontline', 'Harbourside Pre-school');
    await givePasswords(t.store, [worker]);
    const page = new Agent(t.app);
    await page.signIn(worker);
    const policy = loadPresets().find((p) => p.id === 'torbay-white-rock-preschool');
    const c = await journey(t).raise(worker, "Torbay Children's Services (demo)");
    const before = text((await page.get(`/cases/${c.view.id}`)).body);
    expect(before).not.toContain('01803 207176');
    await c.act(worker, {
      type: 'record-consultation',
      with: { personId: t.person('manager', 'Harbourside').id, role: 'manager' },
      answers: Object.fromEntries(
        (policy?.consultation?.questions ?? []).map((q) => [q.key, 'A.']),
      ),
      summary: 'Talked it through.',
    });
    await c.act(worker, { type: 'escalate', reason: 'Not resolved.' });
    await c.act(c.holders('raising')[0] ?? worker, {
      type: 'refer-to-chair',
      details: 'Referred via the TSCP.',
    });
    const shown = text((await page.get(`/cases/${c.view.id}`)).body);
    expect(shown).toContain('How to reach the chair and the partnership');
    expect(shown).toContain('Chair of the Local Safeguarding Children Board: 01803 207176');
  });
});
