/**
 * `escalate retention run [--dry-run] [--json]`: applies each partnership's retention rule now
 * (the background jobs do the same every hour), or with --dry-run lists what it would remove
 * and changes nothing. Prints case references and dates only, never anything personal.
 */
import type { Command } from 'commander';
import { applyRetention, type RetentionItem } from '../services/retention.js';
import { printRows, withStore } from './context.js';

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
  program
    .command('retention')
    .description("the retention rule: removing closed cases' personal details")
    .command('run')
    .description(
      "remove the personal details of every closed case past its partnership's retention rule",
    )
    .option('--dry-run', 'list what would be removed; change nothing')
    .option('--json', 'print JSON')
    .action(run);
}
