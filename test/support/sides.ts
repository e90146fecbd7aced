/**
 * Test support for the two sides of a case: who holds the current stage for the raising side,
 * and an agreement naming someone from every agency (a resolution needs both sides).
 */
import type { Db } from '../../src/store/database.js';

interface CaseSides {
  raisingAgencyId: string;
  otherAgencyIds: string[];
  stage: { holders: { raising: string[]; other: string[]; partnership?: string[] } };
}

/** Someone from each agency in the case agreed (fictional names). */
export function agreedByBoth(view: Pick<CaseSides, 'raisingAgencyId' | 'otherAgencyIds'>) {
  return [view.raisingAgencyId, ...view.otherAgencyIds].map((agencyId, i) => ({
    agencyId,
    name: `Agreed for agency ${i + 1} (fictional)`,
  }));
}

/** The person holding the current stage for the raising side, else `fallback` (the raiser). */
export function raisingHolder(view: CaseSides, fallback: string): string {
  return view.stage.holders.raising[0] ?? fallback;
}

/** As agreedByBoth, for a case known only by its id. */
export async function agreementFor(db: Db, caseId: string) {
  const rows = await db
    .selectFrom('case_agencies')
    .select(['agency_id', 'side'])
    .where('case_id', '=', caseId)
    .execute();
  return agreedByBoth({
    raisingAgencyId: rows.find((r) => r.side === 'raising')?.agency_id as string,
    otherAgencyIds: rows.filter((r) => r.side === 'other').map((r) => r.agency_id),
  });
}

/** A raise by the API (fictional child), against `agencyId`; `child` names the test's child. */
export const raiseBody = (agencyId: string, child = 'Child B (fictional)') => ({
  children: [{ name: child, dateOfBirth: '2020-03-01' }],
  agencies: [agencyId],
  category: 'need-for-action',
  disagreement: 'The school believes an assessment is needed; social care does not.',
  evidence: { nature: 'Staff observations', source: 'Class records' },
  actionsToDate: 'A referral was made.',
  outcomeSought: 'An assessment.',
  immediateRisk: false,
});

/** The case's version now (to send as expectedVersion). */
export const caseVersion = async (db: Db, id: string) =>
  (await db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow())
    .version;
