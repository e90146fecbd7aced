/**
 * An app on a fresh test database with the presets registered and the demo directory loaded,
 * driven through `inject()`, with helpers to act as demo people.
 */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Config } from '../../src/config.js';
import { loadPresets } from '../../src/policies/index.js';
import { createApp, type ServerOptions } from '../../src/server.js';
import { loadDemo } from '../../src/services/demo.js';
import { listPeople, type PersonSummary } from '../../src/services/people.js';
import { prepareStore } from '../../src/services/setup.js';
import { createToken } from '../../src/services/tokens.js';
import type { Store } from '../../src/store/database.js';
import { openApiDocument } from '../../src/web/api/openapi.js';
import { registerAuthenticators } from '../pages/agent.js';
import { Conformance } from './conformance.js';
import { createTestStore, destroyTestStore, type TestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  database: TestDatabase;
  people: PersonSummary[];
  /** the first demo person with this role (at an agency whose name contains `agency`) */
  person(role: string, agency?: string): PersonSummary;
  token(person: PersonSummary): Promise<string>;
  /** a JSON API call as `person` (their bearer token): the status and the parsed body */
  api(
    person: PersonSummary,
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever the API answered
  ): Promise<{ status: number; body: any }>;
  clock: { now: Date };
  /** the /api/ answers so far that the OpenAPI document does not describe (see conformance.ts) */
  mismatches: string[];
  /** how many /api/ answers have been checked against the document */
  checked: { count: number };
  close(): Promise<void>;
}

/** The test apps' TOTP_ENCRYPTION_KEY, so helpers can compute a person's code as their app would. */
export const TEST_TOTP_KEY = '0f'.repeat(32);

export function testConfig(database: TestDatabase): Config {
  return {
    nodeEnv: 'test',
    port: 0,
    host: '127.0.0.1',
    baseUrl: 'http://escalate.test',
    database: database.config,
    sessionSecret: 'a'.repeat(64),
    totpEncryptionKey: TEST_TOTP_KEY,
    mail: {
      from: 'Escalate <test@escalate.test>',
      transport: 'file',
      outboxDirectory: '/tmp/escalate-test-outbox',
    },
    dataDirectory: '/tmp/escalate-test-data',
  };
}

export interface TestAppOptions {
  now?: Date;
  /** added to testConfig() (e.g. `oidc`) */
  config?: Partial<Config>;
  /** where the app's log goes, at info level (off when absent) */
  logStream?: ServerOptions['logStream'];
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { store, database } = await createTestStore();
  const clock = { now: options.now ?? new Date('2026-11-02T09:30:00Z') };
  await prepareStore(store, clock.now);
  await loadDemo(store.db, loadPresets(), { withPasswords: false, now: clock.now.toISOString() });
  const app = await createApp({ ...testConfig(database), ...options.config }, store, {
    now: () => clock.now,
    logStream: options.logStream,
  });
  const { mismatches, checked } = checkAnswers(app);
  await app.ready();
  registerAuthenticators(app, { db: store.db, key: TEST_TOTP_KEY, clock });
  const people = await listPeople(store.db);
  const tokens = new Map<string, string>();
  const token = async (person: PersonSummary) => {
    const known = tokens.get(person.id);
    if (known) return known;
    const made = await createToken(store.db, person.email, clock.now.toISOString());
    tokens.set(person.id, made);
    return made;
  };
  return {
    app,
    store,
    database,
    people,
    clock,
    mismatches,
    checked,
    person(role, agency) {
      const found = people.find(
        (p) => p.role === role && (agency === undefined || (p.agency?.name ?? '').includes(agency)),
      );
      if (!found) throw new Error(`no demo ${role} at ${agency ?? 'any agency'}`);
      return found;
    },
    token,
    async api(person, method, url, payload) {
      const response = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${await token(person)}` },
        payload,
      });
      return { status: response.statusCode, body: response.json() };
    },
    async close() {
      await app.close();
      await destroyTestStore({ store, database });
      if (mismatches.length > 0) {
        throw new Error(
          `API answers the OpenAPI document does not describe:\n${mismatches.join('\n')}`,
        );
      }
    },
  };
}

/**
 * Every /api/ answer the tests provoke is checked against the OpenAPI document the app serves
 * (issue 25): a mismatch fails the test that provoked it (and, for one provoked outside a test,
 * in beforeAll say, closing the app).
 */
function checkAnswers(app: FastifyInstance) {
  const mismatches: string[] = [];
  const checked = { count: 0 };
  let conformance: Conformance | undefined;
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/api/')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    conformance ??= new Conformance(openApiDocument(app.apiOperations));
    checked.count += 1;
    const mismatch = conformance.check({
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      contentType: reply.getHeader('content-type') as string | undefined,
      body: payload,
    });
    if (mismatch) {
      mismatches.push(mismatch);
      if (expect.getState().currentTestName !== undefined) {
        expect.soft(mismatch, 'every API answer matches the OpenAPI document').toBeUndefined();
      }
    }
    return payload;
  });
  return { mismatches, checked };
}
