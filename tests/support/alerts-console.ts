import WebSocket from 'ws';
import { EnrollResponse, PROTOCOL_VERSION, ServerMessage, type FactsInput } from '@safefleet/protocol';
import { randomUUID } from 'node:crypto';
import { ADMIN_PASSWORD, ConsoleProcess } from './console.js';
import { freePort, serverBin, start, tempDir } from './processes.js';

/**
 * A real console process started with extra environment (SAFEFLEET_SMTP_URL, SAFEFLEET_DSL_EMAIL,
 * retry and cron knobs…) — the unattended set-up the alert tests need.
 */
export class EnvConsoleProcess extends ConsoleProcess {
  constructor(
    port: number,
    dataDir: string,
    readonly env: Record<string, string>,
  ) {
    super(port, dataDir);
  }

  static async createWithEnv(env: Record<string, string>): Promise<EnvConsoleProcess> {
    return new EnvConsoleProcess(await freePort(), tempDir('safefleet-console-'), env);
  }

  override async start(): Promise<void> {
    this.proc = start('console', serverBin, ['start', '--port', String(this.port), '--host', '127.0.0.1', '--data', this.dataDir], {
      SAFEFLEET_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...this.env,
    });
    await this.proc.waitFor(/Safefleet console listening on http:\/\/127\.0\.0\.1:\d+/, 30_000);
  }

  /** Enrols a device through the real HTTP endpoint with a fresh token. */
  async enrol(hostname: string): Promise<EnrollResponse> {
    const enrolment = await this.createEnrolmentString();
    const { token } = JSON.parse(Buffer.from(enrolment.slice('SFE1.'.length), 'base64url').toString()) as { token: string };
    const res = await fetch(`${this.url}/agent/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, hostname, platform: 'linux', agentVersion: 'e2e' }),
    });
    if (res.status !== 200) throw new Error(`enrol failed: ${res.status} ${await res.text()}`);
    return EnrollResponse.parse(await res.json());
  }
}

/**
 * An agent speaking the real protocol over a real WebSocket, sending facts the test chooses (no
 * catalogued app is installed on the test machine, so a real agent cannot report one).
 */
export class RawAgent {
  readonly received: ServerMessage[] = [];
  private seq = 0;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.received.push(ServerMessage.parse(JSON.parse(data.toString()))));
  }

  static async connect(creds: EnrollResponse, hostname: string): Promise<RawAgent> {
    const ws = new WebSocket(creds.wsUrl, { headers: { authorization: `Bearer ${creds.deviceId}.${creds.deviceSecret}` } });
    const agent = new RawAgent(ws);
    await new Promise<void>((res, rej) => {
      ws.once('open', () => res());
      ws.once('error', rej);
    });
    ws.send(JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, agentVersion: 'e2e', hostname, platform: 'linux' }));
    await agent.next((m) => m.type === 'hello');
    return agent;
  }

  async next(pred: (m: ServerMessage) => boolean, timeoutMs = 15_000): Promise<ServerMessage> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const i = this.received.findIndex(pred);
      if (i >= 0) return this.received.splice(i, 1)[0]!;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no matching message from the console; got ${JSON.stringify(this.received)}`);
  }

  /** Sends one report and waits for its ack. */
  async report(facts: FactsInput): Promise<void> {
    const reportId = randomUUID();
    this.ws.send(JSON.stringify({ type: 'report', reportId, seq: ++this.seq, facts }));
    await this.next((m) => m.type === 'ack' && m.reportId === reportId);
  }

  close(): void {
    this.ws.close();
  }
}

/** Protocol-valid facts of a Linux laptop that passes every check; groups can be replaced. */
export function laptopFacts(hostname: string, patch: Partial<FactsInput> = {}): FactsInput {
  const now = new Date();
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  return {
    collectedAt: now.toISOString(),
    agentVersion: 'e2e',
    os: { status: 'ok', platform: 'linux', distro: 'Debian GNU/Linux', release: '12', hostname },
    antivirus: {
      status: 'ok',
      products: [{ name: 'ClamAV', enabled: true, realTime: true, antispyware: true, signaturesUpToDate: true, signaturesUpdatedAt: ago(1) }],
    },
    updates: { status: 'ok', pendingCount: 0, securityPendingCount: 0, lastInstalledAt: ago(2), pending: [] },
    accounts: { status: 'ok', accounts: [{ username: 'sam', isHuman: true, passwordLastSetAt: ago(10), mustChangeAtNextLogin: false }] },
    apps: { status: 'ok', apps: [{ name: 'Firefox', id: 'firefox-esr', source: 'dpkg' }] },
    encryption: { status: 'ok', volumes: [{ mount: '/', encrypted: true, isSystem: true, method: 'LUKS' }] },
    screenLock: { status: 'ok', users: [{ user: 'sam', lockEnabled: true, idleSeconds: 300, source: 'gnome' }] },
    ...patch,
  };
}
