/**
 * `escalate audit verify` over every case (`verifyAll`): it stops at the first case, in the
 * order cases were raised, whose chain is broken, and names it; a broken case after intact ones
 * is never passed over. In process, so Stryker's hash-chain area sees it (the CLI's own test
 * runs the compiled command).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropAppendOnlyTriggers } from '../src/store/dialect.js';
import { verifyAll } from '../src/store/event-store.js';
import { createTestApp, type TestApp } from './support/app.js';
import { raiseBody } from './support/sides.js';

let t: TestApp;
const raised: string[] = [];

/** Edits a recorded event's data in place, as someone with the database's password could. */
async function edit(caseId: string, seq: number): Promise<void> {
  await t.store.db
    .updateTable('events')
    .set({ data: '{"edited":true}' })
    .where('case_id', '=', caseId)
    .where('seq', '=', seq)
    .execute();
}

describe('escalate audit verify, every case', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    const teacher = t.person('frontline', 'Hillcrest Primary School');
    const csc = t.person('frontline', "Bromley Children's Social Care");
    for (const minutes of [0, 5, 10]) {
      t.clock.now = new Date(Date.parse('2026-11-02T09:30:00Z') + minutes * 60_000);
      const answer = await t.api(teacher, 'POST', '/api/v1/cases', raiseBody(csc.agency?.id ?? ''));
      expect(answer.status).toBe(201);
      raised.push(answer.body.id);
    }
  });
  afterAll(async () => t.close());

  it('counts every case and event when all are intact', async () => {
    expect(await verifyAll(t.store.db)).toMatchObject({ ok: true, cases: 3 });
  });

  it('names the first broken case as raised, not a later one, and not "all intact"', async () => {
    await dropAppendOnlyTriggers(t.store.db, t.store.dialect, 'events');
    await edit(raised[2] as string, 1);
    expect(await verifyAll(t.store.db)).toEqual({
      ok: false,
      caseId: raised[2],
      seq: 1,
      problem: 'was changed after it was recorded',
    });
    await edit(raised[1] as string, 1);
    expect(await verifyAll(t.store.db)).toMatchObject({ ok: false, caseId: raised[1], seq: 1 });
  });
});
