/**
 * A full case through each of the five seed policies, from raising to the chair's decision,
 * through the JSON API only, on the database DATABASE_URL names; each record verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPresets } from '../src/policies/index.js';
import type { PersonSummary } from '../src/services/people.js';
import { verifyCase } from '../src/store/event-store.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;

const api = (...args: Parameters<TestApp['api']>) => t.api(...args);

/** The raising agency (demo directory) for each seed, and the agency it disagrees with. */
const JOURNEYS = [
  {
    seed: '000_79cfd3201b063709.txt',
    raiser: 'Acorn Lane Pre-school',
    other: "Bromley Children's Social Care (demo)",
  },
  {
    seed: '001_2ba9829c509ef13e.txt',
    raiser: 'Little Meadows Pre-school',
    other: "Bromley Children's Social Care (demo)",
  },
  {
    seed: '002_bc950ad84b2976ce.txt',
    raiser: 'Elm Road Surgery',
    other: 'Metropolitan Police, Bromley (demo)',
  },
  {
    seed: '003_cc7916261d75d3a6.txt',
    raiser: 'Harbourside Pre-school',
    other: "Torbay Children's Services (demo)",
  },
  {
    seed: '004_f3cf3532c32e5aa0.txt',
    raiser: 'Riverside Nursery',
    other: 'Borough Children and Families Service (demo)',
  },
];

