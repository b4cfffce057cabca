import { defineConfig } from 'vitest/config';

/**
 * Browser tests: Node drives headless Chromium against the production build (dist/, built first by
 * `npm run test:e2e`). Files run one at a time (2 cores; training in the page is CPU-bound).
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/globalSetup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    retry: 0,
  },
});
