import type { Command } from 'commander';
import { verifyAll, verifyCase } from '../store/event-store.js';
import { withStore } from './context.js';

export function registerAuditCommands(program: Command): void {
  program
    .command('audit')
    .description('the tamper-evident record')
    .command('verify')
    .description('check every case record (or one) has not been edited, reordered or cut short')
    .option('--case <id>', 'only this case')
    .action(async (options: { case?: string }) => {
      const result = await withStore((store) =>
        options.case ? verifyCase(store.db, options.case) : verifyAll(store.db),
      );
      if (result.ok) {
        const counted =
          'cases' in result
            ? `${result.cases} cases, ${result.events} events`
            : `${result.events} events`;
        console.log(`The record holds: ${counted} verified.`);
        return;
      }
      console.error(`Broken: case ${result.caseId}, event ${result.seq} ${result.problem}.`);
      process.exitCode = 1;
    });
}
