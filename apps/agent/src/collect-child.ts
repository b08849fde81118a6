/**
 * Runs one full collection in a short-lived child process (`safefleet-agent collect --json`).
 *
 * Why: the long-running agent then never loads the collectors, systeminformation or the command
 * output they hold, so it stays small between collections (docs/performance.md), and a collector
 * that hangs or crashes takes down only the child. The caller validates the result with the
 * protocol's Facts schema before anything is queued (Agent.collectOnce).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CollectOptions } from './collectors/index.js';
import { agentLaunchArgs, isSingleFile } from './runtime.js';

/** The agent's CLI entry, next to dist/ (this file compiles to dist/collect-child.js). */
export const AGENT_BIN = fileURLToPath(new URL('../bin/safefleet-agent.js', import.meta.url));

export { AGENT_NODE_FLAGS } from './runtime.js';

export interface ChildCollectOptions {
  /** Longest a collection may take before the child is stopped. Default 10 minutes. */
  timeoutMs?: number;
  /** Largest output accepted from the child. Default 64 MiB. */
  maxBytes?: number;
  /** Program and leading arguments; the agent's own CLI by default. */
  command?: { file: string; args: string[] };
}

export class ChildCollectError extends Error {}

/** Collect in a child process; resolves with the parsed JSON it printed, or rejects with a plain reason. */
export function collectInChild(opts: CollectOptions, child: ChildCollectOptions = {}): Promise<unknown> {
  const timeoutMs = child.timeoutMs ?? 10 * 60_000;
  const maxBytes = child.maxBytes ?? 64 * 1024 * 1024;
  const [file, ...lead] = agentLaunchArgs({ node: process.execPath, bin: isSingleFile() ? null : AGENT_BIN });
  const base = child.command ?? { file: file!, args: lead };
  const args = [...base.args, 'collect', '--json', ...(opts.stateDir ? ['--state', opts.stateDir] : [])];

  return new Promise((resolve, reject) => {
    const proc = spawn(base.file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const out: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failed: string | undefined;
    const fail = (why: string) => {
      failed ??= why;
      proc.kill('SIGKILL');
    };
    const timer = setTimeout(() => fail(`the collection took longer than ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
    proc.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(`the collection printed more than ${maxBytes} bytes`);
      else out.push(chunk);
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4_000) stderr += chunk.toString('utf8');
    });
    proc.on('error', (err) => fail(`the collector process could not start (${err.message})`));
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failed) return reject(new ChildCollectError(failed));
      if (code !== 0) {
        const detail = stderr.trim().split('\n').slice(-3).join(' ') || `signal ${signal ?? 'none'}`;
        return reject(new ChildCollectError(`the collector process exited with code ${code}: ${detail}`));
      }
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')));
      } catch {
        reject(new ChildCollectError('the collector process printed something that is not JSON'));
      }
    });
  });
}
