/**
 * First-seen tracking for pending updates: how long has each update been waiting on this device?
 * The agent keeps `${stateDir}/pending-updates.json`, a map "name version" → ISO date first seen.
 * This is the agent's own state file, not a fact read from the machine, so it uses node:fs
 * directly rather than the Host.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PendingUpdate } from '@safefleet/protocol';
import type { PendingPackage } from './linux.parse.js';

export const FIRST_SEEN_FILE = 'pending-updates.json';

export type FirstSeenMap = Record<string, string>;

export const firstSeenKey = (p: { name: string; version?: string }) => `${p.name} ${p.version ?? ''}`.trimEnd();

/**
 * Pure: give every pending update its first-seen date (from `previous`, else `now`), drop
 * entries that are no longer pending, and find the oldest pending security update.
 */
export function mergeFirstSeen(
  previous: FirstSeenMap,
  pending: PendingPackage[],
  now: Date,
): { map: FirstSeenMap; pending: PendingUpdate[]; oldestSecurityPendingSince: string | null } {
  const nowIso = now.toISOString();
  const map: FirstSeenMap = {};
  let oldest: string | null = null;
  const out = pending.map((p) => {
    const key = firstSeenKey(p);
    const seen = previous[key] ?? nowIso;
    map[key] = seen;
    if (p.security && (oldest === null || Date.parse(seen) < Date.parse(oldest))) oldest = seen;
    return { name: p.name, version: p.version, security: p.security, firstSeenAt: seen };
  });
  return { map, pending: out, oldestSecurityPendingSince: oldest };
}

/** Pure: keep only well-formed entries of a state file's JSON (a corrupt file starts afresh). */
export function parseFirstSeenFile(text: string | null): FirstSeenMap {
  if (!text) return {};
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return {};
  const map: FirstSeenMap = {};
  for (const [k, v] of Object.entries(doc)) {
    if (typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /T/.test(v)) map[k] = new Date(v).toISOString();
  }
  return map;
}

export async function loadFirstSeen(stateDir: string): Promise<FirstSeenMap> {
  const text = await readFile(join(stateDir, FIRST_SEEN_FILE), 'utf8').catch(() => null);
  return parseFirstSeenFile(text);
}

/** Write atomically: a temporary file in the same directory, then rename over the old one. */
export async function saveFirstSeen(stateDir: string, map: FirstSeenMap): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const target = join(stateDir, FIRST_SEEN_FILE);
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const sorted = Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.localeCompare(b)));
  try {
    await writeFile(tmp, `${JSON.stringify(sorted, null, 1)}\n`, { mode: 0o600 });
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
