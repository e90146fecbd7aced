/**
 * The GOV.UK Notify transport against a local stub of Notify's API: the client signs a JWT with
 * the key's secret (HS256, `iss` the service id) and POSTs /v2/notifications/email with the
 * template, address, personalisation and reference; the stub checks the signature as Notify
 * does. Delivered through the outbox on the database DATABASE_URL names.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { deliverDue } from '../src/notify/outbox.js';
import { notifyTransport, transportFor } from '../src/notify/transports.js';
import type { Store } from '../src/store/database.js';
import { createTestStore, destroyTestStore, type TestDatabase } from './support/database.js';

const SERVICE_ID = '26785a09-ab16-4eb0-8407-a37497a57506';
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0';
const API_KEY = `escalate_test-${SERVICE_ID}-${SECRET}`;
const TEMPLATE_ID = 'f33517ff-2a88-4f6e-b855-c550268ce08a';

interface Posted {
  template_id: string;
  email_address: string;
  personalisation: { subject: string; body: string };
  reference: string;
}

const b64url = (text: string) => Buffer.from(text, 'base64url').toString('utf8');

/** Notify's check: a Bearer JWT, HS256, signed with the key's secret, `iss` the service id. */
function authorised(request: IncomingMessage): boolean {
  const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(request.headers.authorization ?? '');
  if (!match) return false;
  const [, header = '', payload = '', signature = ''] = match;
  const expected = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
  const claims = JSON.parse(b64url(payload)) as { iss?: string; iat?: number };
  return (
    JSON.parse(b64url(header)).alg === 'HS256' &&
    signature === expected &&
    claims.iss === SERVICE_ID &&
    Math.abs((claims.iat ?? 0) - Date.now() / 1000) < 30
  );
}

let stub: Server;
let baseUrl: string;
let posted: Posted[] = [];
/** what the stub answers next: 201, or a Notify error; `dripMs`: its 201 a byte at a time */
let answer: { status: number; error?: string; message?: string; dripMs?: number } = {
  status: 201,
};
/** a dripped answer the client hung up on before its end */
let cutOff = false;

function startStub(): Promise<void> {
  stub = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const reply = (status: number, json: object) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(json));
      };
      if (!authorised(request)) {
        return reply(403, {
          status_code: 403,
          errors: [
            { error: 'AuthError', message: 'Invalid token: signature, api token not found' },
          ],
        });
      }
      if (request.method !== 'POST' || request.url !== '/v2/notifications/email') {
        return reply(404, { status_code: 404, errors: [{ error: 'NotFound', message: 'no' }] });
      }
      if (answer.status !== 201) {
        return reply(answer.status, {
          status_code: answer.status,
          errors: [{ error: answer.error, message: answer.message }],
        });
      }
      const sent = JSON.parse(body) as Posted;
      posted.push(sent);
      const created = {
        id: randomUUID(),
        reference: sent.reference,
        content: { subject: sent.personalisation.subject, body: sent.personalisation.body },
        template: { id: sent.template_id, version: 1, uri: '' },
      };
      if (answer.dripMs === undefined) return reply(201, created);
      // a slow network: each byte well inside any idle time-out, the whole answer very late
      const text = JSON.stringify(created);
      response.writeHead(201, { 'content-type': 'application/json' });
      let at = 0;
      const drip = setInterval(() => {
        if (response.destroyed) {
          cutOff = at < text.length;
          clearInterval(drip);
        } else if (at < text.length) response.write(text[at++]);
        else {
          clearInterval(drip);
          response.end();
        }
      }, answer.dripMs);
    });
  });
  return new Promise((resolve) => {
    stub.listen(0, '127.0.0.1', () => {
      baseUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
      resolve();
    });
  });
}

let t: { store: Store; database: TestDatabase };
const clock = new Date('2026-11-02T10:00:00Z');

async function queueOne(key: string) {
  await t.store.db
    .insertInto('outbox')
    .values({
      id: randomUUID(),
      idempotency_key: key,
      case_id: randomUUID(),
      event_seq: 3,
      rule_key: 'business-unit-stage-3',
      reason: 'Escalation notification to the BSCP business manager (Stage 3).',
      recipient_email: 'business-unit@bscp-demo.example',
      recipient_person_id: null,
      template: 'stage-entered',
      data: JSON.stringify({
        reference: 'ESC-NTFY01',
        eventType: 'stage-entered',
        stage: { number: 3, name: 'Senior manager' },
        dueAt: '2026-11-04T17:00:00+00:00',
        status: 'open',
        policyTitle: 'BSCP escalation policy',
        recipientKind: 'business-unit',
      }),
      status: 'queued',
      attempts: 0,
      next_attempt_at: clock.toISOString(),
      leased_until: null,
      last_error: null,
      created_at: clock.toISOString(),
      sent_at: null,
    })
    .execute();
}

