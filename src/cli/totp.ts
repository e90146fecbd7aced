/**
 * `escalate totp reset --email E`: for an administrator, when someone has lost their
 * authenticator app. Their app is forgotten and their sessions end; at their next sign-in they set
 * up a new one if their role requires it (or may, from their account page, if it does not).
 * Check who is asking before running it: this is what stands between a lost phone and an account.
 */
import type { Command } from 'commander';
import { resetSecondFactor } from '../services/second-factor.js';
import { UnknownPersonError } from '../services/tokens.js';
import { withStore } from './context.js';
import { UsageError } from './errors.js';

export function registerTotpCommands(program: Command): void {
  program
    .command('totp')
    .description('authenticator apps (the second factor at sign-in)')
    .command('reset')
    .description("forget a person's authenticator app (lost or replaced) and end their sessions")
    .requiredOption('--email <email>', 'the person')
    .action(async (options: { email: string }) => {
      const removed = await withStore(async (store) => {
        try {
          return await resetSecondFactor(store.db, options.email);
        } catch (error) {
          if (error instanceof UnknownPersonError) throw new UsageError(error.message);
          throw error;
        }
      });
      console.log(
        removed
          ? `Authenticator app removed for ${options.email}; their sessions have ended. They set up a new one at their next sign-in if their role requires it.`
          : `${options.email} had no authenticator app; nothing to reset. Their sessions have ended.`,
      );
    });
}
