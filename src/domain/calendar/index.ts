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
  dueOnDate,
  immediateDue,
  isWorkingDayAt,
  LONDON,
  londonDate,
  toLondonIso,
  type WorkingDayCalendar,
  workingDaysBefore,
  workingDaysBetween,
} from './working-days.js';
