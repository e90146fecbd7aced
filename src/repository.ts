/**
 * The repository's root folder (the one with package.json), where the policies, the templates,
 * the built files and node_modules are found. Worked out from this module's own place, so it
 * is the same whether the code runs from src/ (Vitest), dist/ (tsc's output) or dist/bundle/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('Cannot find the repository root (no package.json above this module)');
    dir = parent;
  }
  return dir;
}

/** Found once: the repository does not move while a process runs. */
export const ROOT = repositoryRoot();
