import { defineConfig } from 'vitest/config';

// Many server tests start a real console, real WebSocket clients, a real SMTP server or the fuzzers:
// on a loaded 2-core machine one of them can pass vitest's 5 s default, so the bound is wider here.
export default defineConfig({
  test: { testTimeout: 20_000, hookTimeout: 30_000 },
});
