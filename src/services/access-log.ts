/**
 * Who has read a case: its access log, for the partnership team of the case's partnership only
 * (issue 8, data protection). Anyone else is told the case does not exist, as for the case
 * itself. Looking at the access log is itself logged.
 */

import type { AccessLogAction } from '../store/schema.js';
import { isPartnershipWide, maySeeCase } from './access.js';
import { CaseNotFound, type CaseServiceDeps, type Via } from './cases/index.js';
import { logAccess } from './log-access.js';
import type { Actor } from './people.js';

export const ACCESS_LOG_LIMIT = 1000;

export interface AccessLogEntry {
  at: string;
  name: string;
  role: string;
  agency: string | null;
  action: AccessLogAction;
  via: Via;
}

export interface CaseAccessLog {
  caseId: string;
  reference: string;
  entries: AccessLogEntry[];
  /** true when there were more than ACCESS_LOG_LIMIT entries (the latest are shown) */
  truncated: boolean;
}

export function mayReadAccessLog(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'partnership-team' && isPartnershipWide(actor);
}

export async function caseAccessLog(
  deps: CaseServiceDeps,
  actor: Actor,
  caseId: string,
  via: Via,
): Promise<CaseAccessLog> {
  const { db } = deps;
  if (!mayReadAccessLog(actor) || !(await maySeeCase(db, actor, caseId))) {
    throw new CaseNotFound();
  }
  await logAccess(db, actor, caseId, 'access-log', via, deps.now().toISOString());
  const { reference } = await db
    .selectFrom('cases')
    .select('reference')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('access_log')
    .innerJoin('people', 'people.id', 'access_log.person_id')
    .leftJoin('agencies', 'agencies.id', 'people.agency_id')
    .select([
      'access_log.at',
      'access_log.action',
      'access_log.via',
      'access_log.id',
      'people.name',
      'people.role',
      'agencies.name as agency',
    ])
    .where('access_log.case_id', '=', caseId)
    .orderBy('access_log.at', 'desc')
    .orderBy('access_log.id')
    .limit(ACCESS_LOG_LIMIT + 1)
    .execute();
  return {
    caseId,
    reference,
    truncated: rows.length > ACCESS_LOG_LIMIT,
    entries: rows.slice(0, ACCESS_LOG_LIMIT).map((r) => ({
      at: r.at,
      name: r.name,
      role: r.role,
      agency: r.agency ?? null,
      action: r.action,
      via: r.via,
    })),
  };
}
