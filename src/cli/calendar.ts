import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { addClosureDay, UnknownPartnershipError } from '../services/calendars.js';
import { withStore } from './context.js';
import { UsageError } from './errors.js';

export function registerCalendarCommands(program: Command): void {
  program
    .command('calendar')
    .description("a partnership's working-day calendar")
    .command('close <date>')
    .description('add a local closure day: no deadline falls on it, and it is not counted')
    .requiredOption('--partnership <key>', 'the partnership, e.g. bscp')
    .requiredOption('--reason <reason>', 'why, e.g. "Council offices closed"')
    .action(async (date: string, options: { partnership: string; reason: string }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date).isValid) {
        throw new UsageError(`"${date}" is not a date: use YYYY-MM-DD`);
      }
      await withStore(async (store) => {
        try {
          await addClosureDay(
            store.db,
            options.partnership,
            date,
            options.reason,
            new Date().toISOString(),
          );
        } catch (error) {
          if (error instanceof UnknownPartnershipError) throw new UsageError(error.message);
          throw error;
        }
      });
      console.log(`${date} is now a closure day for ${options.partnership}.`);
    });
}
