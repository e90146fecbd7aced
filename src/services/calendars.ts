/**
 * A partnership's working-day calendar: its policy's nation, less the local closure days an
 * administrator has added.
 */
import { type CalendarId, calendarFor, type WorkingDayCalendar } from '../domain/calendar/index.js';
import type { Db } from '../store/database.js';
import { prepared } from '../store/prepared.js';

// asked on every case page and command: compiled once (src/store/prepared.ts)
const closureDays = prepared((db, p: { partnershipId: string }) =>
  db.selectFrom('closure_days').select('date').where('partnership_id', '=', p.partnershipId),
);

export async function partnershipCalendar(
  db: Db,
  partnershipId: string,
  id: CalendarId,
): Promise<WorkingDayCalendar> {
  const closures = await closureDays.execute(db, { partnershipId });
  return calendarFor(
    id,
    closures.map((c) => c.date),
  );
}

export class UnknownPartnershipError extends Error {}

export async function addClosureDay(
  db: Db,
  partnershipKey: string,
  date: string,
  reason: string,
  now: string,
): Promise<void> {
  const partnership = await db
    .selectFrom('partnerships')
    .select('id')
    .where('key', '=', partnershipKey)
    .executeTakeFirst();
  if (!partnership)
    throw new UnknownPartnershipError(`there is no partnership "${partnershipKey}"`);
  await db
    .insertInto('closure_days')
    .values({ partnership_id: partnership.id, date, reason, created_at: now })
    .onConflict((oc) => oc.columns(['partnership_id', 'date']).doUpdateSet({ reason }))
    .execute();
}
