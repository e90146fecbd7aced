export type { CalendarId } from '../policy/schema.js';
export {
  type BankHoliday,
  bankHolidays,
  easterSunday,
  PUBLISHED_YEARS,
  SUPPORTED_YEARS,
} from './bank-holidays.js';
export {
  addWorkingDays,
  addWorkingHours,
  calendarFor,
  immediateDue,
  isWorkingDayAt,
  LONDON,
  londonDate,
  toLondonIso,
  type WorkingDayCalendar,
  workingDaysBetween,
} from './working-days.js';
