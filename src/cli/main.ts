/**
 * The `escalate` command line (docs/architecture.md "Command line").
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { PolicyInvalidError } from '../policies/index.js';
import { registerAuditCommands } from './audit.js';
import { registerBackupCommands } from './backup.js';
import { registerCalendarCommands } from './calendar.js';
import { registerDatabaseCommands } from './db.js';
import { registerDemoCommands } from './demo.js';
import { registerDirectoryCommands } from './directory.js';
import { UsageError } from './errors.js';
import { registerExportCommands } from './export.js';
import { registerOpenApiCommands } from './openapi.js';
import { registerOutboxCommands } from './outbox.js';
import { registerPasswordCommands } from './password.js';
import { registerPolicyCommands } from './policy.js';
import { registerRecordCommands } from './record.js';
import { registerReportCommands } from './report.js';
import { registerRetentionCommands } from './retention.js';
import { registerServeCommands } from './serve.js';
import { registerTotpCommands } from './totp.js';

export function buildProgram(): Command {
  const program = new Command('escalate')
    .description("Resolve professional disagreements about a child's safety between agencies.")
    .showHelpAfterError()
    .exitOverride();
  registerServeCommands(program);
  registerDatabaseCommands(program);
  registerDirectoryCommands(program);
  registerAuditCommands(program);
  registerDemoCommands(program);
  registerPolicyCommands(program);
  registerCalendarCommands(program);
  registerBackupCommands(program);
  registerOpenApiCommands(program);
  registerOutboxCommands(program);
  registerRecordCommands(program);
  registerReportCommands(program);
  registerPasswordCommands(program);
  registerExportCommands(program);
  registerTotpCommands(program);
  registerRetentionCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
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
