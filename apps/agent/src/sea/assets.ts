/**
 * The bundles a single-file program carries as SEA assets (packaging/dist-agent.mjs makes them):
 *   run.cjs    `run`, the long-running service (./run.ts), with run.cache: V8's compiled form of it
 *   cli.cjs    every other command and the collectors (./cli.ts)
 * and how the main script (./main.ts) loads them: as CommonJS modules that require only Node's own
 * modules.
 */
import type { Facts } from '@safefleet/protocol';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import type { CollectOptions } from '../collectors/index.js';

export const ASSET = { run: 'run.cjs', runCache: 'run.cache', cli: 'cli.cjs' } as const;

export interface CliBundle {
  runCli(): void;
  collectAll(opts: CollectOptions): Promise<Facts>;
}
export interface RunBundle {
  runCli(): void;
}

/** The CommonJS wrapper around a bundle; the code cache is made for exactly this text. */
export function wrapBundle(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

/**
 * Evaluate a bundle. With `cachedData` (made by the same Node with the same V8 flags) V8 skips
 * parsing and compiling what the cache holds; a cache that does not fit is ignored, quietly.
 */
export function evaluateBundle<T>(source: string, name: string, cachedData?: Buffer): { exports: T; script: Script } {
  const script = new Script(wrapBundle(source), {
    filename: `${process.execPath}/${name}`,
    ...(cachedData ? { cachedData } : {}),
  });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as T };
  wrapper(module.exports, createRequire(process.execPath), module, process.execPath, dirname(process.execPath));
  return { exports: module.exports, script };
}

interface SeaModule {
  getAsset(key: string, encoding: string): string;
  /** The asset in the program's own memory, not copied. */
  getRawAsset(key: string): ArrayBuffer;
}
function sea(): SeaModule {
  return createRequire(process.execPath)('node:sea') as SeaModule;
}

let cli: CliBundle | undefined;

/** The whole CLI, evaluated once. */
export function loadCli(): CliBundle {
  cli ??= evaluateBundle<CliBundle>(sea().getAsset(ASSET.cli, 'utf8'), ASSET.cli).exports;
  return cli;
}

/** `run` with its code cache. */
export function loadRun(): RunBundle {
  const s = sea();
  return evaluateBundle<RunBundle>(s.getAsset(ASSET.run, 'utf8'), ASSET.run, Buffer.from(s.getRawAsset(ASSET.runCache))).exports;
}
