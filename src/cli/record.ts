import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { caseRecordPdf } from '../reports/pdf.js';
import { caseRecord, commandLineReader } from '../services/case-record.js';
import { CaseNotFound } from '../services/cases/index.js';
import { actorById, personIdByEmail } from '../services/people.js';
import { withStore } from './context.js';
import { UsageError } from './errors.js';

/**
 * `escalate record CASE --pdf FILE`: the case record for the child's file. Run as an operator
 * (who has the database) unless `--as EMAIL` names a person, whose need-to-know then applies;
 * either way the print is written in the case's access log.
 */
export function registerRecordCommands(program: Command): void {
  program
    .command('record')
    .description("write a case's record for the child's file as a PDF")
    .argument('<case>', 'the case id or its reference (e.g. ESC-7K2M9Q)')
    .requiredOption('--pdf <file>', 'where to write the PDF')
    .option('--as <email>', 'print as this person (their access rules apply)')
    .action(async (caseArg: string, options: { pdf: string; as?: string }) => {
      const pdf = await withStore(async (store) => {
        const deps = { db: store.db, now: () => new Date() };
        const found = await commandLineReader(store.db, caseArg);
        if (!found) throw new UsageError(`There is no case ${caseArg}.`);
        let actor = found.actor;
        if (options.as) {
          const personId = await personIdByEmail(store.db, options.as);
          const person = personId ? await actorById(store.db, personId) : undefined;
          if (!person) throw new UsageError(`There is nobody with the e-mail ${options.as}.`);
          actor = person;
        }
        try {
          return await caseRecordPdf(await caseRecord(deps, actor, found.caseId, 'cli'));
        } catch (error) {
          if (!(error instanceof CaseNotFound)) throw error;
          throw new UsageError(`${options.as} may not see case ${caseArg}.`);
        }
      });
      await writeFile(options.pdf, pdf);
      console.log(`Wrote the record of ${caseArg} to ${options.pdf}.`);
    });
}