describe('a case through every seed policy', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
  });
  afterAll(async () => t.close());

  it.each(JOURNEYS)(
    '$seed: raised at $raiser, escalated stage by stage, referred to the chair, decided',
    async ({ seed, raiser, other }) => {
      const policy = loadPresets().find((p) => p.document === seed);
      if (!policy) throw new Error(`no preset for ${seed}`);
      const worker = t.person('frontline', raiser);
      const otherAgency = t.people.find((p) => p.agency?.name === other)?.agency?.id as string;
      const chair = t.people.find(
        (p) => p.role === 'chair' && p.partnership === worker.partnership,
      ) as PersonSummary;

      const raised = await api(worker, 'POST', '/api/v1/cases', {
        children: [{ name: 'C.D. (fictional)', childProtectionPlan: false, lookedAfter: false }],
        agencies: [otherAgency],
        category: policy.categories[0],
        disagreement: 'The other agency closed the case although the concerns continue.',
        evidence: { nature: 'Disclosures at the setting', source: 'Key worker notes' },
        actionsToDate: 'Phoned the duty team twice.',
        outcomeSought: 'The case to be reopened and assessed.',
        immediateRisk: false,
      });
      expect(raised.status).toBe(201);
      expect(raised.body.policy.id).toBe(policy.id);
      let view = raised.body;
      const tryAs = (person: PersonSummary, body: object) =>
        api(person, 'POST', `/api/v1/cases/${view.id}/commands`, {
          expectedVersion: view.version,
          ...body,
        });
      const act = async (person: PersonSummary, body: object) => {
        const answer = await tryAs(person, body);
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        view = answer.body;
      };
      const refused = async (person: PersonSummary, body: object) => {
        const answer = await tryAs(person, body);
        expect(answer.status, `${person.role} ${JSON.stringify(body)}`).toBe(422);
        expect(answer.body.code).toBe('not-your-part');
        expect(answer.body.detail).toMatch(/^(At the chair's stage, only|Only) /);
      };
      const byId = (id: string) => t.people.find((p) => p.id === id) as PersonSummary;
      /** who was e-mailed for each rule since the record had `seq` events */
      const toldSince = (seq: number, rule: string) =>
        (view.notifications as { to: string; rule: string }[])
          .filter((n) => n.rule === rule)
          .map((n) => n.to)
          .filter((to, i, all) => all.indexOf(to) === i && seq >= 0);
      // the other agency's contact for escalations, told of the case, may open it
      const contact = t.people.find((p) => p.email === toldSince(0, 'other-agency-told')[0]);
      const otherWorker = contact ?? byId(view.stage.holders.other[0]);

      // the other agency is told at once: its contact for escalations and its stage-1 holder
      const told = toldSince(0, 'other-agency-told');
      expect(told.length).toBeGreaterThan(0);
      for (const email of told) {
        const person = t.people.find((p) => p.email === email);
        if (person) expect(person.agency?.id).toBe(otherAgency);
      }
      // the other side may not withdraw the raiser's disagreement
      await refused(otherWorker, { type: 'withdraw', reason: 'We do not agree.' });

      if (policy.consultation?.discussWith === 'other-agency') {
        // 004 PRE-ESCALATION: a professional discussion with the other agency's worker first
        expect(view.stage.number).toBe(0);
        const counterpart = t.people.find(
          (p) =>
            p.agency?.id === otherAgency && policy.consultation?.with.includes(p.role as never),
        ) as PersonSummary;
        await act(worker, {
          type: 'record-consultation',
          with: { personId: counterpart.id, role: counterpart.role },
          summary: 'Talked it through with their worker; we could not agree.',
        });
        expect(view.stage.number).toBe(0);
        await act(worker, { type: 'escalate', reason: 'The discussion did not resolve it.' });
      } else if (policy.consultation?.requirement === 'required') {
        expect(view.stage.number).toBe(0);
        const supervisor = t.people.find(
          (p) => p.agency?.name === raiser && policy.consultation?.with.includes(p.role as never),
        ) as PersonSummary;
        // the consultation is the raising side's own step
        await refused(otherWorker, {
          type: 'record-consultation',
          with: { personId: supervisor.id, role: supervisor.role },
          summary: 'Not ours to record.',
        });
        await act(worker, {
          type: 'record-consultation',
          with: { personId: supervisor.id, role: supervisor.role },
          answers: Object.fromEntries(
            policy.consultation.questions.map((q) => [q.key, `Answered: ${q.text}`]),
          ),
          summary: 'Talked it through with my supervisor before raising it.',
        });
      }
      expect(view.stage.number).toBe(1);

      const finalStage = policy.stages.findIndex((s) => s.key === policy.finalRoute.stage) + 1;
      const team = t.people.find(
        (p) => p.role === 'partnership-team' && p.partnership === worker.partnership,
      ) as PersonSummary;
      let mover = worker;
      for (;;) {
        const before = view.stage.number;
        const raisingHolder = byId(view.stage.holders.raising[0] ?? worker.id);
        // every stage has a holder on each side, and they were told (unless they moved it)
        // ... or, where the directory names nobody (a pre-school with no senior manager), the
        // stage says so and the partnership team is told
        const missing = (view.stage.holders.missing ?? []) as { side: string }[];
        for (const side of ['raising', 'other'] as const) {
          const held = view.stage.holders[side].length > 0;
          expect(held || missing.some((m) => m.side === side), `stage ${before}, ${side}`).toBe(
            true,
          );
          if (!held) expect(toldSince(0, 'holder-missing')).toContain(team.email);
        }
        const informed = (view.notifications as { to: string; rule: string }[]).map((n) => n.to);
        for (const id of [...view.stage.holders.raising, ...view.stage.holders.other]) {
          // (never the person who moved it there)
          if (id !== mover.id)
            expect(informed, `holder at stage ${before}`).toContain(byId(id).email);
        }
        if (before > 1 && raisingHolder.id !== worker.id) {
          // the worker who raised it is kept informed, and no longer takes the turn
          if (mover.id !== worker.id) expect(informed).toContain(worker.email);
          await refused(worker, { type: 'escalate', reason: 'I am not the holder now.' });
        }
        if (before >= finalStage - 1) break;
        // either side may move it on: the other side's holder escalates at stage 2
        mover = before === 2 ? byId(view.stage.holders.other[0] as string) : raisingHolder;
        await act(mover, { type: 'escalate', reason: `Not resolved at stage ${before}.` });
        expect(view.stage.number).toBe(before + 1);
      }
      // the partnership team administers but does not take a side's turn
      await refused(team, { type: 'refer-to-chair', details: 'Not ours to refer.' });
      await act(byId(view.stage.holders.raising[0] as string), {
        type: 'refer-to-chair',
        details: 'Sent to the partnership for the attention of the independent chair.',
        ...(policy.finalRoute.boardMembersEngagedFirst
          ? { boardMembersEngaged: 'Both agencies’ Board members met the directors first.' }
          : {}),
      });
      expect(view.stage).toMatchObject({ number: finalStage, key: policy.finalRoute.stage });
      // the chair holds the chair's stage, and is in the holders told of it
      expect(view.stage.holders.partnership).toContain(chair.id);
      expect((view.notifications as { to: string }[]).map((n) => n.to)).toContain(chair.email);
      // at the chair's stage only the chair (or the panel) records the outcome
      await refused(worker, {
        type: 'resolve',
        outcome: 'We agreed between ourselves.',
        agreedBy: [
          { agencyId: worker.agency?.id, name: worker.name },
          { agencyId: otherAgency, name: otherWorker.name },
        ],
      });
      await act(chair, {
        type: 'record-decision',
        decidedBy: 'chair',
        decision: 'The case is to be reopened and a joint visit made this week.',
      });
      expect(view.status).toBe('decided');
      const decision = view.record.find((e: { type: string }) => e.type === 'decision-made');
      expect(decision.binding).toBe(policy.finalRoute.decisionBinding);
      expect(await verifyCase(t.store.db, view.id)).toMatchObject({ ok: true });
      // the worker who raised it is told the outcome once, where the policy says so
      const outcomeRules = policy.notifications.filter(
        (r) => r.on === 'outcome' && r.to.some((to) => to.kind === 'raiser'),
      );
      const toRaiser = view.notifications.filter(
        (n: { to: string; rule: string }) =>
          n.to === worker.email && outcomeRules.some((r) => r.key === n.rule),
      );
      expect(toRaiser).toHaveLength(outcomeRules.length > 0 ? 1 : 0);
    },
  );
});

