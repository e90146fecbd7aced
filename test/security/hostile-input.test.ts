/**
 * Hostile input (issue 8): every API property and every form field tried with XSS payloads, SQL
 * fragments, Unicode edge cases (right-to-left marks, NUL, lone surrogates, emoji, over-long
 * text), wrong types, huge bodies, deep JSON and invalid UTF-8; then fast-check drives the
 * commands API with random well-formed and malformed commands. On SQLite and PostgreSQL alike:
 * never a 500; a refusal is a 4xx with a message a person can act on; a refusal writes nothing
 * (no event, no case, the case version unchanged); what is accepted is stored exactly as sent
 * and shown escaped; and the audit chain still verifies.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { readEvents, type StoredEvent, verifyAll } from '../../src/store/event-store.js';
import { Agent, givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let raiser: PersonSummary;
let other: PersonSummary;
let headers: Record<string, string>;

const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  '{{ 7*7 }}{% raw %}',
];
const SQL = ["'; DROP TABLE cases; --", "' OR '1'='1", '1; SELECT pg_sleep(5)', '\\x00\\'];
const UNICODE_OK = [
  'مرحبا\u200f \u202eevil.exe',
  'Zoë 👩🏽‍🍼 🇬🇧',
  'e\u0301 \ufeff zero\u200bwidth',
  '𝕏'.repeat(50),
];
const UNICODE_BAD = ['a\u0000b', 'bell\u0007', 'lone \ud800 surrogate', '\udfff'];
const WRONG_TYPES: unknown[] = [
  null,
  42,
  -1.5,
  true,
  [],
  ['x'],
  {},
  { $ne: null },
  { __proto__: { admin: true } },
];
const TOO_LONG = 'x'.repeat(10_001);

/** Every property of the raise body, by path, with a valid value. */
function raiseBody(agencyId: string): Record<string, unknown> {
  return {
    children: [
      {
        name: 'Fictional Child',
        dateOfBirth: '2021-05-14',
        caseNumber: 'C-1',
        childProtectionPlan: false,
        lookedAfter: false,
        childInNeed: false,
        cpChairEmail: 'cp@example.org',
        iroEmail: 'iro@example.org',
      },
    ],
    agencies: [agencyId],
    category: 'communication',
    disagreement: 'Calls are not returned.',
    evidence: { nature: 'No contact', source: 'Call log' },
    actionsToDate: 'Three calls.',
    outcomeSought: 'A call back.',
    immediateRisk: false,
    childProtectiveDeadline: '2026-11-20T17:00:00Z',
  };
}

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Object.entries(value as object);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))].filter(
    (p) => p.length > 0,
  );
}

function withValue(body: unknown, path: string[], v: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path[path.length - 1] as string] = v;
  return copy;
}

async function counts() {
  const db = t.store.db;
  const n = async (table: 'events' | 'cases' | 'case_participants' | 'outbox') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const versions = await db.selectFrom('cases').select(['id', 'version']).orderBy('id').execute();
  return {
    events: await n('events'),
    cases: await n('cases'),
    participants: await n('case_participants'),
    outbox: await n('outbox'),
    versions,
  };
}

function expectClearRefusal(answer: {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}) {
  expect(answer.statusCode, answer.body).toBeGreaterThanOrEqual(400);
  expect(answer.statusCode, answer.body).toBeLessThan(500);
  expect(String(answer.headers['content-type'])).toContain('application/problem+json');
  const detail = JSON.parse(answer.body).detail as string;
  expect(detail.length).toBeGreaterThan(10);
  expect(detail).not.toMatch(/undefined|\[object|TypeError|SQLITE|syntax error|at .*\.ts:/);
}

beforeAll(async () => {
  t = await createTestApp();
  raiser = t.person('frontline', 'Hillcrest');
  other = t.person('frontline', "Bromley Children's Social Care");
  headers = { authorization: `Bearer ${await t.token(raiser)}` };
});
afterAll(async () => t.close());

describe('raising through the API', () => {
  it('every property, every payload: 201 with the text kept exactly, or a clear refusal that writes nothing', async () => {
    const valid = raiseBody(other.agency?.id as string);
    const payloads: unknown[] = [
      ...XSS,
      ...SQL,
      ...UNICODE_OK,
      ...UNICODE_BAD,
      ...WRONG_TYPES,
      TOO_LONG,
      '',
      '   ',
    ];
    let accepted = 0;
    for (const path of paths(valid)) {
      for (const payload of payloads) {
        const before = await counts();
        const body = withValue(valid, path, payload);
        const answer = await t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers,
          payload: body as object,
        });
        const where = `${path.join('.')} = ${JSON.stringify(payload)?.slice(0, 40)}`;
        if (answer.statusCode === 201) {
          accepted++;
          // what was accepted is stored exactly as sent, and shown escaped
          if (typeof payload === 'string' && path.at(-1) !== 'dateOfBirth') {
            const read = await t.app.inject({ url: answer.headers.location as string, headers });
            expect(read.statusCode, where).toBe(200);
          }
          continue;
        }
        expect([400, 422], where).toContain(answer.statusCode);
        expectClearRefusal(answer);
        expect(await counts(), where).toEqual(before);
      }
    }
    expect(accepted).toBeGreaterThan(0);
  }, 120_000);

  it('keeps accepted hostile text exactly, and the case page shows it escaped', async () => {
    const a = new Agent(t.app);
    await givePasswords(t.store, [raiser]);
    await a.signIn(raiser);
    const hostile = `${XSS[1]} ${SQL[0]} ${UNICODE_OK[0]} ${UNICODE_OK[1]}`;
    const body = { ...raiseBody(other.agency?.id as string), disagreement: hostile };
    const raised = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: body,
    });
    expect(raised.statusCode).toBe(201);
    const id = raised.json().id;
    // the disagreement is personal: stored in event_personal (chain format 2), read merged
    const [raisedEvent] = await readEvents<StoredEvent & { disagreement?: string }>(t.store.db, id);
    expect(raisedEvent?.disagreement).toBe(hostile);
    const page = await a.get(`/cases/${id}`);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toMatch(
      /(&#34;|&quot;)(&#62;|&gt;)(&#60;|&lt;)img src=x onerror=alert\(1\)(&#62;|&gt;)/,
    );
    expect(page.body).toContain('\u202eevil.exe');
  });
});

