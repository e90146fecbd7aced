/**
 * The `escalate` command line (docs/architecture.md "Command line").
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config-error.js';
import { PolicyInvalidError } from '../policies/errors.js';
import { UsageError } from './errors.js';

type Register = (program: Command) => void;

/**
 * Each command's module, in the order `escalate --help` lists them, under the names it adds.
 * Only the module of the command being run is loaded: `escalate policy show` needs the policy
 * files, not the web server, PDF writer or directory import, and loading every module cost each
 * run about a second of CPU before it did anything.
 */
export const MODULES: { names: string[]; load: () => Promise<Register> }[] = [
  {
    names: ['serve', 'start'],
    load: async () => (await import('./serve.js')).registerServeCommands,
  },
  { names: ['db'], load: async () => (await import('./db.js')).registerDatabaseCommands },
  {
    names: ['people', 'agencies', 'directory', 'token'],
    load: async () => (await import('./directory.js')).registerDirectoryCommands,
  },
  { names: ['audit'], load: async () => (await import('./audit.js')).registerAuditCommands },
  { names: ['demo'], load: async () => (await import('./demo.js')).registerDemoCommands },
  {
    names: ['policy', 'timeline', 'deadline'],
    load: async () => (await import('./policy.js')).registerPolicyCommands,
  },
  {
    names: ['calendar'],
    load: async () => (await import('./calendar.js')).registerCalendarCommands,
  },
  {
    names: ['backup', 'restore'],
    load: async () => (await import('./backup.js')).registerBackupCommands,
  },
  { names: ['openapi'], load: async () => (await import('./openapi.js')).registerOpenApiCommands },
  { names: ['outbox'], load: async () => (await import('./outbox.js')).registerOutboxCommands },
  { names: ['record'], load: async () => (await import('./record.js')).registerRecordCommands },
  { names: ['report'], load: async () => (await import('./report.js')).registerReportCommands },
  {
    names: ['password'],
    load: async () => (await import('./password.js')).registerPasswordCommands,
  },
  { names: ['export'], load: async () => (await import('./export.js')).registerExportCommands },
  { names: ['totp'], load: async () => (await import('./totp.js')).registerTotpCommands },
  {
    names: ['retention'],
    load: async () => (await import('./retention.js')).registerRetentionCommands,
  },
];

/**
 * The program with the commands `argv` can run: the one module that adds the command named
 * first, or, for `--help`, no command or a name nobody adds, every module (so help lists them
 * all and a mistyped name gets commander's "unknown command" with its suggestion).
 */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command('escalate')
    .description("Resolve professional disagreements about a child's safety between agencies.")
    .showHelpAfterError()
    .exitOverride();
  const named = argv[2];
  const one = MODULES.find((module) => named !== undefined && module.names.includes(named));
  for (const module of one ? [one] : MODULES) (await module.load())(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (
      error instanceof ConfigError ||
      error instanceof UsageError ||
      error instanceof PolicyInvalidError
    ) {
      console.error(`escalate: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
