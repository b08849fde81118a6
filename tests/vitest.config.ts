import { defineConfig } from 'vitest/config';

// End-to-end tests start real server and agent processes on 127.0.0.1; run files one at a time.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts', 'faults/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
