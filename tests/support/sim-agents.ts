/**
 * Simulated agents for the fault tests: real `ws` clients speaking the agent protocol, each with an
 * outbox that behaves like the real agent's (a report stays until the console acks that reportId;
 * everything unacked is sent again, oldest first, after every reconnect). Devices are seeded straight
 * into the console's database (the rows enrolment writes), so 1,000 agents start in a second.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { databaseFile, openDatabase } from '@safefleet/server';
import WebSocket from 'ws';

export interface Cred {
  id: string;
  secret: string;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export function seedDevices(dataDir: string, count: number): Cred[] {
  const database = openDatabase(databaseFile(dataDir));
  const creds: Cred[] = [];
  try {
    const insert = database.sqlite.prepare(
      `INSERT INTO devices (id, hostname, platform, secret_hash, agent_version, enrolled_at) VALUES (?, ?, 'linux', ?, '0.1.0', ?)`,
    );
    database.sqlite.transaction(() => {
      for (let i = 0; i < count; i++) {
        const cred = { id: randomUUID(), secret: randomBytes(24).toString('base64url') };
        insert.run(cred.id, `sim-${i}`, sha256(cred.secret), new Date().toISOString());
        creds.push(cred);
      }
    })();
  } finally {
    database.close();
  }
  return creds;
}

/** Valid facts of a compliant Linux laptop with `apps` installed apps (~11 KB at 150). */
export function simFacts(seed: number, at: Date, apps = 150): Record<string, unknown> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const t = at.getTime();
  return {
    collectedAt: iso(t),
    agentVersion: '0.1.0',
    os: { status: 'ok', platform: 'linux', distro: 'Debian GNU/Linux', release: '12', hostname: `sim-${seed}` },
    antivirus: {
      status: 'ok',
      products: [
        {
          name: 'Microsoft Defender for Endpoint',
          enabled: true,
          realTime: true,
          antispyware: true,
          signaturesUpToDate: true,
          signaturesUpdatedAt: iso(t - 86_400_000),
        },
      ],
    },
    updates: { status: 'ok', pendingCount: 0, securityPendingCount: 0, lastInstalledAt: iso(t - 2 * 86_400_000), source: 'apt', pending: [] },
    accounts: {
      status: 'ok',
      accounts: [{ username: 'keeper', isHuman: true, passwordLastSetAt: iso(t - 10 * 86_400_000), mustChangeAtNextLogin: false }],
    },
    apps: {
      status: 'ok',
      apps: Array.from({ length: apps }, (_, i) => ({ name: `pkg-${i}`, id: `pkg-${i}`, version: `1.${i}.${seed % 7}`, source: 'dpkg' })),
    },
    encryption: { status: 'ok', volumes: [{ mount: '/', encrypted: true, method: 'LUKS', isSystem: true }] },
    screenLock: { status: 'ok', users: [{ user: 'keeper', lockEnabled: true, idleSeconds: 300, source: 'gnome' }] },
  };
}

export class SimAgent {
  /** reportId → frame, in the order collected (a Map keeps insertion order). */
  readonly outbox = new Map<string, string>();
  readonly acked = new Set<string>();
  readonly produced: string[] = [];
  duplicateAcks = 0;
  errors: string[] = [];
  private ws: WebSocket | null = null;
  private ready = false;
  private stopped = false;
  private seq = 0;

  constructor(
    private readonly url: string,
    readonly cred: Cred,
    private readonly seed: number,
  ) {}

  get connected(): boolean {
    return this.ready;
  }

  connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(`${this.url.replace(/^http/, 'ws')}/ws/agent`, {
      headers: { authorization: `Bearer ${this.cred.id}.${this.cred.secret}` },
      perMessageDeflate: false,
      handshakeTimeout: 20_000,
    });
    this.ws = ws;
    // The hello of a current agent, which says it applies credential rotation (the console sends a
    // simulated agent's rotation like a real one's; the simulator itself does not store it).
    ws.on('open', () =>
      ws.send(
        JSON.stringify({
          type: 'hello',
          protocolVersion: 1,
          agentVersion: '0.1.0',
          hostname: `sim-${this.seed}`,
          platform: 'linux',
          credentialRotation: true,
        }),
      ),
    );
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; reportId?: string; duplicate?: boolean; message?: string };
      if (msg.type === 'hello') {
        this.ready = true;
        for (const frame of this.outbox.values()) ws.send(frame); // oldest first, like the agent's outbox
      } else if (msg.type === 'ack' && msg.reportId) {
        if (msg.duplicate) this.duplicateAcks++;
        this.outbox.delete(msg.reportId);
        this.acked.add(msg.reportId);
      } else if (msg.type === 'error') {
        this.errors.push(msg.message ?? '');
      }
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      this.ready = false;
      if (this.ws === ws && !this.stopped) setTimeout(() => this.connect(), 200 + Math.random() * 800);
    });
  }

  /** Collects one report: queued first, then sent if connected (as the agent does). */
  collect(at = new Date()): string {
    const reportId = randomUUID();
    const frame = JSON.stringify({ type: 'report', reportId, seq: ++this.seq, facts: simFacts(this.seed, at) });
    this.outbox.set(reportId, frame);
    this.produced.push(reportId);
    if (this.ready) this.ws?.send(frame);
    return reportId;
  }

  /** Sends what is queued again now (what the agent does on its retry timer). */
  resend(): void {
    if (!this.ready) return;
    for (const frame of this.outbox.values()) this.ws?.send(frame);
  }

  /** The raw socket, for tests that cut it in odd ways. */
  get socket(): WebSocket | null {
    return this.ws;
  }

  stop(): void {
    this.stopped = true;
    this.ready = false;
    this.ws?.terminate();
  }
}

export async function waitUntil(what: string, fn: () => boolean, timeoutMs: number, stepMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
