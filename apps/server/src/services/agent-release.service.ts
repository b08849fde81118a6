/**
 * The single-file agent programs this console serves and tells its agents about.
 *
 * `npm run dist:agent` (apps/agent/packaging) writes a release folder: programs, SHA256SUMS and
 * manifest.json. The console reads the folder given by --agent-dist (default: dist/agent in the
 * repository), checks every program against the manifest (size, SHA-256) and every signature
 * against its release key, and serves only what passed. It looks at manifest.json again every few
 * seconds: a new version is "published" by writing it there, and connected agents are told at once.
 *
 * The release key: the public half in <data>/release-key/release-key.pub (where dist:agent keeps
 * it by default); without that file the manifest's own key is used and the log says so.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgentRelease, agentReleaseStatement, type AgentReleaseFile, type AgentUpdateStatus, type ServerHello } from '@safefleet/protocol';
import type { AgentRegistry } from '../ws/agent-registry.js';
import { read, transaction, type ServiceContext } from './context.js';

export interface PublishedRelease {
  version: string;
  builtAt: string;
  node: string;
  dir: string;
  /** Programs that passed every check, by file name. */
  files: Map<string, AgentReleaseFile>;
  /** Programs named in the manifest that were not served, and why. */
  refused: { file: string; why: string }[];
}

/** dist/agent in the repository this console runs from (apps/server/dist/services → ../../../../dist/agent). */
export function defaultAgentDistDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'dist', 'agent');
}

export const RELEASE_KEY_DIR = 'release-key';
export const RELEASE_PUBLIC_KEY_FILE = 'release-key.pub';

function sha256File(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolvePromise(h.digest('hex')));
  });
}

export class AgentReleaseService {
  readonly distDir: string;
  private current: PublishedRelease | undefined;
  private manifestMtime = -1;
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<boolean> | undefined;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly registry: AgentRegistry,
  ) {
    this.distDir = resolve(ctx.config.agentDistDir ?? defaultAgentDistDir());
  }

  /** Load the release folder now, then look for a newer manifest every `agentDistPollMs`. */
  async start(): Promise<void> {
    await this.reload();
    const every = this.ctx.config.agentDistPollMs ?? 10_000;
    this.timer = setInterval(() => void this.reload(), every);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The release key agents must trust (SPKI DER base64), or undefined when there is none. */
  updateKey(): string | undefined {
    const file = join(this.ctx.config.dataDir, RELEASE_KEY_DIR, RELEASE_PUBLIC_KEY_FILE);
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    if (this.manifestKey === undefined) {
      // Not loaded yet (e.g. `token create` from the CLI): read the key from manifest.json.
      try {
        const m = AgentRelease.safeParse(JSON.parse(readFileSync(join(this.distDir, 'manifest.json'), 'utf8')));
        if (m.success) this.manifestKey = m.data.publicKey;
      } catch {
        /* no release folder: no key */
      }
    }
    return this.manifestKey;
  }

  private manifestKey: string | undefined;

  release(): PublishedRelease | undefined {
    return this.current;
  }

  isHeld(): boolean {
    return read(this.ctx).agentRelease.getHold()?.hold ?? false;
  }

  /** What ServerHello says about updates; undefined when this console serves no programs. */
  helloInfo(): ServerHello['agentRelease'] {
    const r = this.current;
    return r && r.files.size > 0 ? { version: r.version, hold: this.isHeld() } : undefined;
  }

  /** Hold (or release) agent updates fleet-wide; connected agents are told at once. */
  setHold(hold: boolean, actor: string): void {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      r.agentRelease.putHold(hold, at, actor);
      r.audit.append(at, { actor, action: hold ? 'agent-updates.held' : 'agent-updates.released', target: null, detail: null });
    });
    this.announce();
  }

  /** An agent's update state (from hello or an update-status message). */
  recordStatus(deviceId: string, status: AgentUpdateStatus): void {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) =>
      r.devices.update(deviceId, {
        updateState: status.state,
        updateVersion: status.version ?? null,
        updateDetail: status.detail ?? null,
        updateAt: at,
      }),
    );
  }

  /** Tell every connected agent the current version and hold. */
  announce(): void {
    const info = this.helloInfo();
    if (!info) return;
    for (const id of this.registry.connectedIds()) this.registry.send(id, { type: 'agent-release', ...info });
  }

  /** Read manifest.json again if it changed; true when the published version changed. */
  reload(): Promise<boolean> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<boolean> {
    const manifestFile = join(this.distDir, 'manifest.json');
    const st = await stat(manifestFile).catch(() => undefined);
    if (!st) {
      if (this.current) this.ctx.log.warn({ dir: this.distDir }, 'agent programs: manifest.json is gone; serving none');
      const had = this.current !== undefined;
      this.current = undefined;
      this.manifestMtime = -1;
      return had;
    }
    if (st.mtimeMs === this.manifestMtime) return false;
    this.manifestMtime = st.mtimeMs;
    const before = this.current?.version;
    try {
      const manifest = AgentRelease.parse(JSON.parse(await readFile(manifestFile, 'utf8')));
      this.manifestKey = manifest.publicKey;
      const trusted = this.updateKey()!;
      if (trusted !== manifest.publicKey) {
        this.ctx.log.warn(
          { dir: this.distDir },
          "agent programs: manifest.json was signed with another release key than this console's; serving none",
        );
        this.current = undefined;
        return before !== undefined;
      }
      if (!existsSync(join(this.ctx.config.dataDir, RELEASE_KEY_DIR, RELEASE_PUBLIC_KEY_FILE))) {
        this.ctx.log.info(
          { dir: this.distDir },
          `agent programs: no ${RELEASE_KEY_DIR}/${RELEASE_PUBLIC_KEY_FILE} in the data folder; trusting the key in manifest.json`,
        );
      }
      const key: KeyObject = createPublicKey({ key: Buffer.from(trusted, 'base64'), format: 'der', type: 'spki' });
      const files = new Map<string, AgentReleaseFile>();
      const refused: PublishedRelease['refused'] = [];
      for (const f of manifest.files) {
        const why = await this.check(manifest.version, f, key);
        if (why) refused.push({ file: f.file, why });
        else files.set(f.file, f);
      }
      for (const r of refused) this.ctx.log.warn({ file: r.file }, `agent programs: not serving ${r.file}: ${r.why}`);
      this.current = { version: manifest.version, builtAt: manifest.builtAt, node: manifest.node, dir: this.distDir, files, refused };
      this.ctx.log.info({ dir: this.distDir }, `agent programs: serving version ${manifest.version} (${[...files.keys()].join(', ') || 'none'})`);
    } catch (err) {
      this.ctx.log.warn({ err, dir: this.distDir }, 'agent programs: manifest.json could not be read; serving none');
      this.current = undefined;
    }
    const changed = this.current?.version !== before;
    if (changed) this.announce();
    return changed;
  }

  private async check(version: string, f: AgentReleaseFile, key: KeyObject): Promise<string | undefined> {
    if (!verify(null, Buffer.from(agentReleaseStatement({ version, ...f }), 'utf8'), key, Buffer.from(f.signature, 'base64'))) {
      return 'its signature does not verify';
    }
    const path = join(this.distDir, f.file);
    const st = await stat(path).catch(() => undefined);
    if (!st) return 'the file is missing';
    if (st.size !== f.size) return `it is ${st.size} bytes, the manifest says ${f.size}`;
    if ((await sha256File(path)) !== f.sha256) return 'its SHA-256 does not match the manifest';
    return undefined;
  }
}