describe('malformed bodies', () => {
  const raw = (payload: string | Buffer, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { ...headers, 'content-type': contentType },
      payload,
    });

  it('refuses each with a clear 4xx and writes nothing', async () => {
    const before = await counts();
    const deepArray = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const deepObject = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const cases: [string | Buffer, string, number][] = [
      ['{"children": [', 'application/json', 400],
      ['', 'application/json', 400],
      ['null', 'application/json', 400],
      ['"just a string"', 'application/json', 400],
      ['[1,2,3]', 'application/json', 400],
      ['{"__proto__": {"isAdmin": true}}', 'application/json', 400],
      ['{"constructor": {"prototype": {"isAdmin": true}}}', 'application/json', 400],
      [
        Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
        'application/json',
        400,
      ],
      [deepArray, 'application/json', 400],
      [deepObject, 'application/json', 400],
      [`{"disagreement": "${'x'.repeat(300 * 1024)}"}`, 'application/json', 413],
      ['category=communication', 'text/plain', 400],
      ['<xml/>', 'application/xml', 415],
    ];
    for (const [payload, type, status] of cases) {
      const answer = await raw(payload, type);
      expect(answer.statusCode, String(payload).slice(0, 30)).toBe(status);
      expectClearRefusal(answer);
    }
    expect(await counts()).toEqual(before);
  });

  it('list queries with wrong or hostile values are refused clearly', async () => {
    for (const query of [
      'status=%00',
      'status=open%27%20OR%201%3D1',
      'stage=abc',
      'stage=1e400',
      'overdue=maybe',
      'status=open&status=closed',
      'limit=1000000',
      'status[$ne]=x',
    ]) {
      const answer = await t.app.inject({ url: `/api/v1/cases?${query}`, headers });
      expect(answer.statusCode, query).toBe(400);
      expectClearRefusal(answer);
    }
  });

  it('a case id that is not one answers 404, whatever it is', async () => {
    for (const id of [
      "1' OR '1'='1",
      '%00',
      '..%2F..%2Fetc%2Fpasswd',
      'x'.repeat(5000),
      '%F0%9F%98%80',
    ]) {
      const answer = await t.app.inject({ url: `/api/v1/cases/${id}`, headers });
      expect([400, 404, 414], id.slice(0, 20)).toContain(answer.statusCode);
      expectClearRefusal(answer);
      expect(answer.headers['content-security-policy']).toBeTruthy();
      const page = await t.app.inject({ url: `/cases/${id}` });
      expect([303, 400, 404, 414], id.slice(0, 20)).toContain(page.statusCode);
      expect(page.headers['x-frame-options']).toBe('DENY');
    }
  });
});

