import { defineConfig } from 'vitest/config';

// Pure logic only (CSV, filters, trend maths): no DOM needed.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
