import {
  FACT_GROUPS,
  Facts,
  LIMITS,
  AccountsFacts,
  AntivirusFacts,
  AppsFacts,
  EncryptionFacts,
  OsFacts,
  ScreenLockFacts,
  UpdatesFacts,
  type FactGroup,
  type FactsInput,
} from '@safefleet/protocol';
import { createLocalHost, type Host, type HostPlatform } from '../exec/index.js';
import { isNotAvailable, REGISTRY } from './registry.js';
import type { CollectContext, GroupInput, PlatformTable } from './types.js';

export { REGISTRY, PLATFORMS } from './registry.js';
export type { CollectContext, Collector, GroupInput } from './types.js';

export interface CollectOptions {
  /** The machine to read; the real one by default. */
  host?: Host;
  /** The agent's state directory (first-seen dates of pending updates). */
  stateDir?: string;
  agentVersion: string;
  now?: Date;
  /** Longest one group may take before it is reported as an error. Default 3 minutes. */
  groupTimeoutMs?: number;
}

/** The bit of a zod schema collectAll needs (kept structural so the agent does not import zod). */
interface GroupSchema {
  safeParse(
    v: unknown,
  ): { success: true } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

const SCHEMAS: Record<FactGroup, GroupSchema> = {
  os: OsFacts,
  antivirus: AntivirusFacts,
  updates: UpdatesFacts,
  accounts: AccountsFacts,
  apps: AppsFacts,
  encryption: EncryptionFacts,
  screenLock: ScreenLockFacts,
};

/**
 * Run every fact group (in parallel: they only read) and return a validated report. Never
 * throws: a collector that fails becomes `{ status: 'error', error }`, and a group that does not
 * match its schema becomes an error for that group only.
 */
export function collectAll(opts: CollectOptions): Promise<Facts> {
  return collectFrom(REGISTRY, opts);
}

export type CollectorTable = { [G in FactGroup]: PlatformTable<G> };

/** collectAll with a given registry table (tests use it to plug in failing collectors). */
export async function collectFrom(table: CollectorTable, opts: CollectOptions): Promise<Facts> {
  const host = opts.host ?? createLocalHost();
  const now = opts.now ?? new Date();
  const ctx: CollectContext = { host, now, ...(opts.stateDir ? { stateDir: opts.stateDir } : {}) };
  const timeoutMs = opts.groupTimeoutMs ?? 180_000;

  const entries = await Promise.all(FACT_GROUPS.map(async (g) => [g, await runGroup(table, g, ctx, timeoutMs)] as const));
  const report: FactsInput = {
    collectedAt: now.toISOString(),
    agentVersion: opts.agentVersion.slice(0, LIMITS.maxString),
    ...(Object.fromEntries(entries) as Pick<FactsInput, FactGroup>),
  };
  return Facts.parse(report);
}

async function runGroup<G extends FactGroup>(table: CollectorTable, group: G, ctx: CollectContext, timeoutMs: number): Promise<GroupInput<G>> {
  const platform = ctx.host.platform;
  const entry = (table[group] as PlatformTable<G>)[platform];
  if (isNotAvailable(entry)) return failedGroup(group, platform, 'unsupported', entry.unsupported);
  let raw: GroupInput<G>;
  try {
    raw = await withTimeout(entry(ctx), timeoutMs, `The ${group} collector took longer than ${duration(timeoutMs)} and was given up`);
  } catch (e) {
    const message = e instanceof GroupTimeout ? e.message : `The ${group} collector failed: ${e instanceof Error ? e.message : String(e)}`;
    return failedGroup(group, platform, 'error', message);
  }
  const parsed = SCHEMAS[group].safeParse(raw);
  if (parsed.success) return raw;
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.map(String).join('.') || '(group)'}: ${issue.message}` : 'unknown problem';
  return failedGroup(group, platform, 'error', `The ${group} facts did not match the protocol (${where})`);
}

function failedGroup<G extends FactGroup>(group: G, platform: HostPlatform, status: 'error' | 'unsupported', message: string): GroupInput<G> {
  const base = { status, error: message.slice(0, LIMITS.maxErrorMessage) };
  // The os group always names its platform, even when nothing else could be read.
  return (group === 'os' ? { ...base, platform } : base) as GroupInput<G>;
}

class GroupTimeout extends Error {}

const duration = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GroupTimeout(message)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
