/**
 * The heap's sizes the server runs with (docs/operations.md "Memory"): the first line of
 * bin/escalate.js gives them to every `escalate` command, `npm start` (which runs `node` itself)
 * gives the same, and the operations guide names them. Each is read here from its file, so a
 * change to one that misses the others fails.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/repository.js';

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const heapFlags = (text: string) => text.match(/--max-(?:semi|old)-space-size=\d+/g) ?? [];

const shebang = read('bin/escalate.js').split('\n')[0] ?? '';

describe('the server runs with a bounded heap (docs/operations.md "Memory")', () => {
  it('escalate gives Node both heap sizes on its first line, through env -S', () => {
    expect(shebang).toMatch(/^#!\/usr\/bin\/env -S node /);
    expect(heapFlags(shebang)).toEqual(['--max-semi-space-size=4', '--max-old-space-size=512']);
  });

  it('npm start runs node with the same flags as escalate', () => {
    const start = JSON.parse(read('package.json')).scripts.start as string;
    expect(start).toMatch(/node --max-\S+ --max-\S+ bin\/escalate\.js start$/);
    expect(heapFlags(start)).toEqual(heapFlags(shebang));
  });

  it('the operations guide gives the same flags, in the command its Memory section shows first', () => {
    const guide = read('docs/operations.md');
    const section = guide.slice(guide.indexOf('## Memory'), guide.indexOf('## Stopping'));
    const command = /```sh\n([^`]*)```/.exec(section)?.[1] ?? '';
    expect(heapFlags(command)).toEqual(heapFlags(shebang));
  });

  it('escalate runs through its first line (the command is executable and env -S is understood)', async () => {
    const { stdout } = await promisify(execFile)(join(ROOT, 'bin', 'escalate.js'), ['--help'], {
      cwd: ROOT,
    });
    expect(stdout).toContain('Usage: escalate');
  });
});
