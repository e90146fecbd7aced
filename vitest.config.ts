import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Time-outs only stop a hung test; they are generous so a loaded machine cannot fail a sound one.
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
