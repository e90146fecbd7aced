/**
 * Every notification the five seed policies demand, end to end on the database DATABASE_URL
 * names: cases driven through the JSON API, the outbox delivered to a real SMTP receiver, and
 * each demanded notification checked to reach exactly the right people, once each, in plain
 * English, with no child's name or details in any subject or body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '../src/notify/outbox.js';
import { messageIdFor, smtpTransport } from '../src/notify/transports.js';
import { loadPresets } from '../src/policies/index.js';
import type { PersonSummary } from '../src/services/people.js';
import { createTestApp, type TestApp } from './support/app.js';
import { type Receiver, startReceiver } from './support/smtp-receiver.js';

let t: TestApp;
let receiver: Receiver;

const CSC = "Bromley Children's Social Care (demo)";
const BSCP_UNIT = 'business-unit@bscp-demo.example';
const TSCP_UNIT = 'business-unit@tscp-demo.example';
const BSCB_UNIT = 'office@bscb-demo.example';
const CP_CHAIR = 'cp-chair@csc-demo.example';
const IRO = 'iro@csc-demo.example';

/** Child details that must never appear in an e-mail. */
const CHILD_NAMES = ['Jasmine Quellwater', 'Oliver Quellwater'];
const CHILD_DOB = '2021-05-14';

function children(flags: { cp?: boolean; lac?: boolean }) {
  return [
    {
      name: CHILD_NAMES[0],
      dateOfBirth: CHILD_DOB,
      childProtectionPlan: flags.cp ?? false,
      lookedAfter: false,
      ...(flags.cp ? { cpChairEmail: CP_CHAIR } : {}),
    },
    {
      name: CHILD_NAMES[1],
      childProtectionPlan: false,
      lookedAfter: flags.lac ?? false,
      ...(flags.lac ? { iroEmail: IRO } : {}),
    },
  ];
}

interface CaseView {
  id: string;
  version: number;
  status: string;
  raisingAgencyId: string;
  otherAgencyIds: string[];
  stage: { number: number; key: string; holders: { raising: string[]; other: string[] } };
}

