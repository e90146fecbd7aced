import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from './load.js';
import { presetsDirectory } from './presets.js';

const docs = readFileSync(join(dirname(presetsDirectory()), 'docs', 'policies.md'), 'utf8');

describe('docs/policies.md', () => {
  it('has an annotated example policy that validates', () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(example).toBeDefined();
    const result = parsePolicy(example ?? '', 'docs/policies.md');
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});
