/**
 * `escalate export child --partnership KEY --name N [--date-of-birth YYYY-MM-DD]`: everything
 * held about one child, as JSON on standard output, for a subject access request.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { subjectAccessExport, UnknownPartnershipError } from '../services/subject-access.js';
import { withStore } from './context.js';
import { UsageError } from './errors.js';

const DateOfBirth = z.iso.date();

export function registerExportCommands(program: Command): void {
  program
    .command('export')
    .description('exports for data protection')
    .command('child')
    .description('everything held about one child (a subject access request), as JSON')
    .requiredOption('--partnership <key>', 'the partnership, e.g. bscp')
    .requiredOption('--name <name>', "the child's name or initials, as recorded")
    .option('--date-of-birth <date>', 'YYYY-MM-DD, to tell apart children with the same name')
    .action(async (options: { partnership: string; name: string; dateOfBirth?: string }) => {
      if (options.dateOfBirth !== undefined && !DateOfBirth.safeParse(options.dateOfBirth).success)
        throw new UsageError('--date-of-birth: give a real date as YYYY-MM-DD, like 2019-03-27');
      if (options.name.trim() === '') throw new UsageError("--name: give the child's name");
      const result = await withStore(async (store) => {
        try {
          return await subjectAccessExport(store.db, options, new Date());
        } catch (error) {
          if (error instanceof UnknownPartnershipError) throw new UsageError(error.message);
          throw error;
        }
      });
      console.log(JSON.stringify(result, null, 2));
    });
}
