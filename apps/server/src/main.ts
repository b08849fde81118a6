import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { AlertsOptionsInput } from './services/alerts/options.js';
import { buildApp } from './app.js';
import { databaseFile, type ServerConfig } from './config.js';
import { openDatabase, type AppDatabase } from './db/client.js';
import type { FirstAdminResult } from './services/users.service.js';

export interface RunningServer {
  app: FastifyInstance;
  database: AppDatabase;
  /** http://host:port with the real port (port 0 picks a free one). */
  url: string;
  firstAdmin: FirstAdminResult;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: FastifyServerOptions['logger'];
  /** Password for admin@localhost on first start (else a random one is generated). */
  adminPassword?: string;
  /** Run node-cron jobs (default true). */
  scheduler?: boolean;
  /** Alert settings from the environment, retry backoff, job patterns (see alertsOptionsFromEnv). */
  alerts?: AlertsOptionsInput;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Opens the database, makes sure an admin exists, builds the app and listens. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const database = openDatabase(databaseFile(config.dataDir));
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({
      db: database,
      config,
      logger: options.logger ?? false,
      scheduler: options.scheduler ?? true,
      ...(options.alerts ? { alerts: options.alerts } : {}),
    });
    const firstAdmin = await app.services.users.ensureFirstAdmin(options.adminPassword);
    await app.listen({ host: config.host, port: config.port });
    const port = (app.server.address() as AddressInfo).port;
    const url = `http://${hostForUrl(config.host)}:${port}`;
    let closing: Promise<void> | undefined;
    const running: RunningServer = {
      app,
      database,
      url,
      firstAdmin,
      close() {
        // Agents' sockets are closed with 1001 by the websocket plugin's preClose, then HTTP, then the DB.
        closing ??= (async () => {
          try {
            await running.app.close();
          } finally {
            database.close();
          }
        })();
        return closing;
      },
    };
    return running;
  } catch (err) {
    await app?.close().catch(() => {});
    database.close();
    throw err;
  }
}

/** Closes the server on SIGINT/SIGTERM (a second signal exits at once). */
export function closeOnSignals(server: RunningServer, onClosed: (err?: unknown) => void): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => onClosed(),
      (err: unknown) => onClosed(err),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
