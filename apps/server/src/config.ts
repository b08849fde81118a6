import { join, resolve } from 'node:path';

/** Everything the server needs to know at start. Built by the CLI from flags; tests build it directly. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Directory holding safefleet.db (created if missing). */
  dataDir: string;
  /**
   * URL agents and browsers use to reach this console (e.g. https://console.example.org).
   * When unset, the URL a request came in on is used (enrolment strings, wsUrl).
   */
  publicUrl?: string;
  /** Told to agents in ServerHello. */
  collectIntervalMinutes: number;
  /** node-cron pattern of the agent check-in job. */
  checkinCron: string;
  /** Raw reports kept per device; older ones are deleted during ingest. */
  reportRetention: number;
  /** Folder of single-file agent programs (npm run dist:agent output); default dist/agent in the repository. */
  agentDistDir?: string;
  /** How often manifest.json in agentDistDir is looked at for a newly published version. Default 10 s. */
  agentDistPollMs?: number;
}

export const DEFAULT_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './data',
  collectIntervalMinutes: 60,
  checkinCron: '* * * * *',
  reportRetention: 500,
};

export function resolveConfig(partial: Partial<ServerConfig> = {}): ServerConfig {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...defined };
  config.dataDir = resolve(config.dataDir);
  if (config.publicUrl) config.publicUrl = config.publicUrl.replace(/\/+$/, '');
  return config;
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'safefleet.db');
}
