import { defineConfig } from 'vitest/config';

// Several tests start real processes (the CLI, a console, the single-file program): on a loaded
// 2-core machine a start-up alone can pass vitest's 5 s default, so the bound is wider here.
export default defineConfig({
  test: { include: ['src/**/*.test.ts', 'packaging/**/*.test.ts'], testTimeout: 30_000 },
});
