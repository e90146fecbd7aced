/**
 * `escalate password set --email E`: sets a person's password, read from standard input (never
 * from the command line, where it would land in the shell history and the process list).
 */
import type { Command } from 'commander';
import { PasswordRefused, setPassword } from '../services/passwords.js';
import { UnknownPersonError } from '../services/tokens.js';
import { withStore } from './context.js';
import { UsageError } from './errors.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerPasswordCommands(program: Command): void {
  program
    .command('password')
    .description('sign-in passwords')
    .command('set')
    .description("set a person's password, read from standard input")
    .requiredOption('--email <email>', 'the person')
    .action(async (options: { email: string }) => {
      const password = await readStdin();
      await withStore(async (store) => {
        try {
          await setPassword(store.db, options.email, password);
        } catch (error) {
          if (error instanceof PasswordRefused || error instanceof UnknownPersonError)
            throw new UsageError(error.message);
          throw error;
        }
      });
      console.log(`Password set for ${options.email}.`);
    });
}
