import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder with package.json), from src/ under Vitest or from dist/. */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('Cannot find the repository root (no package.json above this module)');
    dir = parent;
  }
  return dir;
}

export const ROOT = repositoryRoot();
export const VIEWS = join(ROOT, 'src', 'web', 'views');
export const PUBLIC = join(ROOT, 'src', 'web', 'public');
export const GOVUK = join(ROOT, 'node_modules', 'govuk-frontend', 'dist');
