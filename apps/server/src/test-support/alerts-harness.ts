/** A test console with alert options (small retry backoff, env settings), on a real SQLite file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { AlertsOptionsInput } from '../alerts/index.js';
import { buildApp } from '../app.js';
import { databaseFile, resolveConfig, type ServerConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import type { TestServer } from './harness.js';

export async function createAlertsTestServer(
  opts: { listen?: boolean; now?: () => Date; config?: Partial<ServerConfig>; alerts?: AlertsOptionsInput } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'safefleet-alerts-test-'));
  const config = resolveConfig({ dataDir: dir, port: 0, publicUrl: 'https://console.example.org', ...opts.config });
  const database = openDatabase(databaseFile(dir));
  const app = await buildApp({
    db: database,
    config,
    alerts: { retry: { baseMs: 50, capMs: 200, maxAttempts: 30 }, ...opts.alerts },
    ...(opts.now ? { now: opts.now } : {}),
  });
  let url = '';
  if (opts.listen) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  } else {
    await app.ready();
  }
  return {
    app,
    database,
    dir,
    url,
    async close() {
      await app.close();
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