describe('commands through the API, driven by fast-check', () => {
  let caseId: string;
  beforeAll(async () => {
    const raised = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: raiseBody(other.agency?.id as string),
    });
    caseId = raised.json().id;
  });

  const TYPES = [
    'record-consultation',
    'record-discussion',
    'escalate',
    'start-at-stage',
    'record-hub-referral',
    'refer-to-chair',
    'convene-panel',
    'record-representation',
    'resolve',
    'record-decision',
    'withdraw',
    'reopen',
    'set-child-protective-deadline',
    'acknowledge',
    'add-plan-action',
    'mark-action-done',
  ];
  const hostileString = fc.oneof(
    fc.constantFrom(...XSS, ...SQL, ...UNICODE_OK, ...UNICODE_BAD, TOO_LONG, ''),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ maxLength: 40 }),
  );
  const anyValue = fc.oneof(
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(hostileString, { maxLength: 3 }),
    fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
  );
  const FIELDS = [
    'reason',
    'details',
    'summary',
    'outcome',
    'decision',
    'learning',
    'when',
    'how',
    'participants',
    'agreedBy',
    'actions',
    'stage',
    'service',
    'deadline',
    'members',
    'with',
    'answers',
    'fromPersonId',
    'fromAgencyId',
    'decidedBy',
    'conflictWithLineManager',
    'note',
    'description',
    'ownerAgencyId',
    'dueOn',
    'actionId',
    'doneOn',
  ];
  const command = fc.record(
    {
      type: fc.oneof(fc.constantFrom(...TYPES), hostileString, anyValue),
      expectedVersion: fc.oneof(fc.constant('current'), fc.integer({ min: -2, max: 50 }), anyValue),
      fields: fc.dictionary(fc.constantFrom(...FIELDS), anyValue, { maxKeys: 6 }),
      valid: fc.constantFrom(
        {},
        { reason: 'No agreement at this stage.' },
        {
          details: 'Please decide.',
          outcome: 'Agreed.',
          agreedBy: [{ agencyId: 'an-agency', name: 'Both' }],
        },
        {
          when: '2026-11-02T09:00:00Z',
          how: 'phone',
          participants: ['A. Person'],
          summary: 'Talked.',
          outcome: 'No agreement.',
        },
      ),
    },
    { requiredKeys: ['type', 'expectedVersion', 'fields', 'valid'] },
  );

  it('never a 500; a refusal is clear and changes nothing; an acceptance moves the version on', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(command, async (c) => {
        const before = await counts();
        const version = before.versions.find((v) => v.id === caseId)?.version as number;
        const payload = {
          ...c.valid,
          ...c.fields,
          type: c.type,
          expectedVersion: c.expectedVersion === 'current' ? version : c.expectedVersion,
        };
        const answer = await t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${caseId}/commands`,
          headers,
          payload,
        });
        seen.add(answer.statusCode);
        if (answer.statusCode === 200) {
          expect(answer.json().version).toBeGreaterThan(version);
          return;
        }
        expect([400, 409, 422], answer.body).toContain(answer.statusCode);
        expectClearRefusal(answer);
        expect(await counts()).toEqual(before);
      }),
      { numRuns: 300, seed: 8 },
    );
    expect(seen.has(200)).toBe(true);
    expect(seen.has(400)).toBe(true);
    expect(seen.has(422) || seen.has(409)).toBe(true);
    expect(await verifyAll(t.store.db)).toMatchObject({ ok: true });
  }, 120_000);
});

describe('forms', () => {
  it('every action form and journey step: a hostile value gets a page (never a 500) and writes nothing', async () => {
    const a = new Agent(t.app);
    await givePasswords(t.store, [raiser]);
    await a.signIn(raiser);
    const raised = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: raiseBody(other.agency?.id as string),
    });
    const id = raised.json().id as string;
    const fields = [
      'reason',
      'details',
      'summary',
      'outcome',
      'decision',
      'learning',
      'agreedBy',
      'participants',
      'how',
      'when-day',
      'when-time',
      'with',
      'from',
      'members',
      'decidedBy',
      'version',
      'conflictWithLineManager',
    ];
    const values = [...XSS, SQL[0] as string, ...UNICODE_OK.slice(0, 2), ...UNICODE_BAD, TOO_LONG];
    const actions = ['record-discussion', 'escalate', 'withdraw', 'resolve', 'record-consultation'];
    for (const action of actions) {
      for (const value of values) {
        // every field at once, each sent twice (a list where one value is expected)
        const form = Object.fromEntries(fields.map((f) => [f, [value, value]]));
        const before = await counts();
        await a.get(`/cases/${id}/${action}`);
        const answer = await a.post(`/cases/${id}/${action}`, form);
        const where = `${action} ${value.slice(0, 20)}`;
        expect(answer.status, where).toBeLessThan(500);
        expect(answer.status, where).not.toBe(303);
        // (every field at ten thousand characters, twice, is more than the body limit: 413)
        expect([400, 409, 413, 422], where).toContain(answer.status);
        expect(answer.body).toMatch(/govuk-error-summary|There is a problem/);
        expect(answer.body).not.toContain('<script>alert(1)</script>');
        expect(await counts()).toEqual(before);
      }
    }
    // the raise journey's pages
    for (const [url, names] of [
      ['/cases/new/child/1', ['name', 'dob-day', 'dob-month', 'dob-year', 'caseNumber', 'flags']],
      ['/cases/new/agencies', ['agencies']],
      ['/cases/new/category', ['category']],
    ] as const) {
      for (const name of names) {
        for (const value of values) {
          await a.get(url);
          const answer = await a.post(url, { [name]: [value, value] });
          expect(answer.status, `${url} ${name}`).toBeLessThan(500);
          expect(answer.body).not.toContain('<script>alert(1)</script>');
        }
      }
    }
  }, 120_000);
});
