/** A test console with alert options (small retry backoff, env settings), on a real SQLite file. */
import type { AlertsOptionsInput } from '../services/alerts/options.js';
import type { ServerConfig } from '../config.js';
import { createTestServer, type TestServer } from './harness.js';

export async function createAlertsTestServer(
  opts: { listen?: boolean; now?: () => Date; config?: Partial<ServerConfig>; alerts?: AlertsOptionsInput } = {},
): Promise<TestServer> {
  return createTestServer({
    ...(opts.listen !== undefined ? { listen: opts.listen } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    config: { publicUrl: 'https://console.example.org', ...opts.config },
    app: { alerts: { retry: { baseMs: 50, capMs: 200, maxAttempts: 30 }, ...opts.alerts } },
  });
}
