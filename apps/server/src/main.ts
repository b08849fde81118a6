import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { AlertsOptionsInput } from './services/alerts/options.js';
import { buildApp } from './app.js';
import { databaseFile, servesHttps, type ServerConfig } from './config.js';
import { openDatabase, type AppDatabase } from './db/client.js';
import type { FirstAdminResult } from './services/users.service.js';
import { isLoopbackHost, loadTlsIdentity, readNextCertificate, writePinsFile, type TlsIdentity } from './tls/certificate.js';

export interface RunningServer {
  app: FastifyInstance;
  database: AppDatabase;
  /** http(s)://host:port with the real port (port 0 picks a free one). */
  url: string;
  /** The certificate served when the console speaks HTTPS. */
  tls?: TlsIdentity;
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

/** How often the console looks for a new next certificate to announce (`tls rotate` while running). */
const NEXT_CERT_CHECK_MS = 60_000;

/** Checks the flags that decide how agents and browsers reach the console. Throws with the fix. */
export function checkTransportConfig(config: ServerConfig): void {
  if (!isLoopbackHost(config.host) && !config.publicUrl) {
    throw new Error(
      `--public-url is required when the console listens on ${config.host}: it is the address agents, emails and ` +
        'browsers are given (e.g. --public-url https://console.example.org:8080); it is never taken from a request',
    );
  }
  if (servesHttps(config) && config.publicUrl?.startsWith('http:')) {
    throw new Error(`the console serves HTTPS here, so --public-url must start with https:// (got ${config.publicUrl})`);
  }
}

/** Opens the database, makes sure an admin exists, builds the app and listens. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  checkTransportConfig(config);
  let tls: TlsIdentity | undefined;
  if (servesHttps(config)) {
    const names = [config.host, ...(config.publicUrl ? [new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, '')] : [])];
    tls = await loadTlsIdentity({
      dataDir: config.dataDir,
      ...(config.tlsCert ? { certFile: config.tlsCert } : {}),
      ...(config.tlsKey ? { keyFile: config.tlsKey } : {}),
      names,
    });
    const next = readNextCertificate(config.dataDir, config.tlsNextCert);
    config.tls = { pin: tls.pin, ...(next && next.pin !== tls.pin ? { nextPin: next.pin } : {}) };
  } else {
    config.tls = undefined;
  }
  const database = openDatabase(databaseFile(config.dataDir));
  writePinsFile(config.dataDir, config.tls);
  let app: FastifyInstance | undefined;
  let nextCertTimer: NodeJS.Timeout | undefined;
  try {
    app = await buildApp({
      db: database,
      config,
      logger: options.logger ?? false,
      scheduler: options.scheduler ?? true,
      ...(tls ? { https: { cert: tls.cert, key: tls.key } } : {}),
      ...(options.alerts ? { alerts: options.alerts } : {}),
    });
    const firstAdmin = await app.services.users.ensureFirstAdmin(options.adminPassword);
    // A deep accept queue: after a console restart every agent reconnects within seconds (the kernel
    // caps it at net.core.somaxconn).
    await app.listen({ host: config.host, port: config.port, backlog: 4096 });
    const port = (app.server.address() as AddressInfo).port;
    const url = `${tls ? 'https' : 'http'}://${hostForUrl(config.host)}:${port}`;
    if (tls) {
      app.log.info(
        {
          certificate: tls.source === 'provided' ? tls.certFile : `${tls.source} ${tls.certFile}`,
          pin: tls.pin,
          validTo: tls.notAfter,
          nextPin: config.tls?.nextPin,
        },
        'serving HTTPS; enrolment strings carry this certificate pin',
      );
      // `safefleet-server tls rotate` while the console runs: tell connected agents the next pin.
      const started = app;
      nextCertTimer = setInterval(() => {
        try {
          const next = readNextCertificate(config.dataDir, config.tlsNextCert);
          if (!config.tls || !next || next.pin === config.tls.nextPin || next.pin === config.tls.pin) return;
          config.tls.nextPin = next.pin;
          writePinsFile(config.dataDir, config.tls);
          const told = started.services.registry.broadcast({ type: 'next-pin', pin: next.pin });
          started.log.info({ nextPin: next.pin, agents: told }, 'announced the next certificate to connected agents');
        } catch (err) {
          started.log.warn({ err }, 'could not read the next certificate');
        }
      }, NEXT_CERT_CHECK_MS);
      nextCertTimer.unref();
    }
    let closing: Promise<void> | undefined;
    const running: RunningServer = {
      app,
      database,
      url,
      ...(tls ? { tls } : {}),
      firstAdmin,
      close() {
        if (nextCertTimer) clearInterval(nextCertTimer);
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
    if (nextCertTimer) clearInterval(nextCertTimer);
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
