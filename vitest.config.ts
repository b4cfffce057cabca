import { defineConfig } from 'vitest/config';

/** Unit tests: beside the code (src/, scripts/, the bench's helpers), on the tfjs cpu backend in Node (registered by src/ml/nodeRuntime.ts). */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['src/ml/nodeRuntime.ts'],
  },
});
