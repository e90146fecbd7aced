import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { addWorkingDays, type CalendarId, calendarFor } from '../domain/calendar/index.js';
import { formatPath } from '../domain/policy/path.js';
import { CALENDARS, type Policy } from '../domain/policy/schema.js';
import { type Timeline, timeline } from '../domain/policy/timeline.js';
import { policyWarnings } from '../domain/policy/warnings.js';
import { findPolicy, formatPolicyError, loadPolicyFile } from '../policies/index.js';
import { addPolicy, listPolicyVersions, PolicyRefused } from '../services/policy-registry.js';
import { sectorHolderWarnings } from '../services/sector-holders.js';
import { printRows, withStore } from './context.js';
import { UsageError } from './errors.js';

/** An instant from the command line: ISO-8601; without an offset it is Europe/London time. */
export function parseStart(value: string): string {
  const parsed = DateTime.fromISO(value, { zone: 'Europe/London', setZone: true });
  if (!parsed.isValid) {
    throw new UsageError(
      `--start: "${value}" is not an ISO-8601 date or time, like 2026-11-02T09:30 or 2026-11-02T09:30:00Z`,
    );
  }
  return parsed.toISO() as string;
}

function parseCalendar(value: string | undefined, fallback: CalendarId): CalendarId {
  if (value === undefined) return fallback;
  if (!(CALENDARS as readonly string[]).includes(value)) {
    throw new UsageError(`--calendar: "${value}" is not one of ${CALENDARS.join(', ')}`);
  }
  return value as CalendarId;
}

