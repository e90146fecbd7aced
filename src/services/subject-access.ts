/**
 * A subject access request (UK GDPR Article 15) for one child: everything Escalate holds about
 * them in one partnership, as JSON. A child is found by name (compared without case, accents or
 * extra spaces) and, when given, date of birth, in the children of every case raised in the
 * partnership. For each case: the record (every event, as recorded), the agencies and people
 * in it, and its access log. Other children of the same case (siblings) are left out of the
 * export's `children`, but the record is given whole, as the case holds it: the person
 * answering the request reviews it for third-party data before it is sent.
 */
import type { Child } from '../domain/case/events.js';
import type { Db } from '../store/database.js';
import { eventData, eventsWithPersonal, fromRow, readEventRows } from '../store/event-store.js';

export class UnknownPartnershipError extends Error {}

export interface SubjectAccessQuery {
  partnership: string;
  name: string;
  dateOfBirth?: string;
}

const plain = (s: string) =>
  s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

export async function subjectAccessExport(db: Db, query: SubjectAccessQuery, now: Date) {
  const partnership = await db
    .selectFrom('partnerships')
    .select(['id', 'key', 'name'])
    .where('key', '=', query.partnership)
    .executeTakeFirst();
  if (!partnership)
    throw new UnknownPartnershipError(`no partnership has the key ${query.partnership}`);
  const raised = await eventsWithPersonal(db)
    .innerJoin('cases', 'cases.id', 'events.case_id')
    .select(['events.case_id', 'events.data', 'events.personal_digest'])
    .select('event_personal.data as personal_data')
    .where('events.type', '=', 'raised')
    .where('cases.partnership_id', '=', partnership.id)
    .orderBy('cases.raised_at')
    .execute();
  const wanted = plain(query.name);
  const matches = (child: Child) =>
    plain(child.name) === wanted &&
    (query.dateOfBirth === undefined || child.dateOfBirth === query.dateOfBirth);
  const cases = [];
  for (const row of raised) {
    // after the retention rule, the child's name is the removal notice: no longer found
    const children = (eventData(row) as { children: Child[] }).children.filter(matches);
    if (children.length === 0) continue;
    cases.push(await caseExport(db, row.case_id, children));
  }
  return {
    request: {
      partnership: partnership.key,
      name: query.name,
      dateOfBirth: query.dateOfBirth ?? null,
    },
    partnership: partnership.name,
    generatedAt: now.toISOString(),
    cases,
  };
}

async function caseExport(db: Db, caseId: string, children: Child[]) {
  const c = await db
    .selectFrom('cases')
    .select([
      'id',
      'reference',
      'status',
      'category',
      'raised_at',
      'closed_at',
      'policy_id',
      'policy_version',
    ])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const events = await readEventRows(db, caseId);
  const agencies = await db
    .selectFrom('case_agencies')
    .innerJoin('agencies', 'agencies.id', 'case_agencies.agency_id')
    .select(['agencies.id', 'agencies.name', 'case_agencies.side'])
    .where('case_agencies.case_id', '=', caseId)
    .execute();
  const people = await db
    .selectFrom('case_participants')
    .innerJoin('people', 'people.id', 'case_participants.person_id')
    .select(['people.id', 'people.name', 'people.role', 'case_participants.since'])
    .where('case_participants.case_id', '=', caseId)
    .execute();
  const accessLog = await db
    .selectFrom('access_log')
    .innerJoin('people', 'people.id', 'access_log.person_id')
    .select(['access_log.at', 'people.name', 'people.role', 'access_log.action', 'access_log.via'])
    .where('access_log.case_id', '=', caseId)
    .orderBy('access_log.at')
    .execute();
  return {
    id: c.id,
    reference: c.reference,
    status: c.status,
    category: c.category,
    raisedAt: c.raised_at,
    closedAt: c.closed_at,
    policy: { id: c.policy_id, version: c.policy_version },
    children,
    agencies,
    people,
    record: events.map((e) => ({ seq: e.seq, ...fromRow(e) })),
    accessLog,
  };
}
