/**
 * The administrator's view of the outbox and retry (src/services/outbox.ts), called directly on
 * the database DATABASE_URL names: what a failed notification shows, the refusals in words, a
 * retry's fresh start, and a retry made meanwhile by someone else. The CLI that prints and
 * retries them: notify-outbox-admin.test.ts.
 */
import { randomUUID } from 'node:crypto';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxSummary, RetryRefused, retryNotification } from '../src/services/outbox.js';
import { openStore, type Store } from '../src/store/database.js';
import type { OutboxStatus } from '../src/store/schema.js';
import { insertCaseRow } from './support/case-row.js';
import { createTestStore, destroyTestStore, type TestDatabase } from './support/database.js';
import { addOutboxRow } from './support/outbox-rows.js';

let t: { store: Store; database: TestDatabase };
const now = '2026-11-02T10:00:00.000Z';
const add = (id: string, status: OutboxStatus, to: string, error: string | null) =>
  addOutboxRow(t.store.db, now, id, status, to, error);

describe('the outbox: what an administrator sees and may retry', () => {
  const OLDER = randomUUID();
  const NEWER = randomUUID();
  const UNEXPLAINED = randomUUID();
  const SENT = randomUUID();
  beforeAll(async () => {
    t = await createTestStore();
    await add(NEWER, 'failed', 'newer@agency.example', '550 no such user');
    await t.store.db
      .updateTable('outbox')
      .set({ created_at: '2026-11-02T11:00:00.000Z' })
      .where('id', '=', NEWER)
      .execute();
    await add(OLDER, 'failed', 'older@agency.example', '550 mailbox full');
    await add(UNEXPLAINED, 'failed', 'unexplained@agency.example', null);
    await add(SENT, 'sent', 'sent@agency.example', null);
  });
  afterAll(async () => destroyTestStore(t));

  it('lists the failed ones oldest first, each with what it was, to whom, and why', async () => {
    const { failed } = await outboxSummary(t.store.db);
    expect(failed.map((f) => f.id)).toEqual([...[OLDER, UNEXPLAINED].sort(), NEWER]);
    expect(failed.find((f) => f.id === OLDER)).toEqual({
      id: OLDER,
      to: 'older@agency.example',
      caseReference: null,
      template: 'referred-to-chair',
      rule: 'referral-to-chair',
      attempts: 10,
      error: '550 mailbox full',
      createdAt: now,
    });
    // a failure with no recorded reason reads as an empty one, never "null"
    expect(failed.find((f) => f.id === UNEXPLAINED)?.error).toBe('');
  });

  it('names the case of a failed notification by its reference only', async () => {
    await t.store.db
      .insertInto('partnerships')
      .values({
        id: 'p1',
        key: 'p1',
        name: 'Partnership (fictional)',
        policy_id: 'five-stage',
        calendar: 'england-and-wales',
        business_unit_email: null,
        created_at: now,
        retention_years: null,
        hub_phone: null,
      })
      .execute();
    await t.store.db
      .insertInto('agencies')
      .values({
        id: 'a1',
        partnership_id: 'p1',
        name: 'Agency (fictional)',
        sector: 'school',
        policy_id: null,
        escalation_manager_id: null,
        board_member_id: null,
        created_at: now,
        duty_email: null,
        duty_phone: null,
      })
      .execute();
    await t.store.db
      .insertInto('people')
      .values({
        id: 'someone',
        partnership_id: 'p1',
        agency_id: 'a1',
        email: 'someone@agency.example',
        name: 'Someone (fictional)',
        role: 'frontline',
        line_manager_id: null,
        on_board: 0,
        on_executive: 0,
        phone: null,
        password_hash: null,
        created_at: now,
      })
      .execute();
    await insertCaseRow(t.store.db, {
      id: 'case-1',
      reference: 'ESC-ADMIN2',
      partnership_id: 'p1',
      raising_agency_id: 'a1',
      raised_by_id: 'someone',
      raised_at: now,
    });
    const ofCase = randomUUID();
    await add(ofCase, 'failed', 'case@agency.example', '550 no such user');
    await t.store.db
      .updateTable('outbox')
      .set({ case_id: 'case-1' })
      .where('id', '=', ofCase)
      .execute();
    const { failed } = await outboxSummary(t.store.db);
    expect(failed.find((f) => f.id === ofCase)?.caseReference).toBe('ESC-ADMIN2');
    await t.store.db.deleteFrom('outbox').where('id', '=', ofCase).execute();
  });

  it('refuses, in words, to retry one that is unknown, not failed, or has no address', async () => {
    await expect(retryNotification(t.store.db, 'no-such-id', now)).rejects.toThrow(
      new RetryRefused('No notification has the id no-such-id.'),
    );
    await expect(retryNotification(t.store.db, SENT, now)).rejects.toThrow(
      new RetryRefused(
        `Notification ${SENT} is sent, not failed: only a failed one can be retried.`,
      ),
    );
    const noAddress = randomUUID();
    await add(noAddress, 'failed', '', 'No chair is recorded for this partnership.');
    await expect(retryNotification(t.store.db, noAddress, now)).rejects.toThrow(
      new RetryRefused(
        `Notification ${noAddress} has no e-mail address to send to: record the missing address (see its error) and raise the matter again.`,
      ),
    );
  });

  it('a retried notification is queued to go at once, its attempts afresh and its lease free', async () => {
    await t.store.db
      .updateTable('outbox')
      .set({
        leased_until: '2026-11-02T09:00:00.000Z',
        next_attempt_at: '2026-11-01T00:00:00.000Z',
      })
      .where('id', '=', OLDER)
      .execute();
    const later = '2026-11-02T12:00:00.000Z';
    await retryNotification(t.store.db, OLDER, later);
    const row = await t.store.db
      .selectFrom('outbox')
      .select(['status', 'attempts', 'next_attempt_at', 'leased_until'])
      .where('id', '=', OLDER)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: 'queued',
      attempts: 0,
      next_attempt_at: later,
      leased_until: null,
    });
  });

  it('a retry that another administrator made meanwhile is refused, and changes nothing', async () => {
    // the other administrator (their own connection) retries it between this one's read and
    // its update
    const other = openStore(t.database.config);
    const meanwhile: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (args.result.rows.length > 0) {
          await retryNotification(other.db, NEWER, '2026-11-02T12:30:00.000Z');
        }
        return args.result;
      },
    };
    await expect(
      retryNotification(t.store.db.withPlugin(meanwhile), NEWER, '2026-11-02T12:45:00.000Z'),
    ).rejects.toThrow(new RetryRefused(`Notification ${NEWER} changed meanwhile: try again.`));
    await other.close();
    const row = await t.store.db
      .selectFrom('outbox')
      .select(['status', 'next_attempt_at'])
      .where('id', '=', NEWER)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'queued', next_attempt_at: '2026-11-02T12:30:00.000Z' });
  });
});
