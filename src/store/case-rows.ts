/**
 * The case tables' own SQL that is not a use case: a fresh reference, who takes part, the list
 * order kept beside each participant, and the case read's compiled queries. The use cases that
 * call these own the transaction (src/services/cases/).
 */
import { randomBytes } from 'node:crypto';
import type { Db } from './database.js';
import { prepared } from './prepared.js';

/** A reference a person can read out: 8 characters from 32 that cannot be confused (no 0/O, 1/I). */
function newReference(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = randomBytes(8);
  return `ESC-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

/** A reference no case has yet (a clash is about one in a million at a million cases). */
export async function unusedReference(db: Db): Promise<string> {
  for (;;) {
    const reference = newReference();
    const taken = await db
      .selectFrom('cases')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirst();
    if (!taken) return reference;
  }
}

/** People brought into a case may see it from now on (those the directory knows). */
export async function addParticipants(
  db: Db,
  caseId: string,
  people: string[],
  now: string,
  order: { dueAtUtc: string | null; raisedAt: string },
): Promise<void> {
  if (people.length === 0) return;
  const known = await db.selectFrom('people').select('id').where('id', 'in', people).execute();
  if (known.length === 0) return;
  await db
    .insertInto('case_participants')
    .values(
      known.map((p) => ({
        case_id: caseId,
        person_id: p.id,
        since: now,
        due_at_utc: order.dueAtUtc,
        raised_at: order.raisedAt,
      })),
    )
    .onConflict((oc) => oc.columns(['case_id', 'person_id']).doNothing())
    .execute();
}

/**
 * The case's due time copied onto its participants and agencies (migration 015) when it
 * changes, so a manager's or DSL's list reads them in order (listCases).
 */
export async function keepListOrder(
  db: Db,
  caseId: string,
  dueAtUtc: string | null,
): Promise<void> {
  await db
    .updateTable('case_participants')
    .set({ due_at_utc: dueAtUtc })
    .where('case_id', '=', caseId)
    .execute();
  await db
    .updateTable('case_agencies')
    .set({ due_at_utc: dueAtUtc })
    .where('case_id', '=', caseId)
    .execute();
}

/** The case row, read on every case page and API read: compiled once (prepared.ts). */
export const caseById = prepared((db, p: { caseId: string }) =>
  db.selectFrom('cases').selectAll().where('id', '=', p.caseId),
);

/** The notifications a case has queued, oldest first: compiled once (prepared.ts). */
export const notificationsOf = prepared((db, p: { caseId: string }) =>
  db
    .selectFrom('outbox')
    .select(['recipient_email', 'reason', 'status', 'rule_key', 'sent_at', 'last_error'])
    .where('case_id', '=', p.caseId)
    .orderBy('created_at')
    .orderBy('idempotency_key'),
);