const deliver = (apiKey = API_KEY) =>
  deliverDue({
    db: t.store.db,
    transport: notifyTransport(apiKey, TEMPLATE_ID, baseUrl),
    baseUrl: 'http://escalate.test',
    now: () => clock,
  });

const row = () => t.store.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();

describe('the GOV.UK Notify transport, against a stub of Notify', () => {
  beforeAll(async () => {
    t = await createTestStore();
    await startStub();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => stub.close(() => resolve()));
    await destroyTestStore(t);
  });
  afterEach(async () => {
    posted = [];
    answer = { status: 201 };
    cutOff = false;
    await t.store.db.deleteFrom('outbox').execute();
  });

  it('sends a signed request with the template, address, personalisation and reference', async () => {
    await queueOne('case-1:business-unit-stage-3:stage-3:business-unit');
    expect(await deliver()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(posted).toHaveLength(1);
    const [sent] = posted as [Posted];
    expect(sent.template_id).toBe(TEMPLATE_ID);
    expect(sent.email_address).toBe('business-unit@bscp-demo.example');
    expect(sent.reference).toBe('case-1:business-unit-stage-3:stage-3:business-unit');
    expect(sent.personalisation.subject).toBe('Disagreement ESC-NTFY01: now at stage 3');
    expect(sent.personalisation.body).toContain('now at stage 3 (Senior manager)');
    expect(sent.personalisation.body).toContain('http://escalate.test/cases/');
    expect((await row()).status).toBe('sent');
  });

  it('a key Notify does not recognise fails at once, with Notify’s reason', async () => {
    await queueOne('case-2:k');
    const wrongSecret = `escalate_test-${SERVICE_ID}-${randomUUID()}`;
    expect(await deliver(wrongSecret)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(posted).toHaveLength(0);
    expect((await row()).last_error).toBe(
      'GOV.UK Notify 403: AuthError Invalid token: signature, api token not found',
    );
  });

  it('a refused address fails at once; a Notify outage is retried', async () => {
    await queueOne('case-3:k');
    answer = { status: 500, error: 'Exception', message: 'Internal server error' };
    expect(await deliver()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect((await row()).last_error).toBe('GOV.UK Notify 500: Exception Internal server error');
    await t.store.db.updateTable('outbox').set({ next_attempt_at: clock.toISOString() }).execute();
    answer = { status: 400, error: 'BadRequestError', message: 'Not a valid email address' };
    expect(await deliver()).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect((await row()).attempts).toBe(2);
  });

  it('a send that outruns its deadline is cut off, connection and all, and tried again', async () => {
    await queueOne('case-4:k');
    answer = { status: 201, dripMs: 100 }; // about half a minute for the whole answer
    const started = Date.now();
    const report = await deliverDue({
      db: t.store.db,
      transport: notifyTransport(API_KEY, TEMPLATE_ID, baseUrl),
      baseUrl: 'http://escalate.test',
      now: () => clock,
      leaseSeconds: 2,
      sendDeadlineSeconds: 1,
    });
    expect(report).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await row()).last_error).toMatch(
      /^No answer from the mail service within the send deadline \(1 s\)/,
    );
    for (let i = 0; i < 20 && !cutOff; i++) await new Promise((r) => setTimeout(r, 100));
    expect(cutOff).toBe(true);
  });

  it('NOTIFY_API_KEY, NOTIFY_TEMPLATE_ID and NOTIFY_BASE_URL choose Notify at that address', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      NOTIFY_API_KEY: API_KEY,
      NOTIFY_TEMPLATE_ID: TEMPLATE_ID,
      NOTIFY_BASE_URL: baseUrl,
    });
    await transportFor(config).send({
      to: 'reader@agency.example',
      subject: 'Subject',
      text: 'Body',
      idempotencyKey: 'direct-1',
    });
    expect(posted).toEqual([
      {
        template_id: TEMPLATE_ID,
        email_address: 'reader@agency.example',
        personalisation: { subject: 'Subject', body: 'Body' },
        reference: 'direct-1',
      },
    ]);
  });
});
