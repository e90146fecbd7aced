/** `escalate outbox status [--json]` and `escalate outbox retry ID`: delivery for administrators. */
import type { Command } from 'commander';
import {
  OUTBOX_STATUSES,
  outboxSummary,
  RetryRefused,
  retryNotification,
} from '../services/outbox.js';
import { printRows, withStore } from './context.js';
import { UsageError } from './errors.js';

async function status(options: { json?: boolean }): Promise<void> {
  const summary = await withStore((store) => outboxSummary(store.db));
  if (options.json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  console.log(OUTBOX_STATUSES.map((s) => `${s}: ${summary.counts[s]}`).join('  '));
  if (summary.failed.length === 0) return;
  console.log('\nFailed (retry one with `escalate outbox retry ID`):');
  printRows(summary.failed, false, [
    ['ID', (r) => r.id],
    ['TO', (r) => r.to || '(no address)'],
    ['CASE', (r) => r.caseReference ?? '-'],
    ['TEMPLATE', (r) => r.template],
    ['TRIES', (r) => String(r.attempts)],
    ['REASON', (r) => r.error],
  ]);
}

async function retry(id: string): Promise<void> {
  await withStore(async (store) => {
    try {
      await retryNotification(store.db, id, new Date().toISOString());
    } catch (error) {
      if (error instanceof RetryRefused) throw new UsageError(error.message);
      throw error;
    }
  });
  console.log(`Notification ${id} is queued again: it goes out on the next delivery.`);
}

export function registerOutboxCommands(program: Command): void {
  const outbox = program.command('outbox').description('notification delivery: status and retries');
  outbox
    .command('status')
    .description(
      'how many notifications are queued, retrying, sent and failed; the failed ones and why',
    )
    .option('--json', 'print JSON')
    .action(status);
  outbox
    .command('retry')
    .description('put a failed notification back in the queue')
    .argument('<id>', 'the notification id, from `escalate outbox status`')
    .action(retry);
}
