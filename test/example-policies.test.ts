/**
 * Issue 18, deliverable 4: two further real procedures, encoded as worked examples in
 * policies/examples/ (not presets), each run as a full case through the API: raised, every stage,
 * resolved. What each needed, and what the format could not say: docs/policies.md, "Worked
 * examples".
 *
 * - lincolnshire-joint-protocol: the Lincolnshire joint professional escalation and resolution
 *   protocol (steps 1 to 4; step 1 timed from the first discussion, step 2 from step 1, GP
 *   practices' step 3 held by the health commissioner's senior liaison officer).
 * - clophill-preschool-escalation: Clophill Pre-school's escalation procedure (stages one to
 *   three; the Local Safeguarding Children Board told when it is raised and when resolved).
 *
 * Longer than 300 lines because it carries, written out, the small fictional directory of the two
 * partnerships the cases run in (one person a line once formatted).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryFile } from '../src/domain/directory.js';
import type { Policy } from '../src/domain/policy/schema.js';
import { policyWarnings } from '../src/domain/policy/warnings.js';
import { loadPolicyFile, loadPresets, parsePolicy } from '../src/policies/index.js';
import { importDirectory } from '../src/services/directory.js';
import { listPeople, type PersonSummary } from '../src/services/people.js';
import { addPolicy, registeredPolicies } from '../src/services/policy-registry.js';
import { createTestApp, type TestApp } from './support/app.js';

const EXAMPLES = {
  'lincolnshire-joint-protocol': [
    'https://www.lincolnshire.gov.uk/social-care-health/joint-professional-escalation-resolution-protocol/3',
    'https://www.lincolnshire.gov.uk/social-care-health/joint-professional-escalation-resolution-protocol/print',
    'https://www.lincslmc.co.uk/lincolnshiresafeguardingescalationprocess',
  ],
  'clophill-preschool-escalation': ['https://www.clophillpreschool.co.uk/escalation'],
} as const;
type ExampleId = keyof typeof EXAMPLES;

function example(id: ExampleId): Policy {
  const result = loadPolicyFile(`policies/examples/${id}.yaml`);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.policy;
}

function sourcesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(sourcesOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'source' && typeof v === 'string' ? [v] : sourcesOf(v),
  );
}

describe('the worked examples are valid policies, and not presets', () => {
  for (const id of Object.keys(EXAMPLES) as ExampleId[]) {
    it(`${id} validates with no warnings`, () => {
      expect(policyWarnings(example(id))).toEqual([]);
    });

    it(`${id}: every source is the address of a page it encodes and an anchor quoted from it`, () => {
      const sources = sourcesOf(example(id));
      expect(sources.length).toBeGreaterThan(10);
      for (const source of sources) {
        const match = /^(\S+) "(.+)"$/.exec(source);
        expect(match, source).not.toBeNull();
        expect(EXAMPLES[id] as readonly string[]).toContain(match?.[1]);
      }
    });
  }

  it('are not shipped as presets: the five seed presets are still the presets', () => {
    const ids = loadPresets().map((p) => p.id);
    expect(ids).toHaveLength(5);
    for (const id of Object.keys(EXAMPLES)) expect(ids).not.toContain(id);
  });

  it('a rule the format cannot say is refused as not supported, never ignored (Clophill: "within 24 hours ... if there is risk of harm")', () => {
    const text = readFileSync(
      'policies/examples/clophill-preschool-escalation.yaml',
      'utf8',
    ).replace(
      '    source: \'https://www.clophillpreschool.co.uk/escalation "Stage One"\'',
      '    timescale:\n      urgentTimescale: { hours: 24 }\n      source: clophill 1\n    source: \'https://www.clophillpreschool.co.uk/escalation "Stage One"\'',
    );
    const result = parsePolicy(text, 'clophill.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^"urgentTimescale" is not supported: a timescale that applies only when a child is at risk/,
      ),
    ]);
  });
});

/** Two fictional partnerships, one for each example, with the people a full case needs. */
const directory: DirectoryFile = {
  partnerships: [
    {
      key: 'lincs',
      name: 'Lincolnshire partnership (fictional example)',
      policy: 'lincolnshire-joint-protocol',
      calendar: 'england-and-wales',
      people: [
        {
          email: 'chair@lincs.example',
          name: 'Casey Chair',
          role: 'chair',
          onBoard: true,
          onExecutive: true,
          designatedHealth: false,
        },
        {
          email: 'team@lincs.example',
          name: 'Terry Team',
          role: 'partnership-team',
          onBoard: false,
          onExecutive: false,
          designatedHealth: false,
        },
      ],
      agencies: [
        {
          name: 'Fen Lane Surgery (fictional)',
          sector: 'gp',
          people: [
            {
              email: 'gp-lead@fenlane.example',
              name: 'Gita Lead',
              role: 'manager',
              onBoard: false,
              onExecutive: false,
              designatedHealth: false,
            },
            {
              email: 'gp@fenlane.example',
              name: 'Gabe Doctor',
              role: 'frontline',
              lineManager: 'gp-lead@fenlane.example',
              onBoard: false,
              onExecutive: false,
              designatedHealth: false,
            },
          ],
        },
        {
          name: 'County Children’s Services (fictional)',
          sector: 'childrens-social-care',
          people: [
            {
              email: 'slo@ccs.example',
              name: 'Sam Liaison',
              role: 'senior-manager',
              onBoard: false,
              onExecutive: false,
              designatedHealth: false,
            },
            {
              email: 'tm@ccs.example',
              name: 'Toni Manager',
              role: 'manager',
              lineManager: 'slo@ccs.example',
              onBoard: false,
              onExecutive: false,
              designatedHealth: false,
            },
            {
              email: 'sw@ccs.example',
              name: 'Sol Worker',
              role: 'frontline',
              lineManager: 'tm@ccs.example',
              onBoard: false,
              onExecutive: false,
              designatedHealth: false,
            },
          ],
        },
        {
          name: 'County ICB (fictional)',
          sector: 'health',
          people: [
            {
              email: 'icb-slo@icb.example',
              name: 'Ines Liaison',
              role: 'senior-manager',
              onBoard: false,
              onExecutive: false,
              designatedHealth: true,
            },
          ],
        },
      ],
    },
    {
      key: 'cbeds',
      name: 'Central Bedfordshire partnership (fictional example)',
      policy: 'clophill-preschool-escalation',
      calendar: 'england-and-wales',
      people: [
        {
          email: 'rep@cbeds.example',
          name: 'Rae Representative',
          role: 'chair',
          onBoard: true,
          onExecutive: true,
          designatedHealth: false,
        },
        {
          email: 'lscb@cbeds.example',
          name: 'Lee Board',
          role: 'partnership-team',
          onBoard: false,
          onExecutive: false,
          designatedHealth: false,
        },
      ],
      agencies: [
        {
          name: 'Village Pre-school (fictional)',
          sector: 'early-years',
          people: [
            {
              email: 'lead@village.example',
              name: 'Val Lead',
              role: 'manager',
              onBoard: false,
              onExecutive: false,
              designatedHealth: false,
            },
            {
              email: 'keyworker@village.example',
              name: 'Kit Worker',
              role: 'frontline',
              lineManager: 'lead@village.example',
              onBoard: false,
              onExecutive: false,
              designatedHealth: false,
            },
          ],
        },
        {
          name: 'Bedfordshire Children’s Services (fictional)',
          sector: 'childrens-social-care',
          people: [
            {
              email: 'tm@bcs.example',
              name: 'Tam Manager',
              role: 'manager',
              onBoard: false,
              onExecutive: false,
              designatedHealth: false,
            },
            {
              email: 'sw@bcs.example',
              name: 'Sid Worker',
              role: 'frontline',
              lineManager: 'tm@bcs.example',
              onBoard: false,
              onExecutive: false,
              designatedHealth: false,
            },
          ],
        },
      ],
    },
  ],
};

