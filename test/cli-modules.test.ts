/**
 * `escalate` loads only the module of the command it runs (src/cli/main.ts): each module must be
 * listed under exactly the command names it adds, or its commands would be "unknown" when run.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, MODULES } from '../src/cli/main.js';

const namesOf = (program: Command) => program.commands.map((command) => command.name());

describe('the command line loads one module per command', () => {
  it('lists each module under the names it adds, and no name twice', async () => {
    for (const module of MODULES) {
      const program = new Command('escalate');
      (await module.load())(program);
      expect(namesOf(program)).toEqual(module.names);
    }
    const names = MODULES.flatMap((module) => module.names);
    expect(new Set(names).size).toBe(names.length);
  });

  it('adds only the named command’s module; every module for help, no command or an unknown one', async () => {
    const all = MODULES.flatMap((module) => module.names);
    expect(namesOf(await buildProgram(['node', 'escalate', 'timeline']))).toEqual([
      'policy',
      'timeline',
      'deadline',
    ]);
    expect(namesOf(await buildProgram(['node', 'escalate', 'restore', 'x.db']))).toEqual([
      'backup',
      'restore',
    ]);
    for (const argv of [[], ['--help'], ['polcy', 'list']])
      expect(namesOf(await buildProgram(['node', 'escalate', ...argv]))).toEqual(all);
  });
});
