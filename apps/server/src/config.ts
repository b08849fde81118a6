import { isLoopbackHost } from './tls/certificate.js';
import { join, resolve } from 'node:path';
import type { DeviceLimitsOptions } from './ws/device-limits.js';

/** Everything the server needs to know at start. Built by the CLI from flags; tests build it directly. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Directory holding safefleet.db (created if missing). */
  dataDir: string;
  /**
   * URL agents and browsers use to reach this console (e.g. https://console.example.org).
   * Required off loopback. When unset (loopback only) the listening address is used; URLs handed to
   * agents are never built from a request's Host header.
   */
  publicUrl?: string;
  /** --tls-cert / --tls-key: PEM files to serve HTTPS with (else a generated certificate off loopback). */
  tlsCert?: string;
  tlsKey?: string;
  /** --tls-next-cert: the certificate (or public key) that will replace the provided one, announced to agents. */
  tlsNextCert?: string;
  /** --https: serve HTTPS on a loopback address too (off loopback it always does). */
  https?: boolean;
  /** --trust-proxy: address(es) of a TLS-terminating reverse proxy whose X-Forwarded-* headers are believed. */
  trustProxy?: string;
  /** /healthz fails when the data folder's disk has less free space than this (MB; default 100). */
  minFreeDiskMb?: number;
  /** Filled at start when the console serves HTTPS: the pins enrolment strings carry and agents are told. */
  tls?: { pin: string; nextPin?: string };
  /** Told to agents in ServerHello. */
  collectIntervalMinutes: number;
  /** node-cron pattern of the agent check-in job. */
  checkinCron: string;
  /**
   * SAFEFLEET_JOB_PERIOD_SECONDS, for tests and trials only: every scheduled job runs every N
   * seconds (N divides 60) instead of its own pattern. Unset in a real console.
   */
  jobPeriodSeconds?: number;
  /** Raw reports kept per device; older ones are deleted during ingest. */
  reportRetention: number;
  /** Raw reports older than this many days are deleted by the daily retention job (default 30; the count cap above also applies). */
  reportRetentionDays?: number;
  /** Daily snapshots older than this many days are deleted by the retention job (default 730, two years). */
  snapshotRetentionDays?: number;
  /** Device credentials are replaced over the live connection once this many days old (default 90). */
  credentialMaxAgeDays?: number;
  /** Raw report bytes kept per device (oldest deleted first; the latest report always stays). Default 64 MB. */
  reportBytesPerDevice?: number;
  /** Per-device message and byte allowances on /ws/agent (ws/device-limits.ts); defaults when unset. */
  deviceLimits?: Partial<DeviceLimitsOptions>;
  /** Requests per minute per client address on sign-in/enrolment/password change and on other writes; false: off. */
  rateLimit?: { signInPerMinute?: number; writesPerMinute?: number } | false;
  /**
   * Agent sockets are pinged this often; one that has not answered by the next ping (a half-open
   * connection) is dropped. Default 30 s.
   */
  agentHeartbeatMs?: number;
  /**
   * Agents' hellos and reports wait up to this many ms to share one transaction (one fsync) with
   * others; each is acked after that commit. Default 4 ms (services/group-commit.ts).
   */
  groupCommitMs?: number;
  /** Folder of single-file agent programs (npm run dist:agent output); default dist/agent in the repository. */
  agentDistDir?: string;
  /** How often manifest.json in agentDistDir is looked at for a newly published version. Default 10 s. */
  agentDistPollMs?: number;
  /**
   * --database / SAFEFLEET_DATABASE_URL: a PostgreSQL URL (parseDatabaseUrl). Unset: SQLite in
   * dataDir. Serving from PostgreSQL is not built yet: assertServableDatabase refuses it at start.
   */
  databaseUrl?: string;
  /**
   * --cluster sqlite / SAFEFLEET_CLUSTER=sqlite: several console processes serve from this data
   * folder; commands and live events cross between them (src/cluster). Unset: a single console.
   */
  cluster?: 'sqlite';
}

export const DEFAULT_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './data',
  collectIntervalMinutes: 60,
  checkinCron: '* * * * *',
  // Raw reports are kept for a short window only (a day at hourly collection): the latest facts,
  // the findings and the status history are kept separately (docs/performance.md, storage).
  reportRetention: 24,
};

export function resolveConfig(partial: Partial<ServerConfig> = {}): ServerConfig {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...defined };
  config.dataDir = resolve(config.dataDir);
  if (config.publicUrl) config.publicUrl = config.publicUrl.replace(/\/+$/, '');
  return config;
}

/** Serves HTTPS: off loopback always; on loopback with --https or a provided certificate. */
export function servesHttps(config: ServerConfig): boolean {
  return config.https === true || config.tlsCert !== undefined || !isLoopbackHost(config.host);
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'safefleet.db');
}

/**
 * A PostgreSQL connection URL as `--database`, `SAFEFLEET_DATABASE_URL` and `migrate --to` take it:
 * postgres[ql]://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?options] (HOST may instead be given as
 * ?host=/socket/folder). Returned unchanged; throws an Error in plain words otherwise. `source`
 * names the flag or variable in the message.
 */
export function parseDatabaseUrl(value: string, source: string): string {
  const example = 'e.g. postgres://safefleet@db.example.org:5432/safefleet';
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`${source} is not a URL: give a PostgreSQL URL, ${example}`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`${source} must be a postgres:// URL, ${example} (SQLite needs no URL: its file is DIR/safefleet.db under --data)`);
  }
  if (!url.hostname && !url.searchParams.get('host')) throw new Error(`${source} names no server: ${example}`);
  if (url.pathname.replace(/^\/+/, '') === '') throw new Error(`${source} names no database: ${example}`);
  if (url.port && !(Number(url.port) >= 1 && Number(url.port) <= 65_535)) throw new Error(`${source} has a bad port`);
  return value.trim();
}

/** Why `start` refuses a PostgreSQL URL today (docs/deployment.md, PostgreSQL). */
export const POSTGRES_SERVING_NOT_BUILT =
  'serving from PostgreSQL is not built yet: the console runs on SQLite (its file is DIR/safefleet.db under --data). ' +
  'Use `safefleet-server migrate --from DIR/safefleet.db --to postgres://…` to prepare a PostgreSQL database; ' +
  'see docs/deployment.md (PostgreSQL) for what works now.';

/** Throws when the configuration asks for a database the console cannot serve from. */
export function assertServableDatabase(config: Pick<ServerConfig, 'databaseUrl'>): void {
  if (config.databaseUrl !== undefined) throw new Error(POSTGRES_SERVING_NOT_BUILT);
}
