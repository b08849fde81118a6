import { z } from 'zod';
import { IsoDateTime, ShortString } from '../facts/common.js';

/**
 * Single-file agent programs: what `npm run dist:agent` writes (dist/agent/manifest.json), what the
 * console serves at GET /downloads/agent/manifest.json, and what an agent checks before it installs
 * an update. Browser-safe: no crypto here, only shapes and the exact text that is signed.
 */

/** Programs built per release. darwin-arm64 Macs run darwin-x64 under Rosetta. */
export const AGENT_TARGETS = ['linux-x64', 'linux-arm64', 'win-x64', 'darwin-x64'] as const;
export const AgentTarget = z.enum(AGENT_TARGETS);
export type AgentTarget = z.infer<typeof AgentTarget>;

/** The target whose program runs on this OS and CPU, or undefined (e.g. 32-bit, FreeBSD). */
export function agentTargetFor(platform: string, arch: string): AgentTarget | undefined {
  if (platform === 'linux' && (arch === 'x64' || arch === 'arm64')) return `linux-${arch}`;
  if (platform === 'win32' && arch === 'x64') return 'win-x64';
  if (platform === 'darwin' && (arch === 'x64' || arch === 'arm64')) return 'darwin-x64';
  return undefined;
}

/** The program's file name for a target, as served at /downloads/agent/<file>. */
export function agentFileName(target: AgentTarget): string {
  return target === 'win-x64' ? `safefleet-agent-${target}.exe` : `safefleet-agent-${target}`;
}

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
/** Ed25519 signature, base64 (64 bytes). */
const Ed25519Signature = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);
/** Semver-like: 1.2.3 or 1.2.3-beta.1; no spaces, no path characters. */
export const AgentVersion = z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]{1,40})?$/);

export const AgentReleaseFile = z.object({
  target: AgentTarget,
  file: z.string().regex(/^safefleet-agent-[a-z0-9-]+(\.exe)?$/),
  size: z.number().int().positive(),
  sha256: Sha256Hex,
  /** Ed25519 over agentReleaseStatement(version, target, size, sha256), base64. */
  signature: Ed25519Signature,
});
export type AgentReleaseFile = z.infer<typeof AgentReleaseFile>;

export const AgentRelease = z.object({
  product: z.literal('safefleet-agent'),
  version: AgentVersion,
  builtAt: IsoDateTime,
  /** The Node.js runtime the programs are built on, e.g. 22.23.3. */
  node: ShortString,
  /** The release public key (Ed25519, SPKI DER, base64): the enrolment string's updateKey. */
  publicKey: z.string().min(40).max(200),
  files: z.array(AgentReleaseFile).min(1).max(AGENT_TARGETS.length),
});
export type AgentRelease = z.infer<typeof AgentRelease>;

/**
 * The exact bytes that are signed for one program. Naming version and target stops a signed
 * program from being replayed as another version or onto another OS.
 */
export function agentReleaseStatement(f: { version: string; target: string; size: number; sha256: string }): string {
  return `safefleet-agent release\nversion ${f.version}\ntarget ${f.target}\nsize ${f.size}\nsha256 ${f.sha256}\n`;
}

/** Where an agent stands with updates, as shown per device in the console. */
export const UPDATE_STATES = [
  /** Running the console's current version. */
  'current',
  /** A newer version is being fetched and checked. */
  'downloading',
  /** Swapped in; waiting for the new version to connect (rolled back after 10 minutes). */
  'restarting',
  /** The new version did not connect in time; the previous one was put back. */
  'rolled-back',
  /** The download was refused (size, SHA-256 or signature) or could not be installed. */
  'failed',
  /** The IT lead holds updates fleet-wide. */
  'held',
  /** Not a single-file program (e.g. run from a repository with node): updates by hand. */
  'manual',
] as const;
export const UpdateState = z.enum(UPDATE_STATES);
export type UpdateState = z.infer<typeof UpdateState>;

export const AgentUpdateStatus = z.object({
  state: UpdateState,
  /** The version being installed, or refused. */
  version: AgentVersion.optional(),
  /** Plain words: why it failed, or what it is doing. */
  detail: z.string().max(500).optional(),
});
export type AgentUpdateStatus = z.infer<typeof AgentUpdateStatus>;

/** GET /api/agent-release: what this console serves, for the Enrol devices page and the hold switch. */
export const AgentReleaseInfo = z.object({
  /** Null when the console serves no programs (run `npm run dist:agent`). */
  version: AgentVersion.nullable(),
  builtAt: IsoDateTime.nullable(),
  /** Where the programs are downloaded from, e.g. https://console.example.org/downloads/agent. */
  downloadsUrl: z.string(),
  files: z.array(AgentReleaseFile.pick({ target: true, file: true, size: true, sha256: true })),
  /** Programs in the release folder that are not served, and why (e.g. a wrong SHA-256). */
  refused: z.array(z.object({ file: ShortString, why: ShortString })),
  hold: z.boolean(),
});
export type AgentReleaseInfo = z.infer<typeof AgentReleaseInfo>;

/** PUT /api/agent-release/hold (IT lead). */
export const SetAgentUpdateHold = z.object({ hold: z.boolean() });
export type SetAgentUpdateHold = z.infer<typeof SetAgentUpdateHold>;

/** Per device in the console: the agent's last update state, when it said so. */
export const DeviceAgentUpdate = AgentUpdateStatus.extend({ at: IsoDateTime });
export type DeviceAgentUpdate = z.infer<typeof DeviceAgentUpdate>;
