import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { boardReportPdf } from '../reports/pdf.js';
import { ReportQuery } from '../reports/query.js';
import { boardReport } from '../services/oversight.js';
import type { Actor } from '../services/people.js';
import { withStore } from './context.js';
import { UsageError } from './errors.js';

/**
 * `escalate report --partnership KEY [--period P | --from D --to D] --pdf FILE`: the board
 * report for a quarter or a year, for board papers made on a schedule. Run by an operator
 * (who has the database), as the partnership team would see it.
 */
export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description("write a partnership's board report (figures, themes, learning) as a PDF")
    .requiredOption('--partnership <key>', 'the partnership, by its key (e.g. bscp)')
    .requiredOption('--pdf <file>', 'where to write the PDF')
    .option(
      '--period <period>',
      'last-12-months, this-quarter, last-quarter, this-financial-year, last-financial-year or custom',
      'last-quarter',
    )
    .option('--from <date>', 'with --period custom: the first day, YYYY-MM-DD')
    .option('--to <date>', 'with --period custom: the last day, YYYY-MM-DD')
    .action(
      async (options: {
        partnership: string;
        pdf: string;
        period: string;
        from?: string;
        to?: string;
      }) => {
        const query = ReportQuery.safeParse({
          period: options.period,
          from: options.from,
          to: options.to,
        });
        if (!query.success) {
          throw new UsageError(query.error.issues.map((i) => i.message).join('; '));
        }
        const pdf = await withStore(async (store) => {
          const partnership = await store.db
            .selectFrom('partnerships')
            .select('id')
            .where('key', '=', options.partnership)
            .executeTakeFirst();
          if (!partnership) throw new UsageError(`There is no partnership ${options.partnership}.`);
          const operator: Actor = {
            personId: 'command-line',
            email: '',
            name: 'An operator, from the command line',
            role: 'partnership-team',
            agencyId: null,
            partnershipId: partnership.id,
          };
          const deps = { db: store.db, now: () => new Date() };
          return boardReportPdf(await boardReport(deps, operator, query.data));
        });
        await writeFile(options.pdf, pdf);
        console.log(`Wrote the board report to ${options.pdf}.`);
      },
    );
}
