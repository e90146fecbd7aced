/** `npm run soak`: the long reliability runs, never part of `npm test` or CI. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/reliability/**/*.soak.ts'],
    testTimeout: 3 * 3600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