describe('a full case under each worked example, through the API', () => {
  let t: TestApp;
  let people: PersonSummary[];
  const who = (email: string) => people.find((p) => p.email === email) as PersonSummary;
  let version = 0;
  const command = async (person: PersonSummary, caseId: string, body: object) => {
    const answer = await t.api(person, 'POST', `/api/v1/cases/${caseId}/commands`, {
      expectedVersion: version,
      ...body,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    version = answer.body.version;
    return answer.body;
  };
  const raise = async (person: PersonSummary, against: PersonSummary) => {
    const answer = await t.api(person, 'POST', '/api/v1/cases', {
      children: [{ name: 'Child E (fictional)', dateOfBirth: '2020-02-02' }],
      agencies: [against.agency?.id],
      category: 'levels-of-need',
      disagreement: 'The agencies disagree whether the threshold for an assessment is met.',
      evidence: { nature: 'Repeated concerns', source: 'Our records' },
      actionsToDate: 'A referral was made.',
      outcomeSought: 'An assessment.',
      immediateRisk: false,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    version = answer.body.version;
    return answer.body;
  };
  const toldOf = async (caseId: string, ruleKey: string) =>
    (
      await t.store.db
        .selectFrom('outbox')
        .select('recipient_email')
        .where('case_id', '=', caseId)
        .where('rule_key', '=', ruleKey)
        .execute()
    ).map((r) => r.recipient_email);

  beforeAll(async () => {
    // Monday 2 November 2026, 09:30 (GMT)
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    for (const id of Object.keys(EXAMPLES) as ExampleId[])
      await addPolicy(t.store.db, example(id), { now: t.clock.now.toISOString(), addedBy: 'cli' });
    const policies = await registeredPolicies(t.store.db);
    await importDirectory(t.store.db, directory, {
      policyIds: new Set(policies.keys()),
      policies,
      now: t.clock.now.toISOString(),
    });
    people = await listPeople(t.store.db);
  });
  afterAll(async () => t.close());

  it('lincolnshire-joint-protocol: steps 1 to 4, GP practice to children’s services, resolved at the independently chaired meeting', async () => {
    const gp = who('gp@fenlane.example');
    const raised = await raise(gp, who('sw@ccs.example'));
    const id = raised.id as string;
    expect(raised.policy).toMatchObject({ id: 'lincolnshire-joint-protocol', version: 1 });
    // Step 1 is timed from the first discussion: no due time until it is recorded
    expect(raised.stage).toMatchObject({ number: 1, dueAt: null });
    const discussed = await command(gp, id, {
      type: 'record-discussion',
      when: '2026-11-02T10:00:00Z',
      how: 'phone',
      participants: ['Gabe Doctor', 'Sol Worker'],
      summary: 'Discussed the threshold.',
      outcome: 'Not agreed.',
    });
    // "Within 48 hours (two working days) of the initial discussion": Wednesday 17:00
    expect(discussed.stage.dueAt).toBe('2026-11-04T17:00:00+00:00');
    // Step 2 "within five working days of step 1": Monday 9 November 17:00
    const step2 = await command(gp, id, { type: 'escalate', reason: 'Not agreed at step 1' });
    expect(step2.stage).toMatchObject({ number: 2, dueAt: '2026-11-09T17:00:00+00:00' });
    const lead = who('gp-lead@fenlane.example');
    // Step 3, two working days: the ICB's senior liaison officer holds it for the surgery
    const step3 = await command(lead, id, { type: 'escalate', reason: 'Not agreed at step 2' });
    expect(step3.stage).toMatchObject({ number: 3, dueAt: '2026-11-04T17:00:00+00:00' });
    const slo = who('icb-slo@icb.example');
    expect(await toldOf(id, 'holders-told')).toEqual(
      expect.arrayContaining([slo.email, 'slo@ccs.example']),
    );
    const refused = await t.api(lead, 'POST', `/api/v1/cases/${id}/commands`, {
      expectedVersion: version,
      type: 'refer-to-chair',
      details: 'Not resolved',
    });
    expect(refused.body.code).toBe('not-your-part');
    // Step 4: the SLO refers it on the practice's behalf; the partnership and chair are told
    const step4 = await command(slo, id, {
      type: 'refer-to-chair',
      details: 'Not resolved at step 3',
    });
    expect(step4.stage.number).toBe(4);
    // at the chair's meeting the SLO stays the surgery's named contact, said to be for it
    const turn = await t.api(who('chair@lincs.example'), 'GET', `/api/v1/cases/${id}/turn`);
    expect(turn.body.holders).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: slo.name, heldFor: 'Fen Lane Surgery (fictional)' }),
      ]),
    );
    expect(await toldOf(id, 'partnership-at-step-4')).toEqual(
      expect.arrayContaining(['chair@lincs.example', 'team@lincs.example']),
    );
    const resolved = await command(who('chair@lincs.example'), id, {
      type: 'resolve',
      outcome: 'An assessment will be made; the action plan is in the outcome.',
      actions: ['Children’s services to begin an assessment by Friday'],
      agreedBy: [
        { agencyId: gp.agency?.id, name: 'Ines Liaison, for the surgery' },
        { agencyId: who('sw@ccs.example').agency?.id, name: 'Sam Liaison' },
      ],
    });
    expect(resolved.status).toBe('resolved');
  });

  it('clophill-preschool-escalation: stages one to three, the LSCB told when raised and when resolved', async () => {
    const keyworker = who('keyworker@village.example');
    const raised = await raise(keyworker, who('sw@bcs.example'));
    const id = raised.id as string;
    expect(raised.policy).toMatchObject({ id: 'clophill-preschool-escalation' });
    // the procedure sets no number of days: no due time unless a person sets one
    expect(raised.stage).toMatchObject({ number: 1, dueAt: null });
    expect(await toldOf(id, 'lscb-told-of-escalation')).toEqual(['lscb@cbeds.example']);
    const stage2 = await command(keyworker, id, { type: 'escalate', reason: 'Not resolved' });
    expect(stage2.stage.number).toBe(2);
    const stage3 = await command(who('lead@village.example'), id, {
      type: 'refer-to-chair',
      details: 'The managers could not agree.',
    });
    expect(stage3.stage.number).toBe(3);
    expect(await toldOf(id, 'partner-representative')).toEqual(
      expect.arrayContaining(['rep@cbeds.example', 'lscb@cbeds.example']),
    );
    const resolved = await command(who('rep@cbeds.example'), id, {
      type: 'resolve',
      outcome: 'Agreed at the partner representative’s meeting.',
      actions: [],
      agreedBy: [
        { agencyId: keyworker.agency?.id, name: 'Val Lead' },
        { agencyId: who('sw@bcs.example').agency?.id, name: 'Tam Manager' },
      ],
    });
    expect(resolved.status).toBe('resolved');
    expect(await toldOf(id, 'lscb-told-if-resolved')).toEqual(['lscb@cbeds.example']);
  });
});