async function api(person: PersonSummary, url: string, payload: object) {
  const response = await t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${await t.token(person)}` },
    payload,
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json() as CaseView;
}

/** A case raised through the API, and the commands that move it on. */
async function raise(
  raiser: PersonSummary,
  otherAgency: string,
  options: { cp?: boolean; lac?: boolean; immediateRisk?: boolean; category?: string },
) {
  const other = t.people.find((p) => p.agency?.name === otherAgency)?.agency?.id as string;
  let view = await api(raiser, '/api/v1/cases', {
    children: children(options),
    agencies: [other],
    category: options.category ?? 'need-for-action',
    disagreement: `${CHILD_NAMES[0]} was seen with bruising; the other agency closed the referral.`,
    evidence: { nature: 'Bruising seen at the setting', source: 'Key worker notes' },
    actionsToDate: 'Phoned the duty team twice.',
    outcomeSought: 'A strategy discussion this week.',
    immediateRisk: options.immediateRisk ?? false,
  });
  const act = async (person: PersonSummary, body: object) => {
    view = await api(person, `/api/v1/cases/${view.id}/commands`, {
      expectedVersion: view.version,
      ...body,
    });
    return view;
  };
  return { view: () => view, act };
}

type Act = Awaited<ReturnType<typeof raise>>['act'];

/** The person holding the case's current stage for the raising side (else `fallback`). */
const holderOf = (view: CaseView, fallback: PersonSummary) =>
  t.people.find((p) => p.id === view.stage.holders.raising[0]) ?? fallback;

/** Escalates to `stage`, each time as whoever holds the stage for the raising side. */
const escalateTo = async (act: Act, current: () => CaseView, stage: number, by: PersonSummary) => {
  while (current().stage.number < stage)
    await act(holderOf(current(), by), { type: 'escalate', reason: 'Not resolved at this stage.' });
};

const referToChair = (act: Act, current: () => CaseView, by: PersonSummary, details: string) =>
  act(holderOf(current(), by), {
    type: 'refer-to-chair',
    details,
    boardMembersEngaged: 'The Board members joined the senior managers first.',
  });

/** Panel members by the agencies whose directors sit on the board (seats from the directory). */
function panelOf(...agencies: string[]) {
  return agencies.map((name) => ({ personId: t.person('director', name).id }));
}

/** The panel's decision, put to it by the chair and agreed by every member (002 2.18). */
async function panelDecides(
  act: Act,
  chair: PersonSummary,
  members: { personId: string }[],
  decision: string,
) {
  await act(chair, { type: 'record-decision', decidedBy: 'panel', decision });
  for (const m of members) {
    await act(t.people.find((p) => p.id === m.personId) as PersonSummary, {
      type: 'agree-panel-decision',
    });
  }
}

/** The board member and deputy who represent an agency (a pre-school's sit elsewhere). */
async function boardOf(agencyName: string): Promise<string[]> {
  const agency = await t.store.db
    .selectFrom('agencies')
    .select(['board_member_id', 'board_deputy_id'])
    .where('agencies.name', '=', agencyName)
    .executeTakeFirstOrThrow();
  const ids = [agency.board_member_id, agency.board_deputy_id].filter((id) => id !== null);
  return t.people.filter((p) => ids.includes(p.id)).map((p) => p.email);
}

const unique = (emails: string[]) => [...new Set(emails)];

/**
 * Who the panel-decision rule tells: the partnership's holders at the chair's stage, but not the
 * chair, who put the decision to the panel (nobody is told of what they did themself).
 */
const partnershipHolders = (partnership: string, members: { personId: string }[]) =>
  unique([
    ...t.people
      .filter((p) => p.partnership === partnership && p.role === 'partnership-team')
      .map((p) => p.email),
    ...members.map((m) => t.people.find((p) => p.id === m.personId)?.email as string),
  ]);

const emailOf = (role: string, agency: string) => t.person(role, agency).email;
const chairOf = (partnership: string) =>
  (t.people.find((p) => p.role === 'chair' && p.partnership === partnership) as PersonSummary)
    .email;

/** case id -> rule key -> the addresses the policy demands */
const expected = new Map<string, Record<string, string[]>>();

describe('every notification the seed policies demand, through a real SMTP receiver', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('000: the DSLs told of immediate risk, CP Chair and IRO at stage 2, board members at stage 3, referral, panel, outcome', async () => {
    const worker = t.person('frontline', 'Acorn Lane');
    const chair = t.people.find((p) => p.role === 'chair' && p.partnership === 'bscp');
    const c = await raise(worker, CSC, { cp: true, lac: true, immediateRisk: true });
    await escalateTo(c.act, c.view, 3, worker);
    await referToChair(c.act, c.view, worker, 'For the attention of the chair.');
    // the pre-school has no seat: children's social care's director represents it
    const members = panelOf(CSC, 'Hillcrest', 'Elm Road');
    await c.act(chair as PersonSummary, { type: 'convene-panel', members });
    await panelDecides(c.act, chair as PersonSummary, members, 'A strategy discussion is held.');
    expect(c.view().status).toBe('decided');
    const boards = unique([...(await boardOf('Acorn Lane Pre-school')), ...(await boardOf(CSC))]);
    expected.set(c.view().id, {
      'dsl-immediate-risk': [emailOf('dsl', 'Acorn Lane')],
      'cp-chair-stage-2': [CP_CHAIR],
      'iro-stage-2': [IRO],
      'board-members-engaged': boards,
      'referral-to-chair': [BSCP_UNIT, chairOf('bscp')],
      'panel-representations': [worker.email, ...boards],
      'panel-decision-to-agree': partnershipHolders('bscp', members),
      'outcome-to-raiser': [worker.email],
    });
  });

  it('001: the manager and DSL told of immediate risk, the DSL made aware at stage 2 for a child with a plan, board members, referral, panel, outcome', async () => {
    const worker = t.person('frontline', 'Little Meadows');
    const chair = t.people.find((p) => p.role === 'chair' && p.partnership === 'bscp');
    const c = await raise(worker, CSC, { cp: true, immediateRisk: true });
    await escalateTo(c.act, c.view, 3, worker);
    await referToChair(c.act, c.view, worker, 'For the attention of the chair.');
    const members = panelOf(CSC, 'Hillcrest', 'Elm Road');
    await c.act(chair as PersonSummary, { type: 'convene-panel', members });
    await panelDecides(c.act, chair as PersonSummary, members, 'An assessment is to be made.');
    const boards = unique([
      ...(await boardOf('Little Meadows Pre-school')),
      ...(await boardOf(CSC)),
    ]);
    expected.set(c.view().id, {
      // "the manager or designated safeguarding lead (DSL) will make a referral to MASH"
      'manager-dsl-immediate-risk': [
        emailOf('manager', 'Little Meadows'),
        emailOf('dsl', 'Little Meadows'),
      ],
      'dsl-aware-stage-2': [emailOf('dsl', 'Little Meadows')],
      'board-members-engaged': boards,
      'referral-to-chair': [BSCP_UNIT, chairOf('bscp')],
      'panel-representations': [worker.email, ...boards],
      'panel-decision-to-agree': partnershipHolders('bscp', members),
      'outcome-to-raiser': [worker.email],
    });
  });

  it('002: DSL, CP Chair, IRO, business unit at stages 3, 4 and 5, board members, referral, panel, outcome', async () => {
    const worker = t.person('frontline', 'Hillcrest');
    const chair = t.people.find((p) => p.role === 'chair' && p.partnership === 'bscp');
    const c = await raise(worker, CSC, { cp: true, lac: true, immediateRisk: true });
    await escalateTo(c.act, c.view, 4, worker);
    await referToChair(c.act, c.view, worker, 'For the attention of the chair.');
    expect(c.view().stage.number).toBe(5);
    const members = panelOf('Hillcrest', CSC, 'Elm Road');
    await c.act(chair as PersonSummary, { type: 'convene-panel', members });
    await panelDecides(c.act, chair as PersonSummary, members, 'A strategy discussion is held.');
    const boards = unique([
      ...(await boardOf('Hillcrest Primary School')),
      ...(await boardOf(CSC)),
    ]);
    const designatedHealth = t.people
      .filter((p) => p.partnership === 'bscp' && p.role === 'named-professional')
      .map((p) => p.email);
    expected.set(c.view().id, {
      'designated-health-stage-4': designatedHealth,
      'panel-decision-to-agree': partnershipHolders('bscp', members),
      'dsl-immediate-risk': [emailOf('dsl', 'Hillcrest')],
      'cp-chair-stage-2': [CP_CHAIR],
      'iro-stage-2': [IRO],
      'business-unit-stage-3': [BSCP_UNIT],
      'business-unit-stage-4': [BSCP_UNIT],
      'business-unit-stage-5': [BSCP_UNIT],
      // not the school's deputy (its senior manager), who escalated it to stage 4
      'board-member-stage-4': boards.filter((e) => e !== emailOf('senior-manager', 'Hillcrest')),
      'referral-to-chair': [BSCP_UNIT, chairOf('bscp')],
      'panel-representations': [worker.email, ...boards],
      'outcome-to-raiser': [worker.email],
    });
  });

  it('002: the raiser is told when a case is resolved, and when it is withdrawn', async () => {
    const worker = t.person('frontline', 'Hillcrest');
    const resolved = await raise(worker, CSC, {});
    // the other agency's holder records the resolution both sides agreed
    const otherHolder = t.people.find(
      (p) => p.id === resolved.view().stage.holders.other[0],
    ) as PersonSummary;
    await resolved.act(otherHolder, {
      type: 'resolve',
      outcome: 'A joint visit was agreed.',
      agreedBy: [
        { agencyId: resolved.view().raisingAgencyId, name: worker.name },
        { agencyId: otherHolder.agency?.id, name: otherHolder.name },
      ],
    });
    expect(resolved.view().status).toBe('resolved');
    expected.set(resolved.view().id, {
      'outcome-to-raiser': [worker.email],
      // both sides' holders, but not the one who recorded it
      'outcome-both-sides': [],
    });
    const withdrawn = await raise(worker, CSC, {});
    // the raiser's manager withdraws it for the raising side; the raiser and the other side hear
    await withdrawn.act(t.person('manager', 'Hillcrest'), {
      type: 'withdraw',
      reason: 'Raised in error.',
    });
    expect(withdrawn.view().status).toBe('withdrawn');
    expected.set(withdrawn.view().id, {
      'outcome-to-raiser': [worker.email],
      'outcome-both-sides': [otherHolder.email],
    });
  });

  it('003: referral via the partnership to the chair, and the panel', async () => {
    const worker = t.person('frontline', 'Harbourside');
    const supervisor = t.person('manager', 'Harbourside');
    const chair = t.people.find((p) => p.role === 'chair' && p.partnership === 'tscp');
    const torbay = loadPresets().find((p) => p.id === 'torbay-white-rock-preschool');
    const c = await raise(worker, "Torbay Children's Services (demo)", { category: 'other' });
    await c.act(worker, {
      type: 'record-consultation',
      with: { personId: supervisor.id, role: supervisor.role },
      answers: Object.fromEntries(
        (torbay?.consultation?.questions ?? []).map((q) => [q.key, 'Answered with my supervisor.']),
      ),
      summary: 'Talked it through with my supervisor.',
    });
    await escalateTo(c.act, c.view, 2, worker);
    await referToChair(c.act, c.view, worker, 'Referred via the partnership.');
    const members = panelOf("Torbay Children's Services (demo)", 'Bayview', 'Torbay Police');
    await c.act(chair as PersonSummary, { type: 'convene-panel', members });
    await panelDecides(c.act, chair as PersonSummary, members, 'The agencies are to meet.');
    expected.set(c.view().id, {
      'referral-to-chair': [TSCP_UNIT, chairOf('tscp')],
      'panel-representations': unique([
        worker.email,
        ...(await boardOf('Harbourside Pre-school')),
        ...(await boardOf("Torbay Children's Services (demo)")),
      ]),
      'panel-decision-to-agree': partnershipHolders('tscp', members),
    });
  });

  it('004: referral to the independent chair via the BSCB office', async () => {
    const worker = t.person('frontline', 'Riverside');
    const chair = t.people.find((p) => p.role === 'chair' && p.partnership === 'bscb');
    const c = await raise(worker, 'Borough Children and Families Service (demo)', {});
    // PRE-ESCALATION: the discussion with the other agency's worker, before stage 1
    const counterpart = t.person('frontline', 'Borough Children and Families');
    await c.act(worker, {
      type: 'record-consultation',
      with: { personId: counterpart.id, role: counterpart.role },
      summary: 'We talked and could not agree.',
    });
    await escalateTo(c.act, c.view, 3, worker);
    await referToChair(c.act, c.view, worker, 'Via the BSCB office.');
    await c.act(chair as PersonSummary, {
      type: 'record-decision',
      decidedBy: 'chair',
      decision: 'A visit is to be made.',
    });
    expected.set(c.view().id, { 'referral-to-chair': [BSCB_UNIT, chairOf('bscb')] });
  });

  it('delivers each demanded notification to the right people exactly once, with no child details', async () => {
    const transport = smtpTransport(
      `smtp://127.0.0.1:${receiver.port}`,
      'Escalate <e@test.example>',
    );
    const now = () => t.clock.now;
    for (let pass = 0; pass < 20; pass++) {
      const report = await deliverDue({
        db: t.store.db,
        transport,
        baseUrl: 'http://escalate.test',
        now,
        batchSize: 50,
      });
      if (report.sent + report.retrying + report.failed === 0) break;
    }
    transport.close?.();
    const rows = await t.store.db
      .selectFrom('outbox')
      .selectAll()
      .where('case_id', 'is not', null)
      .execute();
    expect(rows.every((r) => r.status === 'sent')).toBe(true);

    // each seed's own rules exactly (the rules that keep both sides told are checked step by
    // step in test/seed-journeys.test.ts and, in Chromium, test/e2e/two-sides.test.ts)
    for (const [caseId, rules] of expected) {
      const queued: Record<string, string[]> = Object.fromEntries(
        Object.keys(rules).map((k) => [k, []]),
      );
      for (const row of rows.filter((r) => r.case_id === caseId && r.rule_key in rules)) {
        queued[row.rule_key] = [...(queued[row.rule_key] ?? []), row.recipient_email];
      }
      const sorted = (o: Record<string, string[]>) =>
        Object.fromEntries(Object.entries(o).map(([k, v]) => [k, [...v].sort()]));
      expect(sorted(queued), caseId).toEqual(sorted(rules));
    }
    // each queued notification arrived once, at its recipient, and nothing else arrived
    const caseMail = receiver.received.filter((m) => !/Policy review/.test(m.subject));
    expect(caseMail).toHaveLength(rows.length);
    for (const row of rows) {
      const copies = caseMail.filter((m) => m.messageId === messageIdFor(row.idempotency_key));
      expect(copies.map((m) => m.to)).toEqual([row.recipient_email]);
    }
    for (const mail of receiver.received) {
      for (const detail of [...CHILD_NAMES, 'Jasmine', 'Quellwater', CHILD_DOB, 'bruising']) {
        expect(mail.subject).not.toContain(detail);
        expect(mail.body).not.toContain(detail);
      }
      expect(mail.body).toContain('What we ask of you:');
      expect(mail.body).toMatch(/http:\/\/escalate\.test\/cases\/[0-9a-f-]{36}/);
    }
  });

  it('says what happened, what is asked and by when, in plain English', async () => {
    const byRule = async (rule: string, to: string) => {
      const row = await t.store.db
        .selectFrom('outbox')
        .select('idempotency_key')
        .where('rule_key', '=', rule)
        .where('recipient_email', '=', to)
        .executeTakeFirstOrThrow();
      return receiver.received.find((m) => m.messageId === messageIdFor(row.idempotency_key));
    };
    const stage3 = await byRule('business-unit-stage-3', BSCP_UNIT);
    expect(stage3?.subject).toMatch(/^Disagreement ESC-\w+: now at stage 3$/);
    expect(stage3?.body).toMatch(/is now at stage 3 \(Senior manager/i);
    expect(stage3?.body).toMatch(/due by 5pm on \w+day \d+ November 2026/);
    const dsl = await byRule('dsl-immediate-risk', emailOf('dsl', 'Hillcrest'));
    expect(dsl?.subject).toMatch(/immediate risk/);
    expect(dsl?.body).toContain('referred to Children and Families Hub now');
    expect(dsl?.body).toContain('If the child is in immediate danger, call 999.');
    const cpChair = await byRule('cp-chair-stage-2', CP_CHAIR);
    expect(cpChair?.body).toContain('You are the Child Protection Chair');
    const chair = await byRule('referral-to-chair', chairOf('bscb'));
    expect(chair?.body).toMatch(/resolve it directly, or convene a Resolution Panel/);
    const outcome = await byRule('outcome-to-raiser', t.person('frontline', 'Acorn Lane').email);
    expect(outcome?.subject).toMatch(/: decided$/);
    expect(outcome?.body).toContain('decided by the Resolution Panel');
    expect(outcome?.body).not.toContain('due by');
  });
});