describe('004_f3cf3532c32e5aa0.txt STAGE 1: SENIOR STAFF: a conflict with the line manager goes to the next manager in line', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
  });
  afterAll(async () => t.close());

  const raise = async (conflictWithLineManager: boolean) => {
    const worker = t.person('frontline', 'Riverside Nursery');
    const other = t.people.find(
      (p) => p.agency?.name === 'Borough Children and Families Service (demo)',
    )?.agency?.id;
    const answer = await api(worker, 'POST', '/api/v1/cases', {
      children: [{ name: 'E.F. (fictional)', childProtectionPlan: false, lookedAfter: false }],
      agencies: [other],
      category: 'need-for-action',
      disagreement: 'No visit has been made.',
      evidence: { nature: 'Child upset', source: 'Key worker' },
      actionsToDate: 'Called the team.',
      outcomeSought: 'A visit.',
      immediateRisk: false,
    });
    expect(answer.status).toBe(201);
    // PRE-ESCALATION first: the discussion with the other agency's worker, then stage 1
    const counterpart = t.people.find(
      (p) => p.agency?.id === other && p.role === 'frontline',
    ) as PersonSummary;
    const discussed = await api(worker, 'POST', `/api/v1/cases/${answer.body.id}/commands`, {
      type: 'record-consultation',
      expectedVersion: answer.body.version,
      with: { personId: counterpart.id, role: counterpart.role },
      summary: 'We could not agree.',
    });
    expect(discussed.status, JSON.stringify(discussed.body)).toBe(200);
    const escalated = await api(worker, 'POST', `/api/v1/cases/${answer.body.id}/commands`, {
      type: 'escalate',
      expectedVersion: discussed.body.version,
      reason: 'Not resolved by discussion.',
      conflictWithLineManager,
    });
    expect(escalated.status, JSON.stringify(escalated.body)).toBe(200);
    return escalated.body.stage.holders.raising as string[];
  };

  it('stage 1 is held by the first line manager, or the manager above when the conflict is with them', async () => {
    const worker = t.person('frontline', 'Riverside Nursery');
    const lineManager = (
      await t.store.db
        .selectFrom('people')
        .select('line_manager_id')
        .where('id', '=', worker.id)
        .executeTakeFirstOrThrow()
    ).line_manager_id;
    const nextInLine = (
      await t.store.db
        .selectFrom('people')
        .select('line_manager_id')
        .where('id', '=', lineManager as string)
        .executeTakeFirstOrThrow()
    ).line_manager_id;
    expect(await raise(false)).toEqual([lineManager]);
    expect(await raise(true)).toEqual([nextInLine]);
    expect(nextInLine).not.toBe(lineManager);
  });
});