function policyOrUsage(idOrFile: string): Policy {
  try {
    return findPolicy(idOrFile);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function printTimeline(result: Timeline): void {
  console.log(
    `${result.policy} on the ${result.calendar} calendar, from ${result.start}${result.urgent ? ', for an urgent case' : ''}`,
  );
  printRows(result.stages, false, [
    ['stage', (s) => String(s.stage)],
    ['name', (s) => `${s.name}${s.onlyWhenUrgent ? ' (only when urgent)' : ''}`],
    ['timescale', (s) => s.timescale ?? '-'],
    ['starts', (s) => (s.passedOver ? 'passed over: not urgent' : (s.startsAt ?? '-'))],
    ['due', (s) => (s.passedOver ? '-' : (s.dueAt ?? 'no set timescale'))],
    // the other side's acknowledgement, where a stage asks for one (issue 18)
    ...(result.stages.some((s) => s.acknowledgementDueAt !== undefined)
      ? [
          ['acknowledged by', (s: Timeline['stages'][number]) => s.acknowledgementDueAt ?? '-'] as [
            string,
            (s: Timeline['stages'][number]) => string,
          ],
        ]
      : []),
  ]);
}

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('escalation policies');

  policy
    .command('list')
    .description("each partnership's policies: every stored version, the release's and its own")
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const rows = await withStore((store) => listPolicyVersions(store.db));
      printRows(rows, options.json === true, [
        ['partnership', (r) => r.partnership],
        ['id', (r) => r.id],
        ['version', (r) => `${r.version}${r.newest ? ' (new cases)' : ''}`],
        ['from', (r) => (r.origin === 'added' ? 'partnership' : 'release')],
        [
          'added by',
          (r) =>
            r.addedBy === null
              ? '-'
              : r.addedBy.kind === 'cli'
                ? 'command line'
                : (r.addedBy.name ?? r.addedBy.id),
        ],
        ['open cases', (r) => String(r.openCases)],
        ['stages', (r) => String(r.stages)],
        ['title', (r) => r.title],
      ]);
    });

  policy
    .command('add <file>')
    .description(
      "store a partnership's own policy file as a new version (validated first; open cases keep theirs)",
    )
    .action(async (file: string) => {
      const result = loadPolicyFile(file);
      if (!result.ok) {
        for (const error of result.errors)
          console.error(formatPolicyError({ ...error, file: error.file ?? file }));
        console.error(`escalate: ${file} was not added: put right the problems above`);
        process.exitCode = 1;
        return;
      }
      for (const warning of policyWarnings(result.policy)) {
        console.log(`warning: ${formatPath(warning.path)}: ${warning.message}`);
      }
      const added = await withStore(async (store) => {
        // a rule nobody in the partnership's directory fits (sectorHolders)
        for (const warning of await sectorHolderWarnings(store.db, result.policy)) {
          console.log(`warning: ${formatPath(warning.path)}: ${warning.message}`);
        }
        try {
          return await addPolicy(store.db, result.policy, {
            now: new Date().toISOString(),
            addedBy: 'cli',
          });
        } catch (error) {
          if (error instanceof PolicyRefused) {
            throw new UsageError(`${file} was not added:\n  ${error.problems.join('\n  ')}`);
          }
          throw error;
        }
      });
      console.log(
        added.outcome === 'added'
          ? `Added ${added.id} version ${added.version} for partnership ${added.partnership}: new cases under it are raised under this version; open cases stay on the version they started under.`
          : `Unchanged: ${added.id} version ${added.version} is already stored with this content.`,
      );
    });

  policy
    .command('show <id>')
    .description('a policy, normalised (a preset id or a policy file)')
    .option('--json', 'print JSON')
    .action((id: string, options: { json?: boolean }) => {
      const found = policyOrUsage(id);
      if (options.json) {
        console.log(JSON.stringify(found, null, 2));
        return;
      }
      console.log(
        `${found.title}\n${found.id} version ${found.version}, partnership ${found.partnership}, from ${found.document}\n`,
      );
      printRows(found.stages, false, [
        ['stage', (s) => String(found.stages.indexOf(s) + 1)],
        ['name', (s) => s.name],
        ['who', (s) => s.participants.roles.join(', ')],
        [
          'timescale',
          (s) =>
            s.timescale?.immediately
              ? 'immediately'
              : s.timescale?.hours
                ? `${s.timescale.hours} hours`
                : s.timescale?.workingDays
                  ? `${s.timescale.workingDays} working days`
                  : '-',
        ],
        ['source', (s) => s.source],
      ]);
    });

  policy
    .command('validate <file>')
    .description('check a policy file; every error with its field path and line')
    .action((file: string) => {
      let result: ReturnType<typeof loadPolicyFile>;
      try {
        result = loadPolicyFile(file);
      } catch (error) {
        throw new UsageError(
          `cannot read ${resolve(file)}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (result.ok) {
        console.log('valid');
        for (const warning of policyWarnings(result.policy)) {
          console.log(`warning: ${formatPath(warning.path)}: ${warning.message}`);
        }
        return;
      }
      for (const error of result.errors)
        console.error(formatPolicyError({ ...error, file: error.file ?? file }));
      process.exitCode = 1;
    });

  program
    .command('timeline')
    .description("each stage's start and due time from a start instant")
    .requiredOption('--policy <idOrFile>', 'a preset id or a policy file')
    .requiredOption('--start <iso>', 'when the disagreement is raised (ISO-8601)')
    .option('--calendar <calendar>', `one of ${CALENDARS.join(', ')} (default: the policy's)`)
    .option(
      '--urgent',
      'for a case with a child at immediate risk: the stages used only when urgent are worked, not passed over',
    )
    .option('--json', 'print JSON')
    .action(
      (options: {
        policy: string;
        start: string;
        calendar?: string;
        urgent?: boolean;
        json?: boolean;
      }) => {
        const found = policyOrUsage(options.policy);
        const calendar = calendarFor(parseCalendar(options.calendar, found.calendar));
        const result = timeline(found, parseStart(options.start), calendar, {
          urgent: options.urgent === true,
        });
        if (options.json) console.log(JSON.stringify(result, null, 2));
        else printTimeline(result);
      },
    );

  program
    .command('deadline')
    .description('the due time N working days after a start instant (17:00 Europe/London)')
    .requiredOption('--start <iso>', 'the start instant (ISO-8601)')
    .requiredOption('--working-days <n>', 'how many working days (1 or more)')
    .option('--calendar <calendar>', `one of ${CALENDARS.join(', ')}`, 'england-and-wales')
    .option('--json', 'print JSON')
    .action((options: { start: string; workingDays: string; calendar: string; json?: boolean }) => {
      const days = Number(options.workingDays);
      if (!Number.isInteger(days) || days < 1) {
        throw new UsageError(
          `--working-days: must be a whole number of 1 or more, not "${options.workingDays}"`,
        );
      }
      const dueAt = addWorkingDays(
        parseStart(options.start),
        days,
        calendarFor(parseCalendar(options.calendar, 'england-and-wales')),
      );
      console.log(options.json ? JSON.stringify({ dueAt }) : dueAt);
    });
}
