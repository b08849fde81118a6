import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console server (apps/server) serves dist/ and answers /api, /ws, /healthz and /agent.
// In development `npx vite` proxies those to a console on 127.0.0.1:8080 (SAFEFLEET_CONSOLE overrides).
const target = process.env.SAFEFLEET_CONSOLE ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  // Maps are written for local debugging without a reference in the bundle; the console never serves them.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: 'hidden' },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target, changeOrigin: false },
      '/healthz': { target },
      '/agent': { target },
      '/ws': { target: target.replace(/^http/, 'ws'), ws: true },
    },
  },
});
