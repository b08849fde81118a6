import { freePort, type Proc, run, serverBin, start, tempDir } from './processes.js';

export const ADMIN_PASSWORD = 'correct-horse-battery-e2e';

/** A real console process on 127.0.0.1 with its own data dir. */
export class ConsoleProcess {
  proc!: Proc;
  readonly url: string;
  constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async create(): Promise<ConsoleProcess> {
    return new ConsoleProcess(await freePort(), tempDir('safefleet-console-'));
  }

  async start(env: Record<string, string> = {}): Promise<void> {
    this.proc = start('console', serverBin, ['start', '--port', String(this.port), '--host', '127.0.0.1', '--data', this.dataDir], {
      SAFEFLEET_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...env,
    });
    await this.proc.waitFor(/Safefleet console listening on http:\/\/127\.0\.0\.1:\d+/, 30_000);
  }

  async stop(): Promise<void> {
    await this.proc.stop();
  }

  async createEnrolmentString(uses = 1): Promise<string> {
    const r = await run(serverBin, ['token', 'create', '--data', this.dataDir, '--uses', String(uses), '--url', this.url]);
    if (r.code !== 0) throw new Error(`token create failed: ${r.stderr}`);
    return r.stdout.trim();
  }

  /** Logs in as the first-start admin and returns a fetch bound to the session cookie. */
  async login(email = 'admin@localhost', password = ADMIN_PASSWORD): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    // Every cookie the console set (the session and the known-browser cookie), as a browser would send them.
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return (path, init = {}) => fetch(`${this.url}${path}`, { ...init, headers: { ...(init.headers ?? {}), cookie } });
  }
}
