/**
 * `escalate retention run [--dry-run] [--json]`: applies each partnership's retention rule now
 * (the background jobs do the same every hour), or with --dry-run lists what it would remove
 * and changes nothing. Prints case references and dates only, never anything personal.
 *
 * `escalate retention remove CASE --reason R --decided-by EMAIL [--dry-run] [--json]`: removes
 * one closed case's personal details on request, ahead of the rule, as the partnership decided.
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import {
  applyRetention,
  RemovalRefused,
  type RetentionItem,
  removeOnRequest,
} from '../services/retention.js';
import { printRows, withStore } from './context.js';
import { UsageError } from './errors.js';

/** An instant as the CLI contract prints them: ISO-8601 with the Europe/London offset. */
const london = (iso: string) =>
  DateTime.fromISO(iso, { zone: 'utc' }).setZone('Europe/London').toISO() as string;

interface RemoveOptions {
  reason: string;
  decidedBy: string;
  dryRun?: boolean;
  json?: boolean;
}

async function remove(caseArg: string, options: RemoveOptions): Promise<void> {
  const dryRun = options.dryRun === true;
  const result = await withStore(async (store) => {
    try {
      return await removeOnRequest(
        store.db,
        { case: caseArg, reason: options.reason, decidedBy: options.decidedBy, dryRun },
        new Date(),
      );
    } catch (error) {
      if (error instanceof RemovalRefused) throw new UsageError(error.message);
      throw error;
    }
  });
  if (options.json) {
    console.log(
      JSON.stringify(
        {
          dryRun,
          reference: result.reference,
          partnership: result.partnership,
          closedAt: london(result.closedAt),
          events: result.events,
          removedAt: result.removedAt ? london(result.removedAt) : null,
        },
        null,
        2,
      ),
    );
    return;
  }
  const events = `${result.events} ${result.events === 1 ? 'entry' : 'entries'}`;
  console.log(
    dryRun
      ? `${result.reference} (closed ${london(result.closedAt)}) would have the personal details of ${events} removed on request (dry run: nothing changed).`
      : `Removed the personal details of ${events} of ${result.reference} on request, at ${london(result.removedAt as string)}; the reason and who decided are in its record.`,
  );
}

/** Cases per batch: each is its own short transaction; batches repeat until none are left. */
const BATCH = 200;

async function run(options: { dryRun?: boolean; json?: boolean }): Promise<void> {
  const now = new Date();
  const dryRun = options.dryRun === true;
  const items = await withStore(async (store) => {
    if (dryRun) return (await applyRetention(store.db, now, { dryRun, limit: 1_000_000 })).items;
    const done: RetentionItem[] = [];
    for (;;) {
      const batch = await applyRetention(store.db, now, { limit: BATCH });
      done.push(...batch.items);
      if (batch.found < BATCH) return done;
    }
  });
  const cases = items.map((i) => ({
    reference: i.reference,
    partnership: i.partnership,
    closedAt: i.closedAt,
    ruleMetAt: i.dueAt,
    yearsAfterClosure: i.yearsAfterClosure,
  }));
  if (options.json) {
    const redactedAt = dryRun ? null : now.toISOString();
    console.log(JSON.stringify({ dryRun, redactedAt, cases }, null, 2));
    return;
  }
  const verb = dryRun ? 'would have' : 'had';
  console.log(
    cases.length === 0
      ? 'No case is past its retention rule.'
      : `${cases.length} ${cases.length === 1 ? 'case' : 'cases'} ${verb} personal details removed${dryRun ? ' (dry run: nothing changed)' : ''}:`,
  );
  if (cases.length === 0) return;
  printRows(cases, false, [
    ['REFERENCE', (c) => c.reference],
    ['PARTNERSHIP', (c) => c.partnership],
    ['CLOSED', (c) => c.closedAt.slice(0, 10)],
    ['RULE MET', (c) => c.ruleMetAt.slice(0, 10)],
    ['YEARS', (c) => String(c.yearsAfterClosure)],
  ]);
}

export function registerRetentionCommands(program: Command): void {
  const retention = program
    .command('retention')
    .description("the retention rule: removing closed cases' personal details");
  retention
    .command('run')
    .description(
      "remove the personal details of every closed case past its partnership's retention rule",
    )
    .option('--dry-run', 'list what would be removed; change nothing')
    .option('--json', 'print JSON')
    .action(run);
  retention
    .command('remove')
    .description(
      "remove one closed case's personal details on request, ahead of the retention rule",
    )
    .argument('<case>', 'the case id or its reference (e.g. ESC-7K2M9Q)')
    .requiredOption(
      '--reason <text>',
      "why, as it will be recorded in the case's record (e.g. the DPO's decision number); name nobody",
    )
    .requiredOption(
      '--decided-by <email>',
      "who decided: the partnership team, chair or an administrator of the case's partnership",
    )
    .option('--dry-run', 'check and say what would be removed; change nothing')
    .option('--json', 'print JSON')
    .action(remove);
}
