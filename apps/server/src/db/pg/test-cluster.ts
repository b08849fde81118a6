import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throw-away PostgreSQL cluster for tests: `initdb` into a temp folder, `postgres` on 127.0.0.1
 * on a free port (its unix socket in the same folder), trust authentication for loopback, settings
 * that trade durability for speed (fsync off: the cluster is deleted afterwards anyway), torn down
 * by `stop()`. Uses Debian's `postgresql` package (any version with initdb and postgres binaries).
 *
 * PostgreSQL refuses to run as root. When the tests run as root (CI does), initdb and postgres run
 * as the unprivileged `nobody` user through `setpriv` (util-linux), and the temp folder is given to
 * that user. Either way postgres gets a parent-death signal (setpriv --pdeathsig), so a test process
 * that dies without running its cleanup does not leave a server behind.
 *
 * One cluster per test file (start ~1-3 s); `createDatabase` gives each test its own database.
 */
export interface TestCluster {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The temp folder holding the data directory, the unix socket and the server log. */
  readonly dir: string;
  /** postgres://postgres@127.0.0.1:PORT/DATABASE (trust authentication, no password). */
  url(database?: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** The server's log so far (for failure messages). */
  log(): string;
  /** Stops the server (fast shutdown) and deletes the temp folder. Safe to call twice. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';

/**
 * The folder holding initdb and postgres: SAFEFLEET_PG_BINDIR, else `pg_config --bindir` when it
 * holds them, else the newest /usr/lib/postgresql/<version>/bin. Null when none is installed.
 */
export function findPostgresBinDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  if (env.SAFEFLEET_PG_BINDIR) return has(env.SAFEFLEET_PG_BINDIR) ? env.SAFEFLEET_PG_BINDIR : null;
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (dir && has(dir)) return dir;
  } catch {
    // pg_config missing (it comes with libpq-dev or postgresql): look in Debian's layout.
  }
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const dir = join(base, v, 'bin');
    if (has(dir)) return dir;
  }
  return null;
}

/** The uid/gid of `nobody` (from /etc/passwd; 65534 when it cannot be read). */
function nobodyIds(): { uid: number; gid: number } {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('nobody:'));
    const [, , uid, gid] = line?.split(':') ?? [];
    if (uid && gid) return { uid: Number(uid), gid: Number(gid) };
  } catch {
    // fall through
  }
  return { uid: 65534, gid: 65534 };
}

function hasSetpriv(): boolean {
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A command line that runs `file args` as the unprivileged user when we are root, with a parent-death signal. */
function asServerUser(file: string, args: string[], ids: { uid: number; gid: number } | null, setpriv: boolean): [string, string[]] {
  if (!setpriv) return [file, args];
  const drop = ids ? ['--reuid', String(ids.uid), '--regid', String(ids.gid), '--clear-groups'] : [];
  return ['setpriv', [...drop, '--pdeathsig', 'SIGINT', '--', file, ...args]];
}

/**
 * Temp folders left by a test process that was killed (SIGKILL runs no cleanup; its server stopped
 * on the parent-death signal): older than an hour and with no live server, they are deleted.
 */
function removeStaleClusters(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent).filter((n) => n.startsWith('safefleet-pg-'));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(parent, name);
    try {
      if (Date.now() - statSync(dir).mtimeMs < 3_600_000) continue;
      const pidFile = join(dir, 'data', 'postmaster.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
      if (pid > 0 && existsSync(`/proc/${pid}`)) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process is cleaning it up, or it is not ours to read: leave it.
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`database name "${name}": use lower-case letters, digits and _`);
  return `"${name}"`;
}

export async function startTestCluster(options: { timeoutMs?: number } = {}): Promise<TestCluster> {
  const bin = findPostgresBinDir();
  if (!bin) {
    throw new Error(
      'PostgreSQL is not installed: the PostgreSQL tests need the initdb and postgres programs ' +
        '(Debian: apt-get install postgresql; or set SAFEFLEET_PG_BINDIR to the folder holding them)',
    );
  }
  const root = process.getuid?.() === 0;
  const setpriv = hasSetpriv();
  if (root && !setpriv) throw new Error('running as root and setpriv (util-linux) is missing: PostgreSQL cannot run as root');
  const ids = root ? nobodyIds() : null;
  // /tmp rather than a root-only TMPDIR when the server runs as nobody: it must reach its folder.
  const parent = root ? '/tmp' : tmpdir();
  removeStaleClusters(parent);
  const dir = mkdtempSync(join(parent, 'safefleet-pg-'));
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const dataDir = join(dir, 'data');
  let child: ChildProcess | undefined;
  let output = '';
  let stopped = false;

  const cleanupSync = () => {
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanupSync);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', cleanupSync);
    const c = child;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise<void>((r) => c.once('exit', () => r()));
      // SIGINT: fast shutdown (disconnects clients, no checkpoint wait worth speaking of with fsync off).
      c.kill('SIGINT');
      const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const [initFile, initArgs] = asServerUser(
      join(bin, 'initdb'),
      ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      ids,
      setpriv,
    );
    try {
      execFileSync(initFile, initArgs, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    } catch (err) {
      const e = err as { stderr?: Buffer; stdout?: Buffer; message: string };
      throw new Error(`initdb failed: ${e.stderr?.toString() || e.stdout?.toString() || e.message}`);
    }

    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const settings = [
        `port=${port}`,
        'listen_addresses=127.0.0.1',
        `unix_socket_directories=${dir}`,
        'fsync=off',
        'synchronous_commit=off',
        'full_page_writes=off',
        'autovacuum=off',
        'max_connections=60',
        'shared_buffers=16MB',
        'log_min_messages=warning',
        'logging_collector=off',
      ];
      const [file, args] = asServerUser(join(bin, 'postgres'), ['-D', dataDir, ...settings.flatMap((s) => ['-c', s])], ids, setpriv);
      output = '';
      const proc = spawn(file, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
      child = proc;
      proc.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
      proc.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
      const ready = await waitReady(proc, port, deadline);
      if (ready === 'ready') {
        const url = (database = SUPERUSER) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
        return {
          host: '127.0.0.1',
          port,
          dir,
          url,
          log: () => output,
          stop,
          async createDatabase(name: string) {
            const client = new pg.Client({ connectionString: url() });
            await client.connect();
            try {
              await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
            } finally {
              await client.end();
            }
            return url(name);
          },
        };
      }
      // Another process took the port between our probe and postgres's bind: try another one.
      if (ready === 'exited' && /could not bind|Address already in use/i.test(output) && attempt < 5) continue;
      throw new Error(`PostgreSQL did not start (${ready}): ${output.trim().slice(-4000)}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Polls until the server accepts a connection, exits, or the deadline passes. */
async function waitReady(proc: ChildProcess, port: number, deadline: number): Promise<'ready' | 'exited' | 'timeout'> {
  let exited = false;
  proc.once('exit', () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) return 'exited';
    const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, database: SUPERUSER, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return 'ready';
    } catch {
      await client.end().catch(() => {});
      await sleep(50);
    }
  }
  if (exited) return 'exited';
  proc.kill('SIGKILL');
  return 'timeout';
}
