/**
 * The folded case kept in memory by readCase (bench/RESULTS.md, session 4) is keyed by the case
 * row read on every request, so a second instance's command or the retention rule's redaction
 * shows at once on this one, with nothing sent between them: two app instances on one database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server.js';
import type { PersonSummary } from '../src/services/people.js';
import { redactCase } from '../src/services/retention.js';
import { openStore, type Store } from '../src/store/database.js';
import { createTestApp, type TestApp, testConfig } from './support/app.js';

let t: TestApp;
let other: { store: Store; app: Awaited<ReturnType<typeof createApp>> };
let teacher: PersonSummary;
let csc: PersonSummary;

async function call(app: TestApp['app'], method: 'GET' | 'POST', url: string, payload?: object) {
  const headers = { authorization: `Bearer ${await t.token(teacher)}` };
  const response = await app.inject({ method, url, headers, payload });
  return { status: response.statusCode, body: response.json() };
}

beforeAll(async () => {
  t = await createTestApp();
  teacher = t.person('frontline', 'Hillcrest');
  csc = t.person('frontline', "Bromley Children's Social Care");
  const store = openStore(t.database.config);
  other = {
    store,
    app: await createApp(testConfig(t.database), store, { now: () => t.clock.now }),
  };
}, 60_000);
afterAll(async () => {
  await other.app.close();
  await other.store.close();
  await t.close();
});

describe('a case read on one instance after another changed it', () => {
  it('shows the other instance’s command and then the removal of personal details', async () => {
    const raised = await call(t.app, 'POST', '/api/v1/cases', {
      children: [{ name: 'Child K (fictional)', childProtectionPlan: false, lookedAfter: false }],
      agencies: [csc.agency?.id],
      category: 'need-for-action',
      disagreement: 'The school believes a strategy discussion is needed.',
      evidence: { nature: 'Staff records', source: 'Class teacher' },
      actionsToDate: 'Referral made.',
      outcomeSought: 'A strategy discussion.',
      immediateRisk: false,
    });
    expect(raised.status).toBe(201);
    const url = `/api/v1/cases/${raised.body.id}`;
    const first = await call(t.app, 'GET', url);
    expect((await call(t.app, 'GET', url)).body).toEqual(first.body); // from memory, the same

    const withdrawn = await call(other.app, 'POST', `${url}/commands`, {
      type: 'withdraw',
      reason: 'Agreed on the phone.',
      expectedVersion: first.body.version,
    });
    expect(withdrawn.status).toBe(200);
    const after = await call(t.app, 'GET', url);
    expect(after.body.status).toBe('withdrawn');
    expect(after.body.version).toBe(first.body.version + 1);
    expect(after.body.record).toEqual(withdrawn.body.record);

    const later = new Date(t.clock.now.getTime() + 86_400_000);
    const removed = await redactCase(
      other.store.db,
      {
        caseId: raised.body.id,
        reference: raised.body.reference,
        partnership: teacher.partnership,
        closedAt: after.body.record.at(-1).at,
        dueAt: after.body.record.at(-1).at,
        yearsAfterClosure: 0,
      },
      later,
    );
    expect(removed).toBe(true);
    const redacted = await call(t.app, 'GET', url);
    expect(redacted.body.version).toBe(after.body.version + 1);
    expect(redacted.body.children[0].name).toMatch(/^\[removed under the retention rule on /);
    expect(JSON.stringify(redacted.body)).not.toContain('Child K');
  });
});
