/**
 * `escalate audit verify` names an event whose stored link to the one before it (its
 * `prev_hash` column) was edited, even when nothing else of the event was (issue 24, item 4).
 * The event's own hash is computed from the chain as read, so only the link check can see this
 * edit. Uses the compiled CLI: run `npm run build` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/database.js';
import { dropAppendOnlyTriggers } from '../src/store/dialect.js';
import { appendEvents, verifyAll } from '../src/store/event-store.js';
import { createTestStore, destroyTestStore, type TestDatabase } from './support/database.js';
import { escalate } from './support/process.js';

let t: { store: Store; database: TestDatabase };
const CASE = 'case-relinked';
const at = '2026-11-02T10:00:00.000Z';

describe('the tamper-evident record: an edited link between events', () => {
  beforeAll(async () => {
    t = await createTestStore();
    await appendEvents(
      t.store.db,
      CASE,
      0,
      [
        { type: 'note-added', at, by: 'p-fictional' },
        { type: 'note-added', at, by: 'p-fictional' },
        { type: 'note-added', at, by: 'p-fictional' },
      ],
      at,
    );
  });
  afterAll(async () => destroyTestStore(t));

  it('names events that belong to no case in the case table', async () => {
    expect(await verifyAll(t.store.db)).toEqual({
      ok: false,
      caseId: CASE,
      seq: 1,
      problem: 'belongs to no case',
    });
  });

  it('`escalate audit verify` names event 2 when only its previous-hash column is edited', async () => {
    const env = { DATABASE_URL: t.database.url };
    const intact = await escalate(['audit', 'verify', '--case', CASE], env);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toContain('3 events verified');

    await dropAppendOnlyTriggers(t.store.db, t.store.dialect, 'events');
    // event 2 now claims to follow nothing (the first event's link), its data and hash untouched
    await t.store.db
      .updateTable('events')
      .set({ prev_hash: '' })
      .where('case_id', '=', CASE)
      .where('seq', '=', 2)
      .execute();
    const broken = await escalate(['audit', 'verify', '--case', CASE], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(
      `Broken: case ${CASE}, event 2 does not follow the event before it.`,
    );
  });
});
