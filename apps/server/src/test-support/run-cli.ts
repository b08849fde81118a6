import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The console's CLI source and the package folder it runs from (through tsx: no build needed). */
export const CLI_SOURCE = fileURLToPath(new URL('../cli.ts', import.meta.url));
export const SERVER_PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `safefleet-server ARGS` as a real process. The environment is this process's, with
 * SAFEFLEET_ADMIN_PASSWORD cleared (a first start prints its own), then `env` on top.
 */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI_SOURCE, ...args], {
    cwd: SERVER_PACKAGE_DIR,
    env: { ...process.env, SAFEFLEET_ADMIN_PASSWORD: '', ...env },
  });
}

/** Runs the CLI to its end with `stdin` (empty by default) and collects what it printed. */
export function runCli(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options.env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin?.end(options.stdin ?? '');
  });
}
